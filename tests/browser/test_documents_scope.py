"""Department scope on the documents pages: a staff member who also covers another department
checks that department's inboxes from its own page; another department's document is not
found."""

from playwright.sync_api import expect

from charter.models import Department, StaffMember
from documents import services
from documents.models import InboxCheck
from tests.browser.conftest import BROWSER_DB, assert_accessible, login

pytestmark = BROWSER_DB


def test_staff_covering_a_branch_check_its_post_inbox(page, demo, shot):
    branch = Department.objects.get(name="수원지점")
    login(page, "staff5")  # 한지민, 고객지원부, also covers 수원지점
    page.goto("/documents/inbox/")
    departments = page.get_by_role("navigation", name="부서")
    expect(departments.get_by_role("link", name="고객지원부")).to_have_attribute(
        "aria-current", "page"
    )
    departments.get_by_role("link", name="수원지점").click()
    expect(page.get_by_text("수원지점,")).to_be_visible()
    assert_accessible(page)
    shot("documents-inbox-branch-ko")

    page.get_by_role("button", name="우편").click()
    expect(page.get_by_role("status")).to_contain_text("우편 확인을 기록했습니다")
    expect(page.locator("#inbox-count-post")).to_contain_text("우편 1/3")
    check = InboxCheck.objects.get()
    assert (check.department, check.staff.name) == (branch, "한지민")


def test_another_departments_document_is_not_found(page, demo):
    colleague = StaffMember.objects.get(user__username="staff1")  # 고객지원부
    document = services.document_receive(
        by=colleague.user,
        channel="fax",
        customer_name="홍길동",
        customer_phone="010-2468-1357",
        description="보증신청서",
    )
    login(page, "staff6")  # 보증지원부
    response = page.goto(f"/documents/{document.pk}/")
    assert response.status == 404
    expect(page.get_by_text("홍길동")).to_have_count(0)
    page.goto("/documents/?show=all")
    expect(page.get_by_text("보증신청서")).to_have_count(0)
