"""The permission matrix: every URL pattern and API route × every kind of actor.

Built from Django's URL resolver, so a URL added without a row here fails
`test_every_url_has_a_row`. Each section app declares, in `tests/<app>/matrix.py`, how to make
one record of each kind in a department (`make`), a valid payload for each URL that takes POST
(`POST`) and its public pages (`PUBLIC`). The rules (charter.scope, charter.roles):

- a record of another department is a 404 for GET and for every action, and an action by
  someone outside the department changes nothing in the database and sends no message;
- executives read every department (200) and every action is a 403 that changes nothing;
- anonymous visitors are sent to the log-in page (pages) or refused (API), except on public pages;
- an integration client (API key) reaches only its endpoints: everything else is a 403 (API),
  and pages do not know it (a log-in redirect);
- staff and managers of the record's department, and admins, may do what their role allows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from charter import notify, services
from charter.registry import section_apps
from tests import factories

pytestmark = pytest.mark.django_db

# Django's own pages (log-in, password, language switch) and the admin, which has its own
# permission model and is tested where scoped (ScopedAdminMixin); the API's schema and docs
# hold no data.
IGNORED_PREFIXES = ("admin:",)
CORE_PUBLIC = {
    "charter:home",  # the front door for visitors; staff get their own work there
    "charter:charter",
    "charter:calendar-feed",
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_complete",
    "schema",
    "api-docs",
}
# Pages behind a log-in that are not about one record and not a section's.
CORE_LOGGED_IN = {"logout", "password_change", "password_change_done"}
ACTORS = (
    "anonymous",
    "staff",
    "other_staff",
    "manager",
    "other_manager",
    "executive",
    "admin",
    "system",
)
OUTSIDE = ("other_staff", "other_manager")


def _walk(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            ns = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from _walk(pattern.url_patterns, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def url_names() -> list[str]:
    names = dict.fromkeys(_walk(get_resolver().url_patterns))
    return [n for n in names if not n.startswith(IGNORED_PREFIXES)]


def app_matrices():
    return {app: importlib.import_module(f"tests.{app}.matrix") for app in section_apps()}


# -- Actors -------------------------------------------------------------------------------


@dataclass
class World:
    department: object
    other: object
    users: dict = field(default_factory=dict)  # actor -> User (None: anonymous)
    staff: object = None
    key: str = ""  # the integration client's API key


@pytest.fixture
def world(db):
    department = factories.DepartmentFactory(name="고객지원부")
    other = factories.DepartmentFactory(name="보증지원부")
    staff = factories.StaffMemberFactory(department=department, role="staff", rank_name="대리")
    users = {
        "anonymous": None,
        "staff": staff.user,
        "other_staff": factories.StaffMemberFactory(department=other, role="staff").user,
        "manager": factories.StaffMemberFactory(
            department=department, role="manager", rank_name="부장"
        ).user,
        "other_manager": factories.StaffMemberFactory(
            department=other, role="manager", rank_name="부장"
        ).user,
        "executive": factories.UserFactory(role="executive"),
        "admin": factories.UserFactory(role="admin", is_staff=True, is_superuser=True),
    }
    from integrations.services import integration_client_create

    client, key = integration_client_create(
        name="전화 시스템",
        departments=[department],
        endpoints=["call-create", "callback-create"],
        by=users["admin"],
    )
    users["system"] = client.user
    return World(department=department, other=other, users=users, staff=staff, key=key)


def client_for(world: World, actor: str) -> APIClient:
    client = APIClient()
    if actor == "system":
        client.credentials(HTTP_AUTHORIZATION=f"Api-Key {world.key}")
    elif world.users[actor] is not None:
        client.force_login(world.users[actor])
    return client


def make_all(world: World) -> dict[str, dict]:
    """One record of each kind in the department: {url_name: reverse kwargs}."""
    kwargs = _make_charter(department=world.department, staff=world.staff)
    for matrix in app_matrices().values():
        kwargs.update(matrix.make(department=world.department, staff=world.staff))
    return kwargs


# Logging in writes the session and the log-in record (django-axes's access log): not a change
# to any record.
LOG_IN_TABLES = {"django_session"}
_COLUMNS: dict[str, str] = {}


def _columns(cursor, table: str) -> str:
    """The quoted columns of `table` (cached: the schema does not change during the run)."""
    if table not in _COLUMNS:
        _COLUMNS[table] = ", ".join(
            connection.ops.quote_name(column.name)
            for column in connection.introspection.get_table_description(cursor, table)
            if (table, column.name) != ("auth_user", "last_login")
        )
    return _COLUMNS[table]


def database_state(*, access_records: bool = True) -> str:
    """A digest of every row of every table (sessions, log-in times and log-in records left
    out: logging in is not a change to the records). `access_records=False`: leave out the
    record of who opened personal data (a form sent back to someone entitled to see it
    records that)."""
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if (
                table in LOG_IN_TABLES
                or table.startswith("axes_")
                or (table == "charter_accessrecord" and not access_records)
            ):
                continue
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT {_columns(cursor, table)} FROM {quoted}")  # noqa: S608
            digest.update(table.encode())
            digest.update("\n".join(sorted(map(repr, cursor.fetchall()))).encode())
    return digest.hexdigest()


def messages_sent() -> int:
    return len(mail.outbox) + len(notify.outbox)


# The charter core's own URLs: record URLs (made by `_make_charter`) and other pages.
CHARTER_RECORDS = {
    "charter:obligation",
    "charter:obligation-pause",
    "charter:obligation-resume",
    "charter:obligation-extend",
    "charter:obligation-waive",
    "charter:dashboard-review-act",
    "obligation-detail",
    "obligation-pause",
    "obligation-resume",
    "obligation-extend",
}
CHARTER_PAGES = {
    "charter:dashboard",
    "charter:dashboard-review",
    "charter:dashboard-obligations",
    "charter:report-monthly",
    "charter:report-yearly",
    "obligation-list",
    "compliance",
    "set_language",
    "password_reset_confirm",
}
CHARTER_POST = {
    "charter:obligation-pause": {"data": {"reason": "서류 보완 요청"}},
    "charter:obligation-resume": {"data": {}},
    "charter:obligation-extend": {
        "data": {
            "due_at": "2026-12-16 10:00",
            "reason": "관계 기관 회신 대기",
            "notice_channel": "phone",
        }
    },
    # The confirmed step (the first post only previews the waiver).
    "charter:obligation-waive": {"data": {"reason": "중복 접수", "confirm": "1"}},
    "obligation-pause": {"data": {"reason": "서류 보완 요청"}, "format": "json"},
    "obligation-resume": {"data": {}, "format": "json"},
    "obligation-extend": {
        "data": {
            "due_at": "2026-12-16T10:00:00+09:00",
            "reason": "관계 기관 회신 대기",
            "notice_channel": "phone",
        },
        "format": "json",
    },
}


def _make_charter(*, department, staff):
    """An open and a paused F1 obligation in `department`, opened two hours ago (so neither is
    past its deadline whatever the day the suite runs); the extension payloads ask for one day
    more than the open one's deadline."""
    now = timezone.now()

    def opened():
        return services.obligation_open(
            standard="F1",
            subject=staff,
            department=department,
            starts_at=now - dt.timedelta(hours=2),
            responsible=staff,
        )

    obligation, paused = opened(), opened()
    services.obligation_pause(
        obligation=paused, by=staff.user, reason="보완", at=now - dt.timedelta(hours=1)
    )
    later = timezone.localtime(obligation.due_at + dt.timedelta(days=1))
    CHARTER_POST["charter:obligation-extend"]["data"]["due_at"] = f"{later:%Y-%m-%d %H:%M}"
    CHARTER_POST["obligation-extend"]["data"]["due_at"] = later.isoformat()
    prefix = f"o{obligation.pk}"  # the review queue's form for this obligation
    CHARTER_POST["charter:dashboard-review-act"] = {
        "data": {f"{prefix}-note": "중복 접수", f"{prefix}-action": "waive"}
    }
    kwargs = {name: {"pk": obligation.pk} for name in CHARTER_RECORDS}
    from charter.models import Calendar, Standard

    kwargs["department-detail"] = {"pk": department.pk}
    kwargs["staff-detail"] = {"pk": staff.pk}
    kwargs["standard-detail"] = {"pk": Standard.objects.get(code="P1").pk}
    kwargs["calendar-detail"] = {"pk": Calendar.objects.default().pk}
    kwargs["charter:obligation-resume"] = kwargs["obligation-resume"] = {"pk": paused.pk}
    kwargs["password_reset_confirm"] = {"uidb64": "MQ", "token": "set-password"}
    from charter.survey import satisfaction_token

    kwargs["charter:satisfaction-reply"] = {
        "token": satisfaction_token(about=obligation, department=department)
    }
    return kwargs


