"""Small builders for the feedback tests (they call the services, never the ORM directly)."""

from charter.models import StaffMember
from feedback import services
from tests.factories import StaffMemberFactory


def clerk(department):
    """A staff member of `department` who logs and answers (created when it has none)."""
    member = (
        StaffMember.objects.filter(department=department, user__groups__name="staff")
        .order_by("pk")
        .first()
    )
    return member or StaffMemberFactory(department=department, role="staff")


def by_for(department):
    """The acting user for a service call about a record of `department`."""
    return clerk(department).user


def opinion(department, at, **extra):
    values = {
        "kind": "opinion",
        "title": "주차 안내 표지판 설치 요청",
        "text": "건물 입구에서 주차장 위치를 찾기 어려웠습니다.",
        "received_at": at,
        "channel": "web",
        "department": department,
        "customer_name": "홍길동",
        "customer_phone": "010-1234-5678",
        "customer_email": "hong@example.com",
        "consent": True,
    }
    values.update(extra)
    if "by" not in values:
        assignee = values.get("assignee")
        values["by"] = assignee.user if assignee is not None else by_for(department)
    return services.feedback_receive(**values)


def complaint(department, at, **extra):
    values = {"kind": "complaint", "title": "전화 응대가 불친절했습니다", **extra}
    return opinion(department, at, **values)


def actor(record):
    """The acting user for an action on `record` (an item or a contest): staff of its
    department."""
    return by_for(record.department)
