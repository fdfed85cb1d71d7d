"""The managers' dashboard (/dashboard/, charter.dashboard via the test Client): a
department manager and an executive (every department), a month and a year, against one
hand-written aggregate SQL over the same rows (the per-standard counts of the period and the
one before); at N/10 and N rows; and a drill-down page (a month's breaches)."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.utils import timezone

from charter import reports
from charter.clock import SEOUL

PERIODS = (("month", "last_month"), ("year", "this_year"))


def _clients():
    from django.contrib.auth import get_user_model

    User = get_user_model()
    manager = User.objects.get(username="scale0000")
    executive = User.objects.get(username="scale_exec")
    clients = {}
    for label, user in (("manager", manager), ("executive", executive)):
        client = Client()
        client.force_login(user)
        clients[label] = (client, user)
    return clients


def aggregate(period, department_id):
    since, until = period.previous().since, period.until
    split = period.since
    where = "starts_at >= %s AND starts_at < %s"
    params = [split, split, split, split, since, until]
    if department_id is not None:
        where += " AND department_id = %s"
        params.append(department_id)
    sql = (
        "SELECT standard_id, "
        "SUM(CASE WHEN starts_at >= %s THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN starts_at >= %s AND status = 'met' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN starts_at >= %s AND status = 'breached' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN starts_at < %s AND status = 'met' THEN 1 ELSE 0 END) "
        f"FROM charter_obligation WHERE {where} GROUP BY standard_id"
    )

    def run(_prepared):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return run


def page(client, url):
    def run(_prepared):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    return run


def _measure(ctx, *, with_reference=True):
    today = timezone.localdate(timezone.now(), SEOUL)
    clients = _clients()
    found = {}
    for who, (client, user) in clients.items():
        department = user.staff_member.department_id if who == "manager" else None
        for label, kind in PERIODS:
            period = reports.Period.named(kind, today)
            result = ctx.timed(
                page(client, f"/dashboard/?period={kind}"),
                reference=aggregate(period, department),
            )
            found[(who, label)] = result
    return found, clients


def measure_small(ctx):
    found, _clients = _measure(ctx)
    ctx.memo["dashboard_small"] = found
    return []


def measure(ctx):
    found, clients = _measure(ctx)
    small = ctx.memo.get("dashboard_small", {})
    rows = []
    for (who, label), result in found.items():
        timing, ref = result["fn"], result["reference"]
        rows.append(
            ctx.row(
                f"dashboard, {who}, {label}, {ctx.n:,} rows",
                timing,
                reference="one aggregate SQL",
                ref_timing=ref,
            )
        )
        before = small.get((who, label))
        if before:
            rows.append(
                ctx.row(
                    f"dashboard, {who}, {label}: {ctx.n // 10:,} → {ctx.n:,} rows",
                    timing,
                    reference=f"same page at {ctx.n // 10:,}",
                    ref_timing=before["fn"],
                    note=f"growth for 10× rows (aggregate: "
                    f"{ref.median / before['reference'].median:.2f}×)",
                )
            )
    client, _user = clients["manager"]
    drill = ctx.timed(page(client, "/dashboard/obligations/?period=last_month&status=breached"))
    rows.append(ctx.row(f"drill-down, a month's breaches, {ctx.n:,} rows", drill["fn"]))
    return rows