# -- What each URL is, and what each actor should get -------------------------------------

PUBLIC = "public"  # anyone, logged in or not
PAGE = "page"  # a page behind the log-in, not about one record (a list, a form to log)
RECORD = "record"  # a page about one record of the department (and its form, if it has one)
ACTION = "action"  # a page that only takes POST, on one record
API_LIST = "api-list"  # an API collection (and its create, if it has one)
API_RECORD = "api-record"  # an API route about one record
API_ACTION = "api-action"  # an API action on one record (POST only)
FORM = "form"  # a page with a form that logs something new (executives may not open it)

GET_RULES = {
    PUBLIC: dict.fromkeys(ACTORS, 200),
    PAGE: {**dict.fromkeys(ACTORS, 200), "anonymous": 302, "system": 302},
    RECORD: {
        **dict.fromkeys(ACTORS, 200),
        "anonymous": 302,
        "system": 302,
        **dict.fromkeys(OUTSIDE, 404),
    },
    ACTION: dict.fromkeys(ACTORS, 405),
    FORM: {**dict.fromkeys(ACTORS, 200), "anonymous": 302, "system": 302, "executive": 403},
    API_ACTION: {**dict.fromkeys(ACTORS, 405), "anonymous": 401, "system": 403},
    API_LIST: {**dict.fromkeys(ACTORS, 200), "anonymous": 401, "system": 403},
    API_RECORD: {
        **dict.fromkeys(ACTORS, 200),
        "anonymous": 401,
        "system": 403,
        **dict.fromkeys(OUTSIDE, 404),
    },
}
# Success of a valid POST: a redirect after a form, 201 for a create, 200 for an action.
POST_OK = {PAGE: 302, FORM: 302, RECORD: 302, ACTION: 302, API_LIST: 201, API_ACTION: 200}


