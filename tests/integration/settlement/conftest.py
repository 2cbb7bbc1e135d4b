"""Shared fixture of the settlement integration tests."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from pinxiang.bootstrap import App
from pinxiang.services import declarations as decl_service
from pinxiang.services import settlement as settle
from tests.builders import order, small_rows
from tests.integration.customs.flow import on_file

USD_ACCT = "33050161234500000789"
EUR_ACCT = "33050161234500000456"


@pytest.fixture
def declared(app: App, tmp_path: Path, now: datetime) -> App:
    """Buyer B1 in two shipments: SH-T1 (USD 900.00, merchants M1 and M2) and SH-T2 (USD
    480.00, M1), both declared; a USD and a EUR collecting account."""
    rows = small_rows()
    rows["shipments"].append({**rows["shipments"][0], "ref": "SH-T2"})
    rows["orders"].append(
        order(1, shipment="SH-T2", order_no="PO-2", sku="SKU-9", unit_price=Decimal(2))
    )
    on_file(app, tmp_path, now, rows)
    for ref in ("SH-T1", "SH-T2"):
        decl_service.declare_shipment(app.new_uow, ref, now)
    settle.register_bank_account(app.new_uow, USD_ACCT, "USD", "ZJ Bank", "Operator")
    settle.register_bank_account(app.new_uow, EUR_ACCT, "EUR", "ZJ Bank", "Operator")
    return app
