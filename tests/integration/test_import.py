"""Importing orders, packing lists and receipts: all or nothing, idempotent, and every problem
told with file, sheet, row, column, the bad value and what is expected."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from pinxiang.bootstrap import App
from pinxiang.importing.problems import ImportRejected
from pinxiang.persistence.tables import OrderLineRow, ReceiptRow
from pinxiang.services import views
from pinxiang.services.importing import import_file
from tests.builders import csv_table, order, receipt, small_rows, workbook


def counts(app: App) -> dict[str, int]:
    with app.new_uow() as uow:
        return views.counts(uow)


def rejected(app: App, path: Path, now: datetime) -> list[str]:
    before = counts(app)
    with pytest.raises(ImportRejected) as exc:
        import_file(path, app.new_uow, now)
    assert counts(app) == before, "a rejected import must change nothing"
    return [str(p) for p in exc.value.problems]


def test_a_valid_workbook_is_imported_with_every_table(app: App, tmp_path: Path, now) -> None:
    report = import_file(workbook(tmp_path / "orders.xlsx"), app.new_uow, now)
    assert report.inserted == 2 + 1 + 1 + 3 + 1 + 3 + 3
    c = counts(app)
    assert (c["merchants"], c["buyers"], c["order_lines"], c["receipts"]) == (2, 1, 3, 3)


def test_importing_the_same_file_twice_adds_nothing(app: App, tmp_path: Path, now) -> None:
    path = workbook(tmp_path / "orders.xlsx")
    import_file(path, app.new_uow, now)
    before = counts(app)
    again = import_file(path, app.new_uow, now)
    assert (again.inserted, again.updated) == (0, 0)
    assert counts(app) == before


def test_a_changed_price_updates_the_line_in_place(app: App, tmp_path: Path, now) -> None:
    import_file(workbook(tmp_path / "a.xlsx"), app.new_uow, now)
    rows = small_rows()
    rows["orders"][0]["unit_price"] = Decimal("1.30")
    report = import_file(workbook(tmp_path / "b.xlsx", rows), app.new_uow, now)
    assert (report.inserted, report.updated) == (0, 1)
    with app.new_uow() as uow:
        line = uow.session.scalars(select(OrderLineRow).where(OrderLineRow.ref == "PO-1-1")).one()
        assert line.unit_price == Decimal("1.30")


def test_money_and_times_survive_the_database_exactly(app: App, tmp_path: Path, now) -> None:
    rows = small_rows()
    rows["orders"][0]["unit_price"] = Decimal("0.0725")
    import_file(workbook(tmp_path / "a.xlsx", rows), app.new_uow, now)
    with app.new_uow() as uow:
        line = uow.session.scalars(select(OrderLineRow).where(OrderLineRow.ref == "PO-1-1")).one()
        assert line.unit_price == Decimal("0.0725")
        lot = uow.session.scalars(select(ReceiptRow).where(ReceiptRow.lot_no == "LOT-1")).one()
        assert lot.received_at.tzinfo is not None
        assert lot.received_at == rows["receipts"][0]["received_at"]


def test_missing_column_is_named_with_how_to_fix_it(app: App, tmp_path: Path, now) -> None:
    path = workbook(tmp_path / "orders.xlsx")
    wb = load_workbook(path)
    ws = wb["Orders 订单"]
    ws.delete_cols(12)  # Quantity 数量
    wb.save(path)
    assert rejected(app, path, now) == [
        "orders.xlsx, sheet 'Orders 订单', row 1, column '数量 Quantity': missing column "
        "'数量 Quantity'; add a column headed 'Quantity' or '数量' (run `pinxiang template` "
        "for a blank workbook)"
    ]


def test_non_numeric_carton_size_is_refused(app: App, tmp_path: Path, now) -> None:
    rows = small_rows()
    rows["orders"][1]["length_cm"] = "45cm"
    assert rejected(app, workbook(tmp_path / "orders.xlsx", rows), now) == [
        "orders.xlsx, sheet 'Orders 订单', row 3, column '箱长cm Carton length cm (Q)': "
        "expected number greater than 0 (got '45cm')"
    ]


def test_negative_quantity_is_refused(app: App, tmp_path: Path, now) -> None:
    rows = small_rows()
    rows["orders"][0]["quantity"] = -5
    assert rejected(app, workbook(tmp_path / "orders.xlsx", rows), now) == [
        "orders.xlsx, sheet 'Orders 订单', row 2, column '数量 Quantity (L)': "
        "expected whole number greater than 0 (got -5)"
    ]


def test_unknown_hs_code_is_refused(app: App, tmp_path: Path, now) -> None:
    rows = small_rows()
    rows["orders"][2]["hs_code"] = "9999999900"
    assert rejected(app, workbook(tmp_path / "orders.xlsx", rows), now) == [
        "orders.xlsx, sheet 'Orders 订单', row 4, column '海关编码 HS code (I)': unknown HS code: "
        "99999999 is not in China's 2023 tariff nomenclature; check the code with the merchant "
        "or the declarant (got '9999999900')"
    ]


def test_hs_code_of_wrong_length_is_refused(app: App, tmp_path: Path, now) -> None:
    rows = small_rows()
    rows["orders"][0]["hs_code"] = "95030"
    [msg] = rejected(app, workbook(tmp_path / "orders.xlsx", rows), now)
    assert "must be exactly 10 digits" in msg and "row 2" in msg


def test_duplicate_carton_id_is_refused(app: App, tmp_path: Path, now) -> None:
    rows = small_rows()
    rows["receipts"][2]["lot_no"] = "LOT-1"
    assert rejected(app, workbook(tmp_path / "orders.xlsx", rows), now) == [
        "orders.xlsx, sheet 'Receipts 入库', row 4, column 'lot no (carton id)': duplicate lot no "
        "(carton id): already on row 2; each must appear once (got 'LOT-1')"
    ]


def test_wrong_sheet_is_refused(app: App, tmp_path: Path, now) -> None:
    path = workbook(tmp_path / "orders.xlsx")
    wb = load_workbook(path)
    ws = wb.create_sheet("Invoice")
    ws.append(["Amount", "Bank"])
    ws.append([100, "BOC"])
    wb.save(path)
    assert rejected(app, path, now) == [
        "orders.xlsx, sheet 'Invoice', row 1: sheet 'Invoice' is not one Pinxiang reads: "
        "expected one of 'Merchants 商户', 'Buyers 客户', 'Shipments 拼箱', 'Orders 订单', "
        "'Receipts 入库'; rename it or remove it"
    ]


def test_every_problem_of_a_file_is_reported_at_once(app: App, tmp_path: Path, now) -> None:
    rows = small_rows()
    rows["orders"][0]["quantity"] = "many"
    rows["orders"][1]["currency"] = "XYZ"
    rows["receipts"][0]["line"] = 9
    problems = rejected(app, workbook(tmp_path / "orders.xlsx", rows), now)
    assert len(problems) == 3
    assert any("unknown currency 'XYZ'" in p for p in problems)
    assert any("PO-1/9" in p and "no such order line" in p for p in problems)


def test_reference_to_an_unknown_merchant_is_refused(app: App, tmp_path: Path, now) -> None:
    rows = small_rows()
    rows["orders"].append(order(4, merchant="M9", sku="X"))
    [msg] = rejected(app, workbook(tmp_path / "orders.xlsx", rows), now)
    assert "row 5" in msg and "unknown merchant code" in msg and "'M9'" in msg


def test_csv_tables_import_one_after_another(app: App, tmp_path: Path, now) -> None:
    rows = small_rows()
    for key in ("merchants", "buyers", "shipments", "orders", "receipts"):
        import_file(csv_table(tmp_path / f"{key}.csv", key, rows[key]), app.new_uow, now)
    assert counts(app)["receipts"] == 3


def test_csv_receipt_for_an_order_line_in_the_database_is_accepted(
    app: App, tmp_path: Path, now
) -> None:
    rows = small_rows()
    rows["receipts"] = []
    import_file(workbook(tmp_path / "orders.xlsx", rows), app.new_uow, now)
    path = csv_table(tmp_path / "packing.csv", "receipts", [receipt(1), receipt(2, cartons=6)])
    assert import_file(path, app.new_uow, now).inserted == 2


def test_naive_receipt_time_is_refused(app: App, tmp_path: Path, now) -> None:
    rows = small_rows()
    rows["receipts"][0]["received_at"] = "2026-12-01 09:30"
    [msg] = rejected(app, workbook(tmp_path / "orders.xlsx", rows), now)
    assert "has no time zone" in msg and "row 2" in msg