def post_rules(kind: str) -> dict[str, int]:
    api = kind.startswith("api")
    # Pages send the anonymous (and an API key, which pages ignore) to the log-in page.
    refused = {"anonymous": 401, "system": 403} if api else {"anonymous": 302, "system": 302}
    # One record of another department: not found. A new record whose payload names this
    # department's people: refused on that field.
    outside = 404 if kind in (RECORD, ACTION, API_ACTION) else 400
    return {
        **dict.fromkeys(ACTORS, POST_OK[kind]),
        **refused,
        **dict.fromkeys(OUTSIDE, outside),
        "executive": 403,
    }


@dataclass(frozen=True)
class Row:
    kind: str
    get: dict = field(default_factory=dict)  # actor -> status, where the rule differs
    post: dict | None = None  # None: no POST here; else actor -> status, where the rule differs

    def expected_get(self) -> dict[str, int]:
        return {**GET_RULES[self.kind], **self.get}

    def expected_post(self) -> dict[str, int] | None:
        return None if self.post is None else {**post_rules(self.kind), **self.post}


# -- Running one URL ----------------------------------------------------------------------


def app_of(name: str) -> str:
    """The section app (or "charter") that owns URL `name`."""
    from config.api import router

    if ":" in name:
        namespace = name.split(":")[0]
        return namespace if namespace in section_apps() else "charter"
    for _prefix, viewset, basename in router.registry:
        if name.startswith(f"{basename}-"):
            return viewset.__module__.split(".")[0]
    return "charter"


def make_for(app: str, world: World) -> tuple[dict, dict]:
    """Records of `app` in the world's department: (reverse kwargs by URL name, POST payloads)."""
    if app == "charter":
        return _make_charter(department=world.department, staff=world.staff), CHARTER_POST
    matrix = app_matrices()[app]
    kwargs = matrix.make(department=world.department, staff=world.staff)
    return kwargs, matrix.POST


# URLs that need a query to mean anything.
QUERY = {"compliance": "?since=2026-11-01T00:00:00%2B09:00&until=2026-12-31T00:00:00%2B09:00"}


