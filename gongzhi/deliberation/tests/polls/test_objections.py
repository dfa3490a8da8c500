"""Residents' polls use the owners' vote machinery: a counted paper ballot is corrected by a
new row that supersedes it (the history stays, the person is counted once), and objections to
a published result are logged and answered, on the pages and in the API."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gongzhi.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from gongzhi.deliberation.polls import services as services_polls
from gongzhi.deliberation.polls.models import PollBallot, PollObjection

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def scan():
    return SimpleUploadedFile("scan.pdf", b"%PDF-1.4 poll ballot", "application/pdf")


def open_poll(world, building=None):
    poll = services_polls.poll_create(
        actor=world.users["staff_a"], community=world.community_a,
        building=building or world.building_a1, title="甲楼活动室开放时间",
        closes_on=datetime.date(2030, 1, 1))
    return services_polls.poll_open(actor=world.users["staff_a"], poll=poll)


def counted_paper_ballot(world, poll, choice="yes"):
    ballot = services_polls.poll_enter_paper(actor=world.users["staff_a"], poll=poll,
                                             elector=poll.electors.first(), choice=choice,
                                             scan=scan())
    return services_polls.poll_ballot_check(actor=world.users["secretary_a"], ballot=ballot,
                                            approve=True)


def published_poll(world, building=None):
    poll = open_poll(world, building)
    counted_paper_ballot(world, poll)
    poll = services_polls.poll_close(actor=world.users["staff_a"], poll=poll,
                                     confirm_early=True)
    return services_polls.poll_publish(actor=world.users["staff_a"], poll=poll)


# ---- corrections ---------------------------------------------------------------------------

def test_a_corrected_paper_ballot_keeps_its_history_and_counts_the_person_once(world):
    # given 甲居民's paper vote "yes", entered and checked
    poll = open_poll(world)
    old = counted_paper_ballot(world, poll, "yes")
    # when staff correct it to "no" with a reason
    new = services_polls.poll_ballot_correct(actor=world.users["staff_a"], ballot=old,
                                             choice="no", reason="录入时看错了勾选")
    # then the old row stays, superseded, and the new one points to it
    old.refresh_from_db()
    assert (old.state, old.choice) == ("superseded", "yes")
    assert (new.state, new.choice, new.supersedes_id, new.correction_reason) == (
        "counted", "no", old.pk, "录入时看错了勾选")
    assert new.scan.name == old.scan.name and new.channel == "paper"
    assert PollBallot.objects.filter(poll=poll).count() == 2
    # and the tally counts 甲居民 once, with the corrected choice
    result = services_polls.poll_result(poll)
    assert result["voted"] == 1
    assert {o["key"]: o["count"] for o in result["options"]} == {"yes": 0, "no": 1,
                                                                  "abstain": 0}


def test_a_correction_needs_a_reason_a_counted_paper_ballot_and_an_unpublished_poll(world):
    poll = open_poll(world)
    ballot = counted_paper_ballot(world, poll)
    staff = world.users["staff_a"]
    with pytest.raises(ValidationFailed):
        services_polls.poll_ballot_correct(actor=staff, ballot=ballot, choice="no", reason=" ")
    with pytest.raises(ValidationFailed):
        services_polls.poll_ballot_correct(actor=staff, ballot=ballot, choice="maybe",
                                           reason="理由")
    services_polls.poll_ballot_correct(actor=staff, ballot=ballot, choice="no", reason="理由")
    with pytest.raises(DomainError) as superseded:
        services_polls.poll_ballot_correct(actor=staff, ballot=ballot, choice="abstain",
                                           reason="再改")
    assert superseded.value.code == "not_counted"
    assert PollBallot.objects.filter(poll=poll).count() == 2


def test_an_online_vote_is_never_corrected_by_staff(world):
    poll = open_poll(world, world.building_a2)
    own = services_polls.poll_cast_online(actor=world.users["resident_a"], poll=poll,
                                          choice="yes")
    with pytest.raises(DomainError) as refused:
        services_polls.poll_ballot_correct(actor=world.users["staff_a"], ballot=own,
                                           choice="no", reason="代改")
    assert refused.value.code == "not_paper"
    own.refresh_from_db()
    assert (own.state, own.choice, PollBallot.objects.count()) == ("counted", "yes", 1)


def test_a_published_poll_cannot_be_corrected_and_outsiders_cannot_correct(world):
    poll = published_poll(world)
    ballot = poll.ballots.get()
    with pytest.raises(DomainError) as published:
        services_polls.poll_ballot_correct(actor=world.users["staff_a"], ballot=ballot,
                                           choice="no", reason="理由")
    assert published.value.code == "poll_published"
    with pytest.raises(NotFound):
        services_polls.poll_ballot_correct(actor=world.users["staff_b"], ballot=ballot,
                                           choice="no", reason="理由")
    ballot.refresh_from_db()
    assert (ballot.state, PollBallot.objects.count()) == ("counted", 1)


def test_staff_correct_on_the_page_and_see_the_record(client, world):
    poll = open_poll(world)
    ballot = counted_paper_ballot(world, poll)
    client.force_login(world.users["staff_a"])
    page = client.get(reverse("deliberation:poll_detail", kwargs={"pk": poll.pk})).content
    assert b'data-testid="poll-correct-form"' in page
    response = client.post(reverse("deliberation:poll_action",
                                   kwargs={"pk": poll.pk, "action": "correct"}), {
        "ballot": ballot.pk, "choice": "abstain", "reason": "补正签名页"})
    assert response.status_code == 302
    html = client.get(reverse("deliberation:poll_detail", kwargs={"pk": poll.pk})
                      ).content.decode()
    assert 'data-testid="poll-corrections"' in html and "补正签名页" in html
    assert PollBallot.objects.get(supersedes=ballot).choice == "abstain"


def test_the_api_lists_the_history_and_corrects(client, world):
    from gongzhi.accounts.services import api_token_create

    poll = open_poll(world)
    ballot = counted_paper_ballot(world, poll)
    headers = {"Authorization": f"Bearer {api_token_create(user=world.users['staff_a']).token}"}
    response = client.post(f"/api/v1/deliberation/poll-ballots/{ballot.pk}/correct",
                           {"choice": "no", "reason": "核对原件"},
                           content_type="application/json", headers=headers)
    assert response.status_code == 201, response.content
    assert (response.json()["supersedes_id"], response.json()["state"]) == (ballot.pk, "counted")
    history = client.get(f"/api/v1/deliberation/polls/{poll.pk}/ballots", headers=headers).json()
    assert [(row["choice"], row["state"]) for row in history] == [("yes", "superseded"),
                                                                  ("no", "counted")]
    again = client.post(f"/api/v1/deliberation/poll-ballots/{ballot.pk}/correct",
                        {"choice": "yes", "reason": "再改"},
                        content_type="application/json", headers=headers)
    assert set(again.json()) == {"code", "message", "detail"}
    assert again.json()["code"] == "not_counted"


# ---- objections ----------------------------------------------------------------------------

def test_a_resident_of_the_electorate_objects_and_staff_answer(world):
    # given a published poll of 甲楼二号, where resident_a lives
    poll = published_poll(world, world.building_a2)
    objection = services_polls.poll_objection_create(actor=world.users["resident_a"],
                                                     poll=poll, text="计票时漏了我的纸质票")
    assert objection.raised_by_name == "甲**"    # a resident is shown masked
    answered = services_polls.poll_objection_answer(actor=world.users["staff_a"],
                                                    objection=objection, answer="已核对原件")
    assert (answered.answer, answered.answered_by) == ("已核对原件", world.users["staff_a"])
    with pytest.raises(DomainError) as twice:
        services_polls.poll_objection_answer(actor=world.users["staff_a"], objection=objection,
                                             answer="再答一次")
    assert twice.value.code == "answered"


def test_objections_only_in_the_publicity_period_and_only_from_those_entitled(world):
    staff = world.users["staff_a"]
    open_one = open_poll(world, world.building_a2)
    with pytest.raises(DomainError) as not_published:
        services_polls.poll_objection_create(actor=staff, poll=open_one, text="太早")
    assert not_published.value.code == "not_published"
    poll = published_poll(world)   # 甲楼一号: resident_a is not in its electorate
    with pytest.raises(NotFound):
        services_polls.poll_objection_create(actor=world.users["resident_a"], poll=poll,
                                             text="我不住这栋")
    with pytest.raises(NotFound):
        services_polls.poll_objection_create(actor=world.users["staff_b"], poll=poll,
                                             text="外人")
    later = timezone.now() + datetime.timedelta(days=poll.publicity_days + 1)
    with pytest.raises(DomainError) as over:
        services_polls.poll_objection_create(actor=staff, poll=poll, text="过期", now=later)
    assert over.value.code == "publicity_over"
    objection = services_polls.poll_objection_create(actor=staff, poll=poll, text="代居民登记")
    with pytest.raises((NotFound, PermissionDenied)):
        services_polls.poll_objection_answer(actor=world.users["resident_a"],
                                             objection=objection, answer="自己答")
    assert PollObjection.objects.get().answer == ""


def test_objections_on_the_pages_and_in_the_api(client, world):
    from gongzhi.accounts.services import api_token_create

    poll = published_poll(world, world.building_a2)
    client.force_login(world.users["resident_a"])
    response = client.post(reverse("deliberation:my_poll_ballot",
                                   kwargs={"pk": poll.pk, "action": "objection"}),
                           {"text": "公示的人数不对"})
    assert response.status_code == 302
    my_page = client.get(reverse("deliberation:my_polls")).content.decode()
    assert "公示的人数不对" in my_page and "待答复" in my_page
    objection = PollObjection.objects.get()
    client.force_login(world.users["staff_a"])
    staff_page = client.get(reverse("deliberation:poll_detail", kwargs={"pk": poll.pk}))
    assert "公示的人数不对" in staff_page.content.decode()
    client.post(reverse("deliberation:poll_action", kwargs={"pk": poll.pk, "action": "answer"}),
                {"objection": objection.pk, "answer": "已复核，人数无误"})
    objection.refresh_from_db()
    assert objection.answer == "已复核，人数无误"

    resident = {"Authorization": f"Bearer {api_token_create(user=world.users['resident_a']).token}"}
    staff = {"Authorization": f"Bearer {api_token_create(user=world.users['staff_a']).token}"}
    raised = client.post(f"/api/v1/deliberation/my-polls/{poll.pk}/objections",
                         {"text": "再提一条"}, content_type="application/json", headers=resident)
    assert raised.status_code == 201, raised.content
    answer = client.post(f"/api/v1/deliberation/poll-objections/{raised.json()['id']}/answer",
                         {"answer": "已答复"}, content_type="application/json", headers=staff)
    assert (answer.status_code, answer.json()["answer"]) == (201, "已答复")
    listed = client.get(f"/api/v1/deliberation/polls/{poll.pk}/objections", headers=staff)
    assert [row["text"] for row in listed.json()] == ["公示的人数不对", "再提一条"]
