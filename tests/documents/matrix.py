"""The documents app's part of the project-wide permission matrix: one record of each kind in
a department, the URL arguments that reach them, and a valid POST for every URL that takes
one (staff of the record's department succeed with it).

Confirming and marking incomplete succeed once per document: each of those URLs gets a
document of its own, in the state the action needs. Notices may be sent again and again."""

from django.utils import timezone

from documents import services

DOCUMENT_FORM = {
    "channel": "fax",
    "customer_name": "홍길동",
    "customer_phone": "010-1234-5678",
    "customer_email": "hong@example.com",
    "description": "보증신청서 및 사업자등록증 사본",
}


def _received(staff, description):
    return services.document_receive(
        by=staff.user,
        department=staff.department,
        channel="fax",
        customer_name="홍길동",
        customer_phone="010-1234-5678",
        customer_email="hong@example.com",
        description=description,
        received_at=timezone.now(),
    )


def _confirmed(staff, description):
    document = _received(staff, description)
    services.document_confirm(document=document, by=staff.user)
    return document


def make(*, department, staff):
    """One inbox check and received documents of `department` (unconfirmed ones to confirm,
    confirmed ones to mark incomplete or notify, one with a receipt notice to read), and
    {url_name: reverse_kwargs} for every documents URL that takes arguments."""
    assert staff.department_id == department.pk
    services.inbox_check_record(by=staff.user, channel="fax", department=department)
    shown = _confirmed(staff, "matrix: detail")
    services.notice_send(document=shown, by=staff.user, kind="receipt", channel="phone")
    pages = {
        "documents:detail": shown,
        "documents:confirm": _received(staff, "matrix: page confirm"),
        "documents:incomplete": _confirmed(staff, "matrix: page incomplete"),
        "documents:notice": _confirmed(staff, "matrix: page notice"),
    }
    api = {
        "received-document-detail": shown,
        "received-document-confirm": _received(staff, "matrix: api confirm"),
        "received-document-incomplete": _confirmed(staff, "matrix: api incomplete"),
        "received-document-notices": _confirmed(staff, "matrix: api notices"),
    }
    return {
        **{name: {"pk": document.pk} for name, document in pages.items()},
        **{name: {"pk": document.pk} for name, document in api.items()},
    }


POST = {
    # Pages: form data.
    "documents:inbox_check": {"data": {"channel": "fax"}, "format": None},
    "documents:new": {"data": DOCUMENT_FORM, "format": None},
    "documents:confirm": {"data": {}, "format": None},
    "documents:incomplete": {
        "data": {"processed_what_can": "on", "blocked": "on", "missing_items": "국세 완납증명서"},
        "format": None,
    },
    "documents:notice": {
        "data": {"kind": "receipt", "channel": "sms", "confirm": "1"},
        "format": None,
    },
    # API: JSON.
    "inbox-check-list": {"data": {"channel": "post"}, "format": "json"},
    "received-document-list": {"data": DOCUMENT_FORM, "format": "json"},
    "received-document-confirm": {"data": {}, "format": "json"},
    "received-document-incomplete": {
        "data": {"processed_what_can": True, "blocked": True, "missing_items": "인감증명서"},
        "format": "json",
    },
    "received-document-notices": {"data": {"kind": "receipt", "channel": "sms"}, "format": "json"},
}

# Documents has no public (citizen) pages.
PUBLIC: set[str] = set()
