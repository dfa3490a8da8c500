"""Closing a vote or a poll before its closing day needs an explicit confirmation given after
seeing the turnout and the deadline, in the services, on the pages and in the API."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gongzhi.core.errors import DomainError
from gongzhi.deliberation.models import Vote
from gongzhi.deliberation.polls import services as services_polls
from gongzhi.deliberation.polls.choices import PollStatus
from gongzhi.deliberation.polls.models import Poll
from gongzhi.deliberation.tests.factories import open_vote, owned_flats
from gongzhi.deliberation.votes import services
from gongzhi.deliberation.votes.choices import VoteStatus

SHANGHAI = ZoneInfo("Asia/Shanghai")
THREE_WEEKS_EARLY = datetime.datetime(2026, 12, 10, 10, 0, tzinfo=SHANGHAI)
CLOSING_DAY = datetime.datetime(2026, 12, 31, 18, 0, tzinfo=SHANGHAI)
BASE = "/api/v1/deliberation"
VOTE_MESSAGE = ("截止日期 2026-12-31 未到：目前 1 / 4 户业主、100.00 / 400.00 平方米参与表决。"
                "确需提前截止，请确认。")
POLL_MESSAGE = "截止日期 2026-12-31 未到：目前 1 / 2 人参与投票。确需提前截止，请确认。"


@pytest.fixture
def vote(world):
    """An open vote of four flats of 100 m² closing on 2026-12-31; resident_a voted."""
    owned_flats(world, count=4)
    vote = open_vote(world)
    elector = next(e for e in vote.electors.all() if e.floor == 4)
    services.ballot_cast_online(actor=world.users["resident_a"], vote=vote, elector=elector,
                                choice="yes")
    return vote


@pytest.fixture
def poll(world):
    """An open community-wide poll of two adults closing on 2026-12-31; resident_a voted."""
    poll = services_polls.poll_create(actor=world.users["staff_a"], community=world.community_a,
                                      title="活动室开放时间", closes_on=datetime.date(2026, 12, 31))
    poll = services_polls.poll_open(actor=world.users["staff_a"], poll=poll)
    services_polls.poll_cast_online(actor=world.users["resident_a"], poll=poll, choice="yes")
    return poll


def test_closing_a_vote_early_without_confirmation_is_refused_with_the_turnout(world, vote):
    # when staff close it three weeks early without confirming
    with time_machine.travel(THREE_WEEKS_EARLY, tick=False), \
            pytest.raises(DomainError) as error:
        services.vote_close(actor=world.users["staff_a"], vote=vote)
    # then the refusal states the deadline and the turnout, and nothing changed
    assert error.value.code == "early_close_unconfirmed"
    assert str(error.value.message) == VOTE_MESSAGE
    assert error.value.detail == {"confirm_early": [VOTE_MESSAGE]}
    vote.refresh_from_db()
    assert (vote.status, vote.closed_at) == (VoteStatus.OPEN, None)


def test_closing_a_vote_early_with_confirmation_closes_it(world, vote):
    with time_machine.travel(THREE_WEEKS_EARLY, tick=False):
        services.vote_close(actor=world.users["staff_a"], vote=vote, confirm_early=True)
    vote.refresh_from_db()
    assert (vote.status, vote.closed_at) == (VoteStatus.CLOSED, THREE_WEEKS_EARLY)


def test_on_the_closing_day_no_confirmation_is_needed(world, vote, poll):
    with time_machine.travel(CLOSING_DAY, tick=False):
        assert services.early_close_facts(vote) is None
        services.vote_close(actor=world.users["staff_a"], vote=vote)
        services_polls.poll_close(actor=world.users["staff_a"], poll=poll)
    assert Vote.objects.get(pk=vote.pk).status == VoteStatus.CLOSED
    assert Poll.objects.get(pk=poll.pk).status == PollStatus.CLOSED


def test_closing_a_poll_early_needs_confirmation(world, poll):
    with time_machine.travel(THREE_WEEKS_EARLY, tick=False):
        with pytest.raises(DomainError) as error:
            services_polls.poll_close(actor=world.users["staff_a"], poll=poll)
        assert (error.value.code, str(error.value.message)) == ("early_close_unconfirmed",
                                                                 POLL_MESSAGE)
        assert Poll.objects.get(pk=poll.pk).status == PollStatus.OPEN
        services_polls.poll_close(actor=world.users["staff_a"], poll=poll, confirm_early=True)
    assert Poll.objects.get(pk=poll.pk).status == PollStatus.CLOSED


def test_the_vote_page_asks_for_confirmation_with_the_turnout(client, world, vote):
    url = f"/deliberation/votes/{vote.pk}/"
    with time_machine.travel(THREE_WEEKS_EARLY, tick=False):
        client.force_login(world.users["staff_a"])
        # the page states the deadline and the turnout beside the close button
        page = client.get(url).content.decode()
        assert ("截止日期为 2026-12-31，尚未到期。目前 1 / 4 户业主参与表决，参与面积 100.00 / "
                "400.00 平方米。") in page
        assert 'name="confirm_early"' in page
        # a close without the tick is refused with the same facts
        response = client.post(f"{url}action/close/", {}, follow=True)
        assert VOTE_MESSAGE in response.content.decode()
        assert Vote.objects.get(pk=vote.pk).status == VoteStatus.OPEN
        # with the tick it closes
        client.post(f"{url}action/close/", {"confirm_early": "1"})
    assert Vote.objects.get(pk=vote.pk).status == VoteStatus.CLOSED


def test_the_poll_page_asks_for_confirmation_with_the_turnout(client, world, poll):
    url = f"/deliberation/polls/{poll.pk}/"
    with time_machine.travel(THREE_WEEKS_EARLY, tick=False):
        client.force_login(world.users["staff_a"])
        assert "目前 1 / 2 人参与投票" in client.get(url).content.decode()
        response = client.post(f"{url}action/close/", {}, follow=True)
        assert POLL_MESSAGE in response.content.decode()
        assert Poll.objects.get(pk=poll.pk).status == PollStatus.OPEN
        client.post(f"{url}action/close/", {"confirm_early": "1"})
    assert Poll.objects.get(pk=poll.pk).status == PollStatus.CLOSED


def _api(client, user):
    from gongzhi.accounts.services import api_token_create

    token = api_token_create(user=user).token

    def post(path, body):
        return client.post(f"{BASE}{path}", body, content_type="application/json",
                           headers={"Authorization": f"Bearer {token}"})

    return post


def test_the_api_has_the_same_confirmation(client, world, vote, poll):
    with time_machine.travel(THREE_WEEKS_EARLY, tick=False):
        post = _api(client, world.users["staff_a"])  # a token lives 12 hours: take it then
        response = post(f"/votes/{vote.pk}/close", {})
        assert response.status_code == 400
        assert response.json() == {"code": "early_close_unconfirmed", "message": VOTE_MESSAGE,
                                   "detail": {"confirm_early": [VOTE_MESSAGE]}}
        assert Vote.objects.get(pk=vote.pk).status == VoteStatus.OPEN
        response = post(f"/polls/{poll.pk}/close", {"confirm_early": False})
        assert (response.status_code, response.json()["message"]) == (400, POLL_MESSAGE)
        assert Poll.objects.get(pk=poll.pk).status == PollStatus.OPEN
        assert post(f"/votes/{vote.pk}/close", {"confirm_early": True}).json()["status"] == \
            "closed"
        assert post(f"/polls/{poll.pk}/close", {"confirm_early": True}).json()["status"] == \
            "closed"


def test_a_resident_cannot_close_through_the_api(client, world, vote):
    post = _api(client, world.users["resident_a"])
    response = post(f"/votes/{vote.pk}/close", {"confirm_early": True})
    assert response.status_code == 404
    assert Vote.objects.get(pk=vote.pk).status == VoteStatus.OPEN
