"""Screenshots of the main pages for docs/screenshots/, on the bundled demo market day.

    .venv/bin/python -m tests.e2e.browser.screenshots [OUT_DIR]

Imports the demo workbook into a temporary SQLite database, plans it, runs the demo's customs
and settlement flow (declarations, a simulated inspection with holds), creates the demo
accounts, serves the app on a free port and photographs each page with Debian's Chromium."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from playwright.sync_api import Page, sync_playwright
from sqlalchemy import func, select

from pinxiang.api.app import create_app
from pinxiang.bootstrap import bootstrap
from pinxiang.cli import demo_workbook
from pinxiang.config import Settings
from pinxiang.customs import LotState
from pinxiang.persistence.db import UnitOfWork
from pinxiang.persistence.tables import LotStateRow, ShipmentRow
from pinxiang.persistence.web_tables import UserRow
from pinxiang.services.accounts import ensure_demo_accounts
from pinxiang.services.consolidation import plan_shipments
from pinxiang.services.demo_flow import run_customs_and_settlement
from pinxiang.services.importing import import_file
from pinxiang.services.inspection import depart
from pinxiang.services.jobs import InlineJobRunner
from tests.e2e.browser.conftest import ARGS, CHROMIUM, serve
from tests.e2e.browser.support import FAST_HASHER

IMPORTED_AT = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def shoot(page: Page, url: str, path: Path, wait: str | None = None) -> None:
    page.goto(url)
    if wait:
        page.wait_for_selector(wait, timeout=60_000)
    page.screenshot(path=str(path), full_page=False)
    print(f"wrote {path}")


def login(page: Page, base: str, username: str, locale: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", f"{username}-demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    if page.input_value("select[name=locale]") != locale:
        with page.expect_navigation():
            page.select_option("select[name=locale]", locale)


def depart_sealed(new_uow: Callable[[], UnitOfWork], at: datetime, n: int) -> list[str]:
    """The first `n` sealed containers leave the warehouse at `at`."""
    with new_uow() as uow:
        sealed = uow.session.scalars(
            select(LotStateRow.container_no)
            .where(LotStateRow.state == LotState.SEALED.value)
            .distinct()
            .order_by(LotStateRow.container_no)
        ).all()
    boxes = list(sealed)[:n]
    for box in boxes:
        depart(new_uow, box, "loader", at)
    return boxes


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="pinxiang-shots-") as tmp:
        settings = Settings(
            database_url=f"sqlite:///{tmp}/demo.db",
            out_dir=Path(tmp) / "out",
            time_limit_s=0.5,
            workers=2,
        )
        core = bootstrap(settings)
        import_file(demo_workbook(), core.new_uow, IMPORTED_AT)
        with core.new_uow() as uow:
            first_cutoff = uow.session.scalar(select(func.min(ShipmentRow.cutoff)))
        assert first_cutoff is not None
        now = first_cutoff - timedelta(days=2)
        plan_shipments(core.new_uow, core.plan_options(time_limit_s=0.5), now, workers=2)
        run_customs_and_settlement(core, settings.out_dir, now, seed=1)
        accounts = ensure_demo_accounts(core.new_uow, now, FAST_HASHER)
        with core.new_uow() as uow:
            party = dict(uow.session.execute(select(UserRow.username, UserRow.party_code)).all())
        core.engine.dispose()
        clock = [now]  # moved on for the last shot: containers reach their ports weeks later
        app = create_app(
            settings, clock=lambda: clock[0], runner=InlineJobRunner(), hasher=FAST_HASHER
        )
        buyer = next(u for u, _, r in accounts if r == "buyer")
        merchant = next(u for u, _, r in accounts if r == "merchant")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            for base in serve(app):
                page.goto(f"{base}/login")
                shoot(page, f"{base}/login", out / "login.png")
                login(page, base, "planner", "zh")
                shoot(page, f"{base}/", out / "dashboard-zh.png")
                login(page, base, "planner", "en")
                shoot(page, f"{base}/", out / "dashboard-en.png")
                shoot(page, f"{base}/board", out / "board.png")
                with app.state.pinxiang.new_uow() as uow:
                    ref = uow.session.scalar(select(ShipmentRow.ref).order_by(ShipmentRow.ref))
                shoot(
                    page,
                    f"{base}/shipments/{ref}/containers/1",
                    out / "loadplan-3d.png",
                    "#scene[data-ready='1']",
                )
                page.select_option("#colour-by", "merchant")
                page.eval_on_selector(
                    "#step",
                    "el => { el.value = Math.floor(el.max / 2);"
                    " el.dispatchEvent(new Event('input')); }",
                )
                c = page.evaluate("window.pinxiangLoadPlan.centreOf(1)")
                page.mouse.click(c["x"], c["y"])
                page.screenshot(path=str(out / "loadplan-3d-steps.png"))
                print(f"wrote {out / 'loadplan-3d-steps.png'}")
                login(page, base, "clerk", "zh")
                shoot(page, f"{base}/receiving", out / "receiving.png")
                login(page, base, "declarant", "en")
                shoot(page, f"{base}/declarations", out / "declarations.png")
                shoot(page, f"{base}/inspection", out / "inspection.png")
                login(page, base, buyer, "zh")
                shoot(page, f"{base}/tracking/{party[buyer]}", out / "tracking.png")
                login(page, base, merchant, "zh")
                shoot(page, f"{base}/merchants/{party[merchant]}", out / "merchant.png")
                login(page, base, "admin", "en")
                shoot(page, f"{base}/admin/users", out / "users.png")
                for width in (1280, 1024):
                    page.set_viewport_size({"width": width, "height": 900})
                    shoot(page, f"{base}/admin/users", out / f"header-{width}.png")
                page.set_viewport_size({"width": 1400, "height": 900})
                boxes = depart_sealed(app.state.pinxiang.new_uow, now + timedelta(hours=5), 4)
                clock[0] = now + timedelta(days=24)
                login(page, base, "clerk", "en")
                page.goto(f"{base}/transit")
                page.fill(f"#arrive-{boxes[0]} input[name=place]", "Jebel Ali Terminal 4")
                with page.expect_navigation():
                    page.click(f"#arrive-{boxes[0]} button")
                page.fill(f"#arrive-{boxes[1]} input[name=place]", " ")
                with page.expect_navigation():
                    page.click(f"#arrive-{boxes[1]} button")  # refused: shown in the form
                page.screenshot(path=str(out / "transit.png"), full_page=False)
                print(f"wrote {out / 'transit.png'}")
            browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots"))
