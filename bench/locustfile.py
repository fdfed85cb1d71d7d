"""Locust users for the load runs (bench/load.py starts them headless; never run against a
host other than 127.0.0.1).

- `PhoneSystem`: the phone system posting calls, callback memos and CDR batches with its
  API key (env LOAD_API_KEY, LOAD_EXTENSION).
- `StaffMember` and `Manager`: a logged-in staff member on their pages and the API, a manager
  on the dashboard (env LOAD_STAFF_USER, LOAD_MANAGER_USER, LOAD_PASSWORD)."""

import datetime as dt
import itertools
import os
import random
import re
import uuid

from locust import HttpUser, between, constant, task

SEOUL = dt.timezone(dt.timedelta(hours=9))
_counter = itertools.count()


def _recent(minutes=30):
    at = dt.datetime.now(SEOUL) - dt.timedelta(minutes=random.randint(1, minutes), seconds=30)
    return at.replace(microsecond=0)


class PhoneSystem(HttpUser):
    wait_time = constant(0)
    weight = int(os.environ.get("LOAD_WEIGHT_PHONE", "1"))

    def on_start(self):
        self.client.headers.update(
            {"Authorization": f"Api-Key {os.environ['LOAD_API_KEY']}", "Accept-Language": "ko"}
        )
        self.extension = os.environ["LOAD_EXTENSION"]

    @task(5)
    def call(self):
        start = _recent()
        self.client.post(
            "/api/v1/calls/",
            json={
                "started_at": start.isoformat(),
                "answered_at": (start + dt.timedelta(seconds=random.randint(1, 9))).isoformat(),
                "rings": random.randint(1, 4),
                "extension": self.extension,
                "greeting": True,
                "repeated_back": True,
                "closing": True,
            },
            name="POST /api/v1/calls/",
        )

    @task(2)
    def callback(self):
        self.client.post(
            "/api/v1/callbacks/",
            json={
                "customer_phone": f"010-{random.randint(2000, 9999)}-{random.randint(1000, 9999)}",
                "customer_name": "부하시험",
                "question": "보증 문의",
                "extension": self.extension,
                "created_at": _recent().isoformat(),
            },
            name="POST /api/v1/callbacks/",
        )

    @task(3)
    def cdr(self):
        start = _recent(60 * 24)
        self.client.post(
            "/api/v1/calls/cdr/",
            json={
                "uniqueid": f"load-{uuid.uuid4().hex}",
                "start": f"{start:%Y-%m-%d %H:%M:%S}",
                "answer": f"{start + dt.timedelta(seconds=random.randint(0, 9)):%Y-%m-%d %H:%M:%S}",
                "disposition": "ANSWERED",
                "src": "0212345678",
                "dst": self.extension,
            },
            name="POST /api/v1/calls/cdr/",
        )


class _LoggedIn(HttpUser):
    abstract = True
    wait_time = between(0.5, 2)
    username_env = "LOAD_STAFF_USER"

    def on_start(self):
        page = self.client.get("/accounts/login/", name="login page")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        self.client.post(
            "/accounts/login/",
            data={
                "username": os.environ[self.username_env],
                "password": os.environ.get("LOAD_PASSWORD", "demo1234!"),
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="login",
        )


class Staff(_LoggedIn):
    weight = int(os.environ.get("LOAD_WEIGHT_STAFF", "1"))

    @task(3)
    def home(self):
        self.client.get("/", name="GET / (my work)")

    @task(2)
    def calls_today(self):
        self.client.get("/calls/", name="GET /calls/")

    @task(2)
    def api_obligations(self):
        self.client.get("/api/v1/obligations/?page_size=50", name="GET /api/v1/obligations/")

    @task(1)
    def api_staff(self):
        self.client.get("/api/v1/staff/", name="GET /api/v1/staff/")


class Manager(_LoggedIn):
    weight = int(os.environ.get("LOAD_WEIGHT_MANAGER", "1"))
    username_env = "LOAD_MANAGER_USER"

    @task
    def dashboard(self):
        self.client.get("/dashboard/", name="GET /dashboard/")