def call(world: World, actor: str, name: str, kwargs: dict, method: str, payload: dict | None):
    url = reverse(name, kwargs=kwargs.get(name, {})) + QUERY.get(name, "")
    client = client_for(world, actor)
    if method == "get":
        return client.get(url)
    payload = payload or {"data": {}}
    if payload.get("format"):
        return client.post(url, payload["data"], format=payload["format"])
    # A page's form, posted as the browser does (the API client's default is JSON).
    return client.post(url, payload["data"], format="multipart")


# -- The table: one row per URL name --------------------------------------------------------

# A form posted by staff of another department with this department's payload: the form
# comes back with the error (200; documents answers 400) and nothing is stored. Where the
# payload names no one of this department, they log in their own department (302): right.
FORM_ERROR = {"other_staff": 200, "other_manager": 200}
OWN_DEPARTMENT = {"other_staff": 302, "other_manager": 302}
OWN_DEPARTMENT_API = {"other_staff": 201, "other_manager": 201}
# An admin is nobody's colleague: where the work must name who did it, an admin without a
# staff record is refused with the reason (a form error, or a 400).
ADMIN_NAMES_NOBODY = {"admin": 200}
ADMIN_NAMES_NOBODY_API = {"admin": 400}
# Login first, then the method: anonymous visitors and keys go to the log-in page.
LOGIN_FIRST = {"anonymous": 302, "system": 302}

