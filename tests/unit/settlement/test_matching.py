from __future__ import annotations

from decimal import Decimal

from pinxiang.settlement import allocate, collected_by_line, match_receipt

from .builders import ACME, MULLER, bank_rate, eur, line, receipt

D1, D2, D3 = "290820261000000101", "290820261000000102", "290820261000000202"
LINES = [
    line("L1", "6000.00", "M-TOYS", D1, shipment_ref="SH-7", order_no="PO-ACME-1"),
    line("L2", "4000.00", "M-BAGS", D1, shipment_ref="SH-7", order_no="PO-ACME-1"),
    line("L3", "5000.00", "M-SOCKS", D2, shipment_ref="SH-8", order_no="PO-ACME-2"),
    line("L9", "2000.00", "M-TOYS", D3, "B-MUL", shipment_ref="SH-9", order_no="PO-MUL-7"),
]
BUYERS = [ACME, MULLER]


def test_a_receipt_naming_the_declaration_from_the_buyer_for_the_exact_amount_is_certain() -> None:
    got = match_receipt(receipt("10000.00", info=f"DECL {D1}"), LINES, BUYERS)
    assert (got.buyer_code, got.declaration_nos, got.confidence) == ("B-ACME", (D1,), Decimal(1))
    assert not got.needs_review


def test_shipment_references_find_both_declarations_of_a_part_payment() -> None:
    got = match_receipt(receipt("12000.00", info="SHIPMENTS SH-7 AND SH-8"), LINES, BUYERS)
    assert got.declaration_nos == (D1, D2)
    assert got.confidence == Decimal("0.9") and not got.needs_review
    assert "part payment: 12,000.00 USD of 15,000.00 USD open" in got.reasons


def test_a_reference_must_match_as_a_whole_word_run() -> None:
    got = match_receipt(receipt("1234.00", info="SH-70"), LINES, BUYERS)
    assert got.reasons[0] == "payer 'ACME TRADING LLC' is buyer B-ACME; no reference found"


def test_a_payer_known_only_by_name_goes_to_review_with_the_declaration_the_amount_fits() -> None:
    got = match_receipt(receipt("5000.00", info="INVOICE 77"), LINES, BUYERS)
    assert (got.buyer_code, got.declaration_nos) == ("B-ACME", (D2,))
    assert got.confidence == Decimal("0.5") and got.needs_review


def test_a_third_party_paying_a_named_declaration_goes_to_review() -> None:
    got = match_receipt(receipt("10000.00", info=D1, payer="GULF STAR EXCHANGE"), LINES, BUYERS)
    assert got.declaration_nos == (D1,) and got.needs_review
    assert any("third party" in r for r in got.reasons)


def test_an_unknown_payer_without_a_reference_matches_nothing() -> None:
    got = match_receipt(receipt("10.00", payer="SOMEONE"), LINES, BUYERS)
    assert (got.buyer_code, got.declaration_nos, got.needs_review) == (None, (), True)


def test_paying_more_than_remains_open_goes_to_review_as_over_collection() -> None:
    done = allocate(receipt("9000.00"), LINES[:2])
    got = match_receipt(
        receipt("1500.00", "R2", info=f"{D1}"), LINES, BUYERS, collected=collected_by_line([done])
    )
    assert got.needs_review
    assert got.reasons[-1] == "amount 1,500.00 USD exceeds the 1,000.00 USD open: over-collection"


def test_a_receipt_in_eur_is_compared_at_the_bank_rate_or_sent_to_review_without_one() -> None:
    r = receipt(eur("1851.85"), payer="Muller Handels GmbH", info="PO-MUL-7")
    without = match_receipt(r, LINES, BUYERS)
    assert without.needs_review and "no rate EUR->USD: amount not compared" in without.reasons
    got = match_receipt(r, LINES, BUYERS, rate=bank_rate("EUR", "USD", "1.08"))
    assert (got.buyer_code, got.declaration_nos) == ("B-MUL", (D3,))
    assert got.confidence == Decimal(1) and not got.needs_review
