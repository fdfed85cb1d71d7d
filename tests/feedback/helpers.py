"""Small builders for the feedback tests (they call the services, never the ORM directly)."""

from feedback import services


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
    return services.feedback_receive(**values)


def complaint(department, at, **extra):
    values = {"kind": "complaint", "title": "전화 응대가 불친절했습니다", **extra}
    return opinion(department, at, **values)
