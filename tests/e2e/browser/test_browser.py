"""End to end in Chromium: a planner imports, plans (a background job) and opens the 3D plan;
a merchant fails to open another merchant's page."""

from __future__ import annotations

import io
from typing import Any

import numpy as np
from PIL import Image

from tests.e2e.browser.conftest import Live
from tests.e2e.browser.support import PASSWORD, small_rows, workbook


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


def test_a_merchant_cannot_open_another_merchants_page(chromium: Any, live: Live) -> None:
    page = log_in(chromium, live, "merchant1")
    own = page.goto(f"{live.url}/merchants/M1")
    assert own is not None and own.status == 200 and "PO-1-1" in page.content()
    other = page.goto(f"{live.url}/merchants/M2")
    assert other is not None and other.status == 403
    assert "PO-1-3" not in page.content() and "403" in page.inner_text("h1")
    page.close()