ROWS: dict[str, Row] = {
    # Public pages and Django's own.
    "charter:charter": Row(PUBLIC),
    "charter:charter-results": Row(PUBLIC),
    "charter:calendar-feed": Row(PUBLIC),
    # The satisfaction survey: the public page's answer (POST only) and a reply's link.
    "charter:satisfaction": Row(PUBLIC, get=dict.fromkeys(ACTORS, 405)),
    "charter:satisfaction-reply": Row(PUBLIC),
    # Everyone's own notifications and e-mail setting (notices).
    "notices:list": Row(PAGE),
    "notices:settings": Row(PAGE),
    "notices:read": Row(PAGE, get={**dict.fromkeys(ACTORS, 405), **LOGIN_FIRST}),
    "visits:directory": Row(PUBLIC),
    "visits:directory_department": Row(PUBLIC),
    "feedback:submit": Row(PUBLIC),
    "feedback:submitted": Row(PUBLIC, get=dict.fromkeys(ACTORS, 302)),  # nothing submitted
    "feedback:track": Row(PUBLIC),
    "feedback-track-list": Row(PUBLIC, get=dict.fromkeys(ACTORS, 405)),  # POST only
    "login": Row(PUBLIC),
    "logout": Row(PUBLIC, get=dict.fromkeys(ACTORS, 405)),  # POST only
    "password_reset": Row(PUBLIC),
    "password_reset_done": Row(PUBLIC),
    "password_reset_confirm": Row(PUBLIC),
    "password_reset_complete": Row(PUBLIC),
    "set_language": Row(PUBLIC, get=dict.fromkeys(ACTORS, 302)),
    "password_change": Row(PAGE),
    "password_change_done": Row(PAGE),
    # The API's index, schema and docs hold no records; a key reaches only its endpoints.
    "api-root": Row(API_LIST),
    "schema": Row(PUBLIC, get={"system": 403}),
    "api-docs": Row(PUBLIC, get={"system": 403}),
    # The charter core.
    "charter:home": Row(PUBLIC),
    "charter:dashboard": Row(PAGE, get={"staff": 403, "other_staff": 403}),
    "charter:dashboard-obligations": Row(PAGE, get={"staff": 403, "other_staff": 403}),
    # The monthly report and the yearly results: managers (their department) and above.
    "charter:report-monthly": Row(PAGE, get={"staff": 403, "other_staff": 403}),
    "charter:report-yearly": Row(PAGE, get={"staff": 403, "other_staff": 403}),
    "charter:obligation": Row(RECORD),
    "charter:obligation-pause": Row(ACTION, post={}),
    "charter:obligation-resume": Row(ACTION, post={}),
    "charter:obligation-extend": Row(ACTION, post={}),
    # Waiving is a manager's review: staff are refused for every obligation alike (403).
    "charter:obligation-waive": Row(ACTION, post={"staff": 403, "other_staff": 403}),
    # The review queue is the managers' (and admins'): staff and executives are refused.
    "charter:dashboard-review": Row(PAGE, get={"staff": 403, "other_staff": 403, "executive": 403}),
    "charter:dashboard-review-act": Row(ACTION, post={"staff": 403, "other_staff": 403}),
    "obligation-list": Row(API_LIST),
    "obligation-detail": Row(API_RECORD),
    # Only roles that may pause reach the method check (executives: 403 for every id).
    "obligation-pause": Row(API_ACTION, get={"executive": 403}, post={}),
    "obligation-resume": Row(API_ACTION, get={"executive": 403}, post={}),
    "obligation-extend": Row(API_ACTION, get={"executive": 403}, post={}),
    "compliance": Row(API_LIST),
    # Reference data (charter.api_reference): departments and staff in scope; the standards and
    # calendars are the same for everyone who is logged in.
    "department-list": Row(API_LIST),
    "department-detail": Row(API_RECORD),
    "staff-list": Row(API_LIST),
    "staff-detail": Row(API_RECORD),
    "standard-list": Row(API_LIST),
    "standard-detail": Row(API_RECORD, get=dict.fromkeys(OUTSIDE, 200)),
    "calendar-list": Row(API_LIST),
    "calendar-detail": Row(API_RECORD, get=dict.fromkeys(OUTSIDE, 200)),
}
# Lists whose records every logged-in user sees (not scoped by department).
SHARED_LISTS = {"standard-list", "calendar-list"}
ROWS.update(
    {
        # Phone (calls).
        "calls:today": Row(PAGE),
        "calls:log": Row(FORM, post=FORM_ERROR),
        "calls:callbacks": Row(PAGE),
        "calls:callback_new": Row(FORM, post={**OWN_DEPARTMENT, **ADMIN_NAMES_NOBODY}),
        "calls:callback_answer": Row(RECORD, post=ADMIN_NAMES_NOBODY),
        # The phone system's two endpoints.
        "call-list": Row(API_LIST, post={"system": 201}),
        "call-detail": Row(API_RECORD),
        "callback-list": Row(API_LIST, post={"system": 201}),
        "callback-detail": Row(API_RECORD),
        "callback-answer": Row(API_ACTION, post=ADMIN_NAMES_NOBODY_API),
        # The phone system's records: an integration client's key with "call-cdr" only (the
        # matrix's client has not got it); nobody posts them through a session.
        "call-cdr": Row(
            API_ACTION,
            get={**dict.fromkeys(ACTORS, 403), "anonymous": 401},
            post={**dict.fromkeys(ACTORS, 403), "anonymous": 401},
        ),
        # Fax, e-mail, post (documents); documents answers a form error with 400.
        "documents:list": Row(PAGE),
        "documents:new": Row(FORM, post={**OWN_DEPARTMENT, "admin": 400}),
        "documents:detail": Row(RECORD),
        "documents:confirm": Row(ACTION, post={}),
        "documents:incomplete": Row(ACTION, post={}),
        "documents:notice": Row(ACTION, post={}),
        "documents:inbox": Row(PAGE),
        "documents:inbox_check": Row(ACTION, post={**OWN_DEPARTMENT, "admin": 400}),
        "inbox-check-list": Row(API_LIST, post={**OWN_DEPARTMENT_API, "admin": 400}),
        "received-document-list": Row(API_LIST, post={**OWN_DEPARTMENT_API, "admin": 400}),
        "received-document-detail": Row(API_RECORD),
        "received-document-confirm": Row(API_ACTION, post={}),
        "received-document-incomplete": Row(API_ACTION, post={}),
        "received-document-notices": Row(
            API_ACTION, post={"staff": 201, "manager": 201, "admin": 201}
        ),
        # Opinions and complaints (feedback).
        "feedback:list": Row(PAGE),
        "feedback:new": Row(FORM, post=OWN_DEPARTMENT),
        "feedback:detail": Row(RECORD),
        "feedback:assign": Row(ACTION, post={}),
        "feedback:cause": Row(ACTION, post={}),
        "feedback:reply": Row(ACTION, post={}),
        "feedback:corrective": Row(ACTION, post={}),
        "feedback:contests": Row(PAGE),
        "feedback:contest_new": Row(FORM, post=OWN_DEPARTMENT),
        "feedback:contest": Row(RECORD),
        "feedback:contest_rules": Row(ACTION, post={}),
        "feedback:contest_awards": Row(ACTION, post={}),
        "feedback-opinion-list": Row(API_LIST, post=OWN_DEPARTMENT_API),
        "feedback-opinion-detail": Row(API_RECORD),
        "feedback-opinion-assign": Row(API_ACTION, post={}),
        "feedback-opinion-reply": Row(
            API_ACTION, post={"staff": 201, "manager": 201, "admin": 201}
        ),
        "feedback-complaint-list": Row(API_LIST, post=OWN_DEPARTMENT_API),
        "feedback-complaint-detail": Row(API_RECORD),
        "feedback-complaint-assign": Row(API_ACTION, post={}),
        "feedback-complaint-cause": Row(API_ACTION, post={}),
        "feedback-complaint-corrective-action": Row(API_ACTION, post={}),
        "feedback-complaint-reply": Row(
            API_ACTION, post={"staff": 201, "manager": 201, "admin": 201}
        ),
        "feedback-contest-list": Row(API_LIST, post=OWN_DEPARTMENT_API),
        "feedback-contest-detail": Row(API_RECORD),
        "feedback-contest-announce-awards": Row(API_ACTION, post={}),
        "feedback-contest-publish-rules": Row(API_ACTION, post={}),
        # Corrections (C1, C2): a correction needs a higher rank, so an admin (no rank) is
        # refused with the reason.
        "corrections:list": Row(PAGE),
        "corrections:service_report": Row(FORM, post=FORM_ERROR),
        "corrections:service_detail": Row(RECORD),
        "corrections:service_correct": Row(
            ACTION, get={**LOGIN_FIRST, "executive": 403}, post=ADMIN_NAMES_NOBODY
        ),
        "corrections:defect_report": Row(FORM, post={**FORM_ERROR, **ADMIN_NAMES_NOBODY}),
        "corrections:defect_detail": Row(RECORD),
        "corrections:defect_correct": Row(
            ACTION, get={**LOGIN_FIRST, "executive": 403}, post=ADMIN_NAMES_NOBODY
        ),
        "corrections:defect_notify": Row(ACTION, get={**LOGIN_FIRST, "executive": 403}, post={}),
        "service-correction-list": Row(API_LIST, post={}),
        "service-correction-detail": Row(API_RECORD),
        "service-correction-correct": Row(API_ACTION, post=ADMIN_NAMES_NOBODY_API),
        "handling-defect-list": Row(API_LIST, post={"admin": 400}),
        "handling-defect-detail": Row(API_RECORD),
        "handling-defect-correct": Row(API_ACTION, post=ADMIN_NAMES_NOBODY_API),
        "handling-defect-notify": Row(API_ACTION, post={}),
        # Visits (V1–V7, S1–S4).
        "visits:queue_home": Row(PAGE, get=dict.fromkeys(ACTORS, 302)),  # to one's own queue
        "visits:queue": Row(RECORD, post={}),  # the queue of one department
        "visits:memos": Row(PAGE, post={**FORM_ERROR, **ADMIN_NAMES_NOBODY}),
        "visits:memo_detail": Row(RECORD),
        "visits:memo_contact": Row(ACTION, get=LOGIN_FIRST, post={}),
        "visits:assisted": Row(PAGE, post={**FORM_ERROR, **ADMIN_NAMES_NOBODY}),
        "visits:assisted_detail": Row(RECORD),
        "visits:assisted_assign": Row(ACTION, get=LOGIN_FIRST, post={}),
        "visits:field_list": Row(PAGE),
        "visits:field_create": Row(FORM, post=FORM_ERROR),
        "visits:field_detail": Row(RECORD, post={}),
        "visit-ticket-list": Row(API_LIST, post={}),
        "visit-ticket-call-next": Row(
            API_ACTION, post={"other_staff": 400, "other_manager": 400, "admin": 400}
        ),
        "visit-ticket-detail": Row(API_RECORD),
        "visit-ticket-call": Row(API_ACTION, post=ADMIN_NAMES_NOBODY_API),
        "visit-ticket-serve": Row(API_ACTION, post=ADMIN_NAMES_NOBODY_API),
        "visit-ticket-complete": Row(API_ACTION, post=ADMIN_NAMES_NOBODY_API),
        "visit-ticket-leave": Row(API_ACTION, post={}),
        "absence-memo-list": Row(API_LIST, post={"admin": 400}),
        "absence-memo-detail": Row(API_RECORD),
        "absence-memo-contact": Row(API_ACTION, post=ADMIN_NAMES_NOBODY_API),
        "assisted-visit-list": Row(API_LIST, post={"admin": 400}),
        "assisted-visit-detail": Row(API_RECORD),
        "assisted-visit-assign": Row(API_ACTION, post={}),
        "field-visit-list": Row(API_LIST, post={}),
        "field-visit-detail": Row(API_RECORD),
        "field-visit-consent": Row(API_ACTION, post={}),
        "field-visit-notice": Row(API_ACTION, post={}),
        "field-visit-record": Row(API_ACTION, post={}),
    }
)


