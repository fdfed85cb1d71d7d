"""Playwright driving Debian's Chromium (/usr/bin/chromium) against Django's live server.

Never `playwright install`: the browser is the Debian package (apt-get install chromium
fonts-noto-cjk). Run with `make test-browser`."""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test
# body are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]
# Every browser module: `pytestmark = BROWSER_DB`. The live server needs committed data, and
# the migrations' seed (standards, ranks, groups) must survive each test's flush.
BROWSER_DB = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser(django_db_setup):
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Django's connections live in context-local storage; once Playwright's event loop runs,
    # this thread sees fresh connection objects. Hand them the snapshot of the migrated
    # database that serialized_rollback restores after each test's flush.
    snapshots = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, snapshot in snapshots.items():
            connections[alias]._test_serialized_contents = snapshot
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def shot(page):
    """shot("name") saves a full-page PNG under var/screenshots/ to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(name: str):
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return take


@pytest.fixture
def demo(db):
    """The demo organisation and log-ins, without the section apps' weeks of interactions
    (a test that needs some seeds its own app: seed_demo(sections=("calls",)))."""
    from charter.demo import seed_demo

    seed_demo(sections=())


def login(page, username: str, password: str = "demo1234!"):
    page.goto("/accounts/login/")
    page.get_by_label("사용자 이름").fill(username)
    page.get_by_label("비밀번호").fill(password)
    page.get_by_role("button", name="로그인").click()


def assert_accessible(page):
    """axe-core (KWCAG 2.2 / WCAG 2.1 AA rules) finds no violations on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
        },
    )
    violations = results.response["violations"]
    assert violations == [], results.generate_report()
