"""The Content-Security-Policy (config/settings/base.py) in Chromium: every kind of page still
works under it, and the browser reports no violation and no console error on any of them."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import BROWSER_DB, login

pytestmark = BROWSER_DB

# Runs before any page script (Playwright's init scripts are not subject to the page's CSP):
# every violation the browser reports on the page is kept in window.__cspViolations.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} (${where})`
  );
});
"""


@pytest.fixture
def problems(page):
    """What the browser complained about: CSP violations, console errors, uncaught errors."""
    found = []
    page.context.add_init_script(RECORD_VIOLATIONS)

    def on_console(message):
        # The browser's own request for /favicon.ico (the pages name no icon) is not a page's.
        if message.location.get("url", "").endswith("/favicon.ico"):
            return
        if message.type == "error" or "Content Security Policy" in message.text:
            found.append(f"console {message.type}: {message.text} ({message.location['url']})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: found.append(f"page error: {error}"))

    def collect() -> list[str]:
        violations = page.evaluate("window.__cspViolations")
        return found + [f"CSP violation: {violation}" for violation in violations]

    return collect


def policy_of(response) -> str:
    return response.headers.get("content-security-policy", "")


def test_the_public_and_staff_pages_work_under_the_policy(page, demo, problems):
    response = page.goto("/accounts/login/")
    assert "script-src 'self'" in policy_of(response)
    assert "default-src 'self'" in policy_of(response)
    expect(page.get_by_label("사용자 이름")).to_be_focused()  # the autofocus still works
    assert problems() == []

    login(page, "staff1")
    expect(page.get_by_role("heading", name="내 업무")).to_be_visible()
    assert problems() == []

    page.goto("/calls/log/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_role("button", name="English").click()  # a form post (form-action 'self')
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert problems() == []


def test_the_dashboard_works_under_the_policy(page, demo, problems):
    login(page, "manager1")
    page.get_by_role("link", name="현황판").click()
    expect(page.get_by_role("heading", name="이행 현황판 · 고객지원부")).to_be_visible()
    page.select_option("#id_period", "this_quarter")
    page.get_by_role("button", name="보기").click()
    expect(page.locator("table.compliance")).to_be_visible()
    assert problems() == []


def test_the_admin_and_its_scripts_work_under_the_policy(page, demo, problems):
    login(page, "admin")
    page.goto("/admin/")
    expect(page.get_by_role("heading", name="사이트 관리")).to_be_visible()
    assert problems() == []

    # The user form: the admin's JavaScript builds the two-box permission picker.
    page.goto("/admin/auth/user/add/")
    expect(page.locator("#id_username")).to_be_visible()
    page.goto("/admin/auth/group/add/")
    expect(page.locator("#id_permissions_filter")).to_be_visible()  # built by SelectFilter2.js
    page.locator("#id_permissions_input").fill("call")
    expect(page.locator("#id_permissions_from option").first).to_be_visible()
    assert problems() == []


def test_swagger_ui_renders_the_api_under_the_policy(page, demo, problems):
    login(page, "admin")
    response = page.goto("/api/docs/")
    # Its one inline start-up script runs by the response's nonce, not by 'unsafe-inline'.
    assert "'nonce-" in policy_of(response)
    assert "unsafe-inline" not in policy_of(response)
    expect(page.get_by_role("heading", name="Charter tracker API")).to_be_visible()
    expect(page.locator(".opblock").first).to_be_visible()  # the schema was fetched and drawn
    page.get_by_role("button", name="Authorize").click()  # the integration key's scheme
    expect(page.get_by_text("Api-Key").first).to_be_visible()
    assert problems() == []


def test_an_injected_inline_script_is_blocked_and_reported(page, demo, problems):
    """The watch of the other tests is not blind: a script without the nonce does not run, and
    its violation is seen."""
    page.goto("/accounts/login/")
    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.__injected = true";
          document.head.append(script);
        }"""
    )
    page.wait_for_function("window.__cspViolations.length > 0")
    assert page.evaluate("window.__injected") is None
    assert any("script-src" in problem for problem in problems())
