"""The satisfaction survey: the public page's question, the one-question link in every reply
sent to a customer, and the figures on the dashboard."""

import re

import pytest
import time_machine
from django.core import signing

from charter.models import SatisfactionResponse
from charter.survey import satisfaction_record, satisfaction_summary
from feedback import services
from tests.conftest import kst
from tests.feedback.helpers import actor, complaint, opinion
from tests.outbox import sent_email, sent_sms

pytestmark = pytest.mark.django_db

LINK = re.compile(r"/charter/satisfaction/([^/\s]+)/")


def test_the_charter_page_asks_the_original_question_in_korean(client):
    page = client.get("/charter/").content.decode()
    assert "열람하신 정보에 대해 만족하십니까?" in page
    for label in ("매우 만족", "만족", "보통", "불만족", "매우 불만족"):
        assert f">{label}</label>" in page
    assert page.count('type="radio" name="score"') == 5


def test_a_public_answer_is_stored_and_thanked_after_a_redirect(client):
    response = client.post("/charter/satisfaction/", {"score": "4"})
    assert response.status_code == 302
    assert response["Location"] == "/charter/"
    answer = SatisfactionResponse.objects.get()
    assert (answer.score, answer.source, answer.department, answer.object_id) == (
        4,
        "charter",
        None,
        None,
    )
    assert "응답해 주셔서 감사합니다." in client.get(response["Location"]).content.decode()


def test_no_answer_or_a_bad_score_stores_nothing_and_says_so(client):
    for data in ({}, {"score": "9"}, {"score": "x"}):
        response = client.post("/charter/satisfaction/", data)
        assert response.status_code == 400
        assert "답을 하나 골라 주십시오" in response.content.decode() or "올바르게" in (
            response.content.decode()
        )
    assert not SatisfactionResponse.objects.exists()


