"""End to end in Chromium: a planner imports, plans (a background job) and opens the 3D plan;
a declarant declares (PDF), holds a lot and the plan changes; a merchant fails to open
another merchant's page."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from tests.e2e.browser.conftest import NOW, Live
from tests.e2e.browser.support import PASSWORD, register_customs, small_rows, workbook


def log_in(browser: Any, live: Live, username: str) -> Any:
    page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="en-GB")
    page.goto(f"{live.url}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live.url}/")
    return page


def drawn_share(png: bytes, background: tuple[int, int, int] = (0xF4, 0xF7, 0xFB)) -> float:
    """Share of pixels that differ clearly from the scene's background colour."""
    px = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int32)
    far = np.abs(px - np.array(background, dtype=np.int32)).sum(axis=2) > 40
    return float(far.mean())


def test_a_planner_imports_plans_and_opens_the_3d_plan(chromium: Any, live: Live, tmp_path) -> None:
    page = log_in(chromium, live, "planner")
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    rows = small_rows()
    rows["orders"][0]["quantity"] = 300  # an update, so the report shows a change
    page.goto(f"{live.url}/import")
    page.set_input_files("input[name=file]", str(workbook(tmp_path / "update.xlsx", rows)))
    page.click("form[action='/import'] button")
    page.wait_for_selector("#import-report")

    page.goto(f"{live.url}/board")
    page.click("#plan-all button")
    page.wait_for_url("**/jobs/*")
    page.wait_for_selector("#job-state[data-state=done]", timeout=90_000)
    assert "SH-T1" in page.inner_text("#job-result")

    page.goto(f"{live.url}/shipments/SH-T1/containers/1")
    page.wait_for_selector("#scene[data-ready='1']", timeout=30_000)
    assert drawn_share(page.locator("#scene").screenshot()) > 0.01

    total = int(page.get_attribute("#step", "max") or 0)
    page.eval_on_selector("#step", "el => { el.value = 1; el.dispatchEvent(new Event('input')); }")
    assert page.inner_text("#step-label") == f"1 / {total}"
    centre = page.evaluate("window.pinxiangLoadPlan.centreOf(1)")
    page.mouse.click(centre["x"], centre["y"])
    page.wait_for_selector("#carton-detail[data-carton]")
    detail = page.inner_text("#carton-detail")
    assert "PO-1-" in detail and ("M1" in detail or "M2" in detail) and "B1" in detail
    page.select_option("#colour-by", "merchant")
    assert "M1" in page.inner_text("#legend")
    assert errors == []
    page.close()


def test_a_declarant_declares_holds_a_lot_and_the_plan_changes(chromium: Any, live: Live) -> None:
    """Runs after the planner's test (same live server): the shipment is planned."""
    register_customs(live.app, NOW)
    page = log_in(chromium, live, "declarant")
    page.goto(f"{live.url}/shipments/SH-T1/containers/1")
    before = int(page.get_attribute("#step", "max") or 0)

    page.goto(f"{live.url}/declarations")
    page.click("#declare-SH-T1")
    page.wait_for_selector("a.pdf")
    with page.expect_download() as download:
        page.click("a.pdf >> nth=0")
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")

    page.goto(f"{live.url}/inspection")
    for event in ("select", "inspect"):
        page.click(f"#lot-LOT-2 button[data-event={event}]")
        page.wait_for_url(f"{live.url}/inspection")
    page.fill("#lot-LOT-2 input[name=reason]", "labels missing")
    page.click("#lot-LOT-2 button[data-event=hold]")
    page.wait_for_url("**/jobs/*")
    page.wait_for_selector("#job-state[data-state=done]", timeout=90_000)

    page.goto(f"{live.url}/board")
    unplaced = page.inner_text("#shipment-SH-T1")
    assert "LOT-2" in unplaced and "海关扣留" in unplaced
    page.goto(f"{live.url}/shipments/SH-T1/containers/1")
    after = int(page.get_attribute("#step", "max") or 0)
    assert after == before - 6  # LOT-2's six cartons left the container
    page.close()


def test_a_merchant_cannot_open_another_merchants_page(chromium: Any, live: Live) -> None:
    page = log_in(chromium, live, "merchant1")
    own = page.goto(f"{live.url}/merchants/M1")
    assert own is not None and own.status == 200 and "PO-1-1" in page.content()
    other = page.goto(f"{live.url}/merchants/M2")
    assert other is not None and other.status == 403
    assert "PO-1-3" not in page.content() and "403" in page.inner_text("h1")
    page.close()