# -- The tests --------------------------------------------------------------------------------


def test_every_url_has_a_row():
    names = url_names()
    assert [n for n in names if n not in ROWS] == [], "URLs without a row in the matrix"
    assert [n for n in ROWS if n not in names] == [], "rows for URLs that no longer exist"


def _refused(row: Row, method: str, actor: str, response) -> bool:
    """Was this a refusal (which must change nothing)? 4xx; a log-in redirect; a page's form
    sent back with the error."""
    status = response.status_code
    if status >= 400:
        return True
    if status == 302 and response.url.startswith(resolve_url(settings.LOGIN_URL)):
        return True
    return method == "post" and status == 200 and not row.kind.startswith("api")


def _check(world, row, name, actor, method, expected, kwargs, posts):
    cache.clear()  # rate limits count per address: every request here comes from one
    # Those who may see the record may be shown it again with their form's error (and that
    # opening is recorded); for everyone else, not even an access record may be written.
    entitled = actor in ("staff", "manager", "admin") and expected == 200
    before, sent = database_state(access_records=not entitled), messages_sent()
    response = call(world, actor, name, kwargs, method, posts.get(name))
    where = f"{method.upper()} {name} as {actor}"
    assert response.status_code == expected, f"{where}: {response.status_code}, not {expected}"
    if actor in ("anonymous", "system") and response.status_code == 302 and row.kind != PUBLIC:
        assert response.url.startswith(resolve_url(settings.LOGIN_URL)), where
    if _refused(row, method, actor, response):
        after = database_state(access_records=not entitled)
        assert after == before, f"{where} was refused but changed the database"
        assert messages_sent() == sent, f"{where} was refused but sent a message"
    elif method == "post" and response.status_code == 302:
        assert not response.url.startswith(resolve_url(settings.LOGIN_URL)), where
    return response