def test_public_answers_are_limited_per_client(client, settings):
    settings.CHARTER_SURVEY_RATE = (3, 600)
    codes = [client.post("/charter/satisfaction/", {"score": "5"}).status_code for _ in range(5)]
    assert codes == [302, 302, 302, 429, 429]
    limited = client.post("/charter/satisfaction/", {"score": "5"}).content.decode()
    assert "요청이 너무 많습니다" in limited
    assert SatisfactionResponse.objects.count() == 3
    other = client.post("/charter/satisfaction/", {"score": "5"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


def _reply(item, channel="email", kind="result", at=None):
    return services.feedback_reply(
        feedback=item,
        kind=kind,
        text="검토 결과를 알려 드립니다.",
        channel=channel,
        at=at or kst(2026, 10, 2, 10),
        by=actor(item),
    )


@time_machine.travel(kst(2026, 10, 2, 11), tick=False)
def test_the_reply_email_holds_a_link_that_works_once(client, department):
    item = opinion(department, kst(2026, 10, 1, 10))
    reply = _reply(item)
    [message] = sent_email()
    assert "답변에 만족하셨는지" in message.body
    token = LINK.search(message.body).group(1)
    data = signing.loads(token, salt="charter.survey.reply")
    assert "hong" not in str(data) and "010" not in str(data)  # nothing personal in it
    url = f"/charter/satisfaction/{token}/"

    page = client.get(url).content.decode()
    assert "저희 재단의 답변에 만족하십니까?" in page
    response = client.post(url, {"score": "2"})
    assert response.status_code == 302
    answer = SatisfactionResponse.objects.get()
    assert (answer.score, answer.source, answer.department, answer.about) == (
        2,
        "reply",
        department,
        reply,
    )
    after = client.get(url).content.decode()
    assert "응답이 기록되었습니다" in after and 'name="score"' not in after

    again = client.post(url, {"score": "5"}, follow=True)
    assert "이미 응답해 주셨습니다" in again.content.decode()
    assert SatisfactionResponse.objects.get().score == 2  # the second answer is refused


@time_machine.travel(kst(2026, 10, 2, 11), tick=False)
def test_each_reply_of_a_complaint_has_its_own_link_by_sms_too(client, department):
    item = complaint(department, kst(2026, 10, 1, 10))
    _reply(item, channel="sms", kind="progress")
    _reply(item, channel="email", kind="progress", at=kst(2026, 10, 2, 10, 30))
    [sms] = sent_sms()
    [email] = sent_email()
    tokens = {LINK.search(sms.body).group(1), LINK.search(email.body).group(1)}
    assert len(tokens) == 2
    for token in tokens:
        assert client.post(f"/charter/satisfaction/{token}/", {"score": "5"}).status_code == 302
    assert SatisfactionResponse.objects.filter(source="reply").count() == 2


@time_machine.travel(kst(2026, 10, 2, 11), tick=False)
def test_a_tampered_or_expired_link_is_a_korean_page_and_stores_nothing(client, department):
    item = opinion(department, kst(2026, 10, 1, 10))
    _reply(item)
    token = LINK.search(sent_email()[0].body).group(1)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for url in (f"/charter/satisfaction/{tampered}/", "/charter/satisfaction/nonsense/"):
        page = client.get(url)
        assert page.status_code == 400
        assert "유효하지 않은 설문 링크입니다" in page.content.decode()
        assert client.post(url, {"score": "5"}).status_code == 400
    with time_machine.travel(kst(2026, 12, 2, 11), tick=False):  # 61 days later
        assert client.get(f"/charter/satisfaction/{token}/").status_code == 400
    assert not SatisfactionResponse.objects.exists()


def _answers(department, other_department):
    at = kst(2026, 10, 5, 10)
    for score in (5, 4, 2):
        SatisfactionResponse.objects.create(
            score=score, source="reply", department=department, created_at=at
        )
    SatisfactionResponse.objects.create(
        score=1, source="reply", department=other_department, created_at=at
    )
    satisfaction_record(score=5, source="charter", at=at)
    SatisfactionResponse.objects.create(  # another month
        score=1, source="reply", department=department, created_at=kst(2026, 9, 30, 10)
    )


def test_the_summary_is_scoped(manager, executive, department, other_department):
    _answers(department, other_department)
    october = {"since": kst(2026, 10, 1).date(), "until": kst(2026, 11, 1).date()}
    mine = satisfaction_summary(user=manager.user, **october)
    assert mine == {"responses": 3, "average": 3.67, "satisfied_share": 2 / 3}
    everyone = satisfaction_summary(user=executive, **october)
    assert everyone["responses"] == 5  # the public page's answer counts for the foundation
    assert everyone["average"] == 3.4
    assert satisfaction_summary(user=executive, department=other_department, **october) == {
        "responses": 1,
        "average": 1.0,
        "satisfied_share": 0.0,
    }
    # another department's figures are not a manager's
    assert satisfaction_summary(user=manager.user, department=other_department, **october) == {
        "responses": 0,
        "average": None,
        "satisfied_share": None,
    }


@time_machine.travel(kst(2026, 10, 20, 11), tick=False)
def test_the_dashboard_shows_the_figures_for_the_period(
    client, manager, executive, department, other_department
):
    _answers(department, other_department)
    client.force_login(manager.user)
    page = client.get("/dashboard/").content.decode()
    panel = page.split('id="satisfaction-heading"')[1].split("</section>")[0]
    assert "고객 만족도" in page
    assert '<span class="dash-figure">3</span>' in panel
    assert '<span class="dash-figure">3.7</span>' in panel
    assert '<span class="dash-figure">67%</span>' in panel
    last = client.get("/dashboard/?period=last_month").content.decode()
    assert '<span class="dash-figure">1</span>' in last.split('id="satisfaction-heading"')[1]
    client.force_login(executive)
    page = client.get("/dashboard/").content.decode()
    panel = page.split('id="satisfaction-heading"')[1].split("</section>")[0]
    assert '<span class="dash-figure">5</span>' in panel


@time_machine.travel(kst(2026, 10, 20, 11), tick=False)
def test_the_dashboard_says_when_nobody_answered(client, manager):
    client.force_login(manager.user)
    assert "기간 중 응답이 없습니다." in client.get("/dashboard/").content.decode()
