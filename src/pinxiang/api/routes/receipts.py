from __future__ import annotations

from fastapi import APIRouter

from pinxiang.api import schemas
from pinxiang.api.deps import ApiCaller, StateDep, allow
from pinxiang.services import receiving

router = APIRouter(prefix="/api/v1/receipts", tags=["receipts"])


def receipt_json(r: receiving.RecordedReceipt) -> schemas.Receipt:
    return schemas.Receipt(
        lot_no=r.lot_no,
        order_line_ref=r.order_line_ref,
        cartons=r.cartons,
        received_at=r.received_at,
        location=r.location,
        discrepancies=[
            schemas.Discrepancy(
                field=d.field, declared=d.declared, measured=d.measured, message=d.message
            )
            for d in r.discrepancies
        ],
    )


@router.post("", status_code=201, responses={422: {"model": schemas.Error}})
def record_receipt(
    body: schemas.ReceiptRequest, caller: ApiCaller, state: StateDep
) -> schemas.Receipt:
    """Record a lot of cartons as measured at the gate; discrepancies with the declared carton."""
    allow(caller, "receive")
    cmd = receiving.ReceiveCartons(**body.model_dump())
    return receipt_json(receiving.record_receipt(state.new_uow, cmd, state.clock()))
