"""Declaring stored shipments: lists, declarations under the cap, merging, blocked lines,
filings, the trace and the documents — on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pinxiang.bootstrap import App
from pinxiang.customs import PartyNotOnFile
from pinxiang.persistence.customs_tables import (
    DeclarationLineRow,
    DeclarationRow,
    DeclarationTraceRow,
    FilingRow,
    ListLineRow,
    TransactionListRow,
)
from pinxiang.services import declarations as decl_service
from tests.builders import order, small_rows

from .flow import big_rows, on_file


def counts(app: App) -> dict[str, int]:
    with app.new_uow() as uow:
        return {
            t.__tablename__: uow.session.scalar(select(func.count()).select_from(t)) or 0
            for t in (
                TransactionListRow,
                ListLineRow,
                DeclarationRow,
                DeclarationLineRow,
                DeclarationTraceRow,
            )
        }


def test_a_shipment_over_the_cap_needs_two_declarations_the_smaller_merges_and_again_adds_none(
    app: App, tmp_path: Path, now: datetime
) -> None:
    on_file(app, tmp_path, now, big_rows())
    report = decl_service.declare_shipment(app.new_uow, "SH-T1", now)

    big, small = report.declarations
    assert (big.ref, big.total_usd, big.lines) == ("SH-T1-D01", Decimal(148000), 1)
    assert small.ref == "SH-T1-D02" and small.total_usd == Decimal("4200.00")
    assert (small.lines, small.list_lines) == (6, 7)  # top 5 kinds + chapter 95 merged
    assert report.blocked == ()
    with app.new_uow() as uow:
        merged = uow.session.scalars(
            select(DeclarationLineRow).where(DeclarationLineRow.merged.is_(True))
        ).all()
        assert [(m.code_ts, m.decl_total, len(m.sources)) for m in merged] == [
            ("9505900000", Decimal(600), 2)
        ]
    assert counts(app)["declaration_trace"] == 8

    before = counts(app)
    again = decl_service.declare_shipment(app.new_uow, "SH-T1", now)  # the draft is replaced
    assert counts(app) == before
    assert again.declarations == report.declarations


def test_a_blocked_item_is_reported_with_its_rule_and_the_rest_is_declared(
    app: App, tmp_path: Path, now: datetime
) -> None:
    rows = small_rows()
    rows["orders"].append(
        order(4, sku="G-4", name_zh="气枪", name_en="Air gun", hs_code="9304000000", cartons=1)
    )
    on_file(app, tmp_path, now, rows)
    report = decl_service.declare_shipment(app.new_uow, "SH-T1", now)

    [blocked] = report.blocked
    assert (blocked.line_ref, blocked.rule_id) == ("PO-1-M1/3", "arms")
    assert "blocked by rule 'arms'" in blocked.message
    [decl] = report.declarations
    assert decl.list_lines == 3  # the three lawful lines
    with app.new_uow() as uow:
        row = uow.session.scalar(select(ListLineRow).where(ListLineRow.ref == "PO-1-M1/3"))
        assert row is not None and row.blocked_rule == "arms"


def test_a_party_not_on_file_is_refused_and_nothing_is_written(
    app: App, tmp_path: Path, now: datetime
) -> None:
    on_file(app, tmp_path, now)
    with app.new_uow() as uow:
        uow.session.execute(FilingRow.__table__.delete().where(FilingRow.party_code == "B1"))
        uow.commit()
    with pytest.raises(PartyNotOnFile, match="buyer 'B1' is not on file"):
        decl_service.declare_shipment(app.new_uow, "SH-T1", now)
    assert set(counts(app).values()) == {0}


def test_documents_are_written_per_declaration_and_per_shipment(
    app: App, tmp_path: Path, now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pinxiang.documents.declarations as documents

    monkeypatch.setattr(documents, "find_cjk_font", lambda *a: None)  # fast PDFs
    on_file(app, tmp_path, now)
    decl_service.declare_shipment(app.new_uow, "SH-T1", now)
    paths = decl_service.write_declaration_documents(app.new_uow, tmp_path / "out")
    names = sorted(p.name for p in paths)
    assert names == ["SH-T1-D01.json", "SH-T1-D01.pdf", "SH-T1.xlsx"]
    doc = json.loads((tmp_path / "out" / "declarations" / "SH-T1-D01.json").read_text())
    assert doc["decHead"]["tradeMode"] == "1039"
    assert doc["decHead"]["noteS"] == "Ahmed Al Mansoori/AE/P1234567"
    assert sorted(doc["pinxiang"]["trace"]) == ["PO-1-M1/1", "PO-1-M1/2", "PO-1-M2/1"]
