"""In Chromium, on a live server of its own (this module's): a clerk marks a departed container
arrived and delivers one buyer's lots, after a refusal shown inside the form, and the buyer sees
both on the timeline; the admin creates a user, changes the role, resets the password and
deactivates them on /admin/users; the header nav of every role fits one line at 1280 and 1024
pixels."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.browser.conftest import NOW, Live
from tests.e2e.browser.support import (
    BOX,
    FAST_HASHER,
    PASSWORD,
    depart,
    register_customs,
    state_of,
)


def log_in(browser: Any, live: Live, username: str, width: int = 1400) -> Any:
    page = browser.new_page(viewport={"width": width, "height": 900}, locale="en-GB")
    page.goto(f"{live.url}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live.url}/")
    return page


def english(page: Any) -> None:
    if page.input_value("select[name=locale]") != "en":
        with page.expect_navigation():
            page.select_option("select[name=locale]", "en")


def test_a_clerk_arrives_and_delivers_a_container_and_the_buyer_sees_it(
    chromium: Any, live: Live
) -> None:
    register_customs(live.app, NOW)
    depart(live.app, NOW, ("LOT-1", "LOT-B2-1"))
    page = log_in(chromium, live, "clerk")
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    english(page)
    page.click("header nav a[href='/transit']")
    page.wait_for_url(f"{live.url}/transit")
    row = page.locator(f"#departed-{BOX}")
    assert "LOT-1" in row.inner_text() and "LOT-B2-1" in row.inner_text()

    page.fill(f"#arrive-{BOX} input[name=place]", "   ")  # passes `required`, not the server
    page.click(f"#arrive-{BOX} button")
    error = page.locator(f"#arrive-{BOX} #transit-error")
    assert error.get_attribute("data-field") == "place"
    assert "Where did the container arrive?" in error.inner_text()

    page.fill(f"#arrive-{BOX} input[name=place]", "Jebel Ali T4")
    page.click(f"#arrive-{BOX} button")
    page.wait_for_selector("#transit-done")
    assert "Jebel Ali T4" in page.inner_text(f"#arrived-{BOX}-B1")
    page.fill(f"#deliver-{BOX}-B1 input[name=receiver]", "A. Mansoori")
    page.click(f"#deliver-{BOX}-B1 button")
    page.wait_for_selector("#transit-done")
    assert page.locator(f"#arrived-{BOX}-B1").count() == 0
    assert page.locator(f"#arrived-{BOX}-B2").count() == 1  # B2 has not signed yet
    assert errors == []
    page.close()

    buyer = log_in(chromium, live, "buyer1")
    english(buyer)
    buyer.goto(f"{live.url}/tracking/B1")
    timeline = buyer.inner_text("#timeline")
    assert "Arrived" in timeline and "Jebel Ali T4" in timeline
    assert "Delivered to the door" in timeline and "A. Mansoori" in timeline
    assert buyer.locator("header nav a[href='/transit']").count() == 0
    buyer.close()


def test_the_admin_manages_a_user_on_the_users_page(chromium: Any, live: Live) -> None:
    from pinxiang.services.accounts import create_user

    create_user(state_of(live.app).new_uow, "root", PASSWORD, "admin", NOW, hasher=FAST_HASHER)
    page = log_in(chromium, live, "root")
    english(page)
    page.click("header nav a[href='/admin/users']")
    page.wait_for_url(f"{live.url}/admin/users")

    form = page.locator("#create-user")
    form.locator("input[name=username]").fill("b2-helper")
    form.locator("input[name=password]").fill("long enough 1")
    form.locator("select[name=role]").select_option("buyer")
    form.locator("input[name=party_code]").fill("B9")  # no such buyer
    form.locator("button[type=submit]").click()
    error = page.locator("#user-error")
    assert error.get_attribute("data-field") == "party_code" and "B9" in error.inner_text()

    form.locator("input[name=password]").fill("long enough 1")
    form.locator("input[name=party_code]").fill("B2")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#user-done")
    row = page.locator("#user-b2-helper")
    assert "Buyer B2" in row.inner_text()

    row.locator("select[name=role]").select_option("merchant")
    row.locator("input[name=party_code]").fill("M1")
    row.locator("form[action$='/role'] button").click()
    page.wait_for_selector("#user-done")
    assert "Merchant M1" in page.inner_text("#user-b2-helper")

    row = page.locator("#user-b2-helper")
    row.locator("input[name=password]").fill("another one 2")
    row.locator("form[action$='/password'] button").click()
    page.wait_for_selector("#user-done")
    assert "password reset" in page.inner_text("#user-done")

    page.locator("#user-b2-helper form[action$='/active'] button").click()
    page.wait_for_selector("#user-done")
    assert "deactivated" in page.inner_text("#user-b2-helper")

    page.locator("#user-root form[action$='/active'] button").click()  # the last admin
    error = page.locator("#user-error")
    assert (
        error.get_attribute("data-field") == "active" and "last active admin" in error.inner_text()
    )
    page.close()

    other = chromium.new_page(locale="en-GB")
    other.goto(f"{live.url}/login")
    other.fill("input[name=username]", "b2-helper")
    other.fill("input[name=password]", "another one 2")
    other.click("button[type=submit]")
    assert other.url.endswith("/login") or "/login" in other.url  # deactivated: refused
    other.close()


@pytest.mark.parametrize("width", [1280, 1024])
@pytest.mark.parametrize("username", ["root", "declarant", "clerk", "planner", "merchant1"])
def test_the_header_nav_fits_one_line(chromium: Any, live: Live, username: str, width: int) -> None:
    """Runs after the users test (the `root` admin exists); both languages."""
    page = log_in(chromium, live, username, width)
    for locale in ("zh", "en"):
        links = page.locator("header nav a")
        boxes = [links.nth(i).bounding_box() for i in range(links.count())]
        tops = {round(b["y"]) for b in boxes}
        where = f"{username} at {width}px ({locale})"
        assert len(tops) == 1, f"{where}: the nav wraps onto {len(tops)} lines"
        assert max(b["height"] for b in boxes) < 30, f"{where}: a nav label breaks"
        assert boxes[-1]["x"] + boxes[-1]["width"] <= width, f"{where}: the nav runs off"
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not overflow and page.locator("header").bounding_box()["height"] < 100
        if width >= 1280:  # one header row: nav beside the brand
            assert page.locator("header").bounding_box()["height"] < 60, where
        english(page)
    if username == "root":  # the widest page: its table scrolls inside, the page does not
        page.goto(f"{live.url}/admin/users")
        assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    page.close()
