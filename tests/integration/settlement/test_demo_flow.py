"""The demo's customs and settlement flow end to end on SQLite: everything declared, lots loaded
and sealed, payments recorded and allocated, every output written — and the same again on a
second run, with no new rows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pinxiang.bootstrap import App, bootstrap
from pinxiang.config import Settings
from pinxiang.persistence.schema import Base
from pinxiang.services.consolidation import plan_shipments
from pinxiang.services.demo_flow import run_customs_and_settlement
from pinxiang.services.importing import import_file
from tests.builders import order, small_rows, workbook
from tests.integration.customs.flow import FAST


@pytest.fixture
def sqlite_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[App]:
    import pinxiang.documents.declarations as documents

    monkeypatch.setattr(documents, "find_cjk_font", lambda *a: None)  # fast PDFs
    a = bootstrap(Settings(database_url=f"sqlite:///{tmp_path / 'demo.db'}", time_limit_s=0.2))
    yield a
    a.engine.dispose()


def two_buyers(tmp_path: Path) -> Path:
    """B1 buys in SH-T1 and SH-T2 (one payment for both), B2 in SH-T2."""
    rows = small_rows()
    b2 = {**rows["buyers"][0], "code": "B2", "name": "Javier Ruiz", "nationality": "ES",
          "id_document": "X7654321", "company": "Bazar Ruiz S.L.", "country": "ES"}  # fmt: skip
    rows["buyers"].append(b2)
    rows["shipments"].append({**rows["shipments"][0], "ref": "SH-T2", "buyers": "B1,B2"})
    rows["orders"] += [
        order(1, shipment="SH-T2", order_no="PO-2", sku="SKU-9", unit_price=Decimal(2)),
        order(1, shipment="SH-T2", buyer="B2", order_no="PO-3", merchant="M2", sku="H-5",
              name_zh="锤子", name_en="Hammer", hs_code="8205200000", unit_price=Decimal("3.10")),
    ]  # fmt: skip
    return workbook(tmp_path / "day.xlsx", rows)


def table_rows(app: App) -> dict[str, int]:
    with app.new_uow() as uow:
        return {
            t.name: uow.session.scalar(select(func.count()).select_from(t)) or 0
            for t in Base.metadata.sorted_tables
        }


def texts(out: Path) -> dict[str, str]:
    files = [*out.glob("declarations/*.json"), *out.glob("settlement/*.csv")]
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in files}


def test_the_demo_flow_declares_loads_settles_and_is_idempotent(
    sqlite_app: App, tmp_path: Path, now: datetime
) -> None:
    app = sqlite_app
    out = tmp_path / "out"
    import_file(two_buyers(tmp_path), app.new_uow, now)
    plan_shipments(app.new_uow, FAST, now)

    first = run_customs_and_settlement(app, out, now, seed=1)
    assert first["declarations"] == 3  # SH-T1: B1; SH-T2: B1 and B2, all in USD
    assert first["receipts"] == 2 and first["review_queue"] == 0
    assert first["received"] == {"EUR": "685.71", "USD": "1380.00"}
    assert first["allocated"] == {"USD": "2124.00"}  # B1 for both shipments, B2 at the bank rate
    assert first["value_usd"] == "2124.00" and first["over_collected"] == {}
    assert first["paid_out"] == {"USD": "2124.00"}  # every merchant's USD balance paid out
    assert first["receipts_mode_3"] == 0  # no fully paid shared declaration in this data
    assert first["lot_states"].get("sealed", 0) + first["lots_held"] == 3
    assert (out / "settlement" / "statements").is_dir()
    assert len(list(out.glob("settlement/merchants/*.pdf"))) == 2
    assert len(list(out.glob("settlement/buyers/*.xlsx"))) == 2
    assert list(out.glob("settlement/vat-exempt-2026-12.*"))
    rows, files = table_rows(app), texts(out)

    again = run_customs_and_settlement(app, out, now, seed=1)
    assert again == first
    assert table_rows(app) == rows
    assert texts(out) == files