@pytest.mark.parametrize("name", sorted(ROWS))
def test_each_actor_gets_what_their_role_and_department_allow(name, world):
    row = ROWS[name]
    app = app_of(name)
    kwargs, posts = make_for(app, world)
    for actor, expected in row.expected_get().items():
        response = _check(world, row, name, actor, "get", expected, kwargs, posts)
        detail = name.removesuffix("-list") + "-detail"
        if (
            row.kind == API_LIST
            and expected == 200
            and detail in kwargs
            and name not in SHARED_LISTS
        ):
            # A list shows this department's record to those who see it, and to no one else.
            ids = {item["id"] for item in response.json()["results"]}
            assert (kwargs[detail]["pk"] in ids) == (actor not in OUTSIDE), f"{name} {actor}"
    expected_post = row.expected_post()
    if expected_post is None:
        return
    assert name in posts, f"tests/{app}/matrix.py has no valid POST payload for {name}"
    succeeds = {a for a, status in expected_post.items() if status in (200, 201, 302)}
    # Refusals first, on the same records (they change nothing); then each actor who may do
    # it, on records of their own, since a done thing cannot be done twice.
    for actor in ACTORS:
        if (
            actor not in succeeds
            or actor in ("anonymous", "system")
            and expected_post[actor] == 302
        ):
            _check(world, row, name, actor, "post", expected_post[actor], kwargs, posts)
    for actor in ACTORS:
        if actor in succeeds and not (actor in ("anonymous", "system") and row.kind != API_LIST):
            fresh, posts = make_for(app, world)
            _check(world, row, name, actor, "post", expected_post[actor], fresh, posts)
