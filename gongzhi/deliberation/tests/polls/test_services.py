"""Residents' polls: the frozen electorate, one's own vote only, the second person's check,
publication."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongzhi.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from gongzhi.deliberation.polls import services as services_polls
from gongzhi.deliberation.polls.models import PollBallot
from gongzhi.deliberation.tests.factories import scan
from gongzhi.people import services as people_services
from gongzhi.people.models import Person

pytestmark = pytest.mark.django_db


def resident(world, name, flat, birth_date=datetime.date(1980, 5, 1)):
    person = Person.objects.create(community=world.community_a, name=name, birth_date=birth_date)
    people_services.residence_move_in(actor=world.users["superuser"], person=person, flat=flat,
                                      relation="other")
    return person


def new_poll(world, *, building=None, **fields):
    return services_polls.poll_create(
        actor=world.users["staff_a"], community=world.community_a,
        building=building if building is not None else world.building_a1,
        title=fields.pop("title", "社区活动室开放时间"),
        closes_on=datetime.date(2030, 1, 1), **fields)


def test_electorate_is_adult_residents_frozen_when_the_poll_opens(world):
    # given 甲居民 (born 1956) and a child in 甲楼一号, and an adult in 甲楼二号
    child = resident(world, "小朋友", world.flat_a1, birth_date=datetime.date(2015, 1, 1))
    opening = timezone.now()
    turns_18_tomorrow = resident(world, "明日成年", world.flat_a1,
                                 birth_date=timezone.localdate(opening).replace(year=2008)
                                 + datetime.timedelta(days=1))
    # when the building's poll opens
    poll = services_polls.poll_open(actor=world.users["staff_a"], poll=new_poll(world),
                                    now=opening)
    # then only adults living there on the day are in it
    frozen = set(poll.electors.values_list("person_id_frozen", flat=True))
    assert frozen == {world.person_a.pk}
    assert child.pk not in frozen and turns_18_tomorrow.pk not in frozen
    assert poll.electors.get().name_masked == "甲**"
    # when someone moves in and 甲居民 moves out after opening, the electorate is unchanged
    resident(world, "新住户", world.flat_a1)
    people_services.residence_move_out(actor=world.users["superuser"], person=world.person_a,
                                       moved_out_on=timezone.localdate())
    assert set(poll.electors.values_list("person_id_frozen", flat=True)) == {world.person_a.pk}
    assert services_polls.poll_result(poll)["electorate"] == 1


def test_community_wide_poll_takes_every_adult_resident_of_the_community(world):
    community_poll = services_polls.poll_create(
        actor=world.users["staff_a"], community=world.community_a, title="全社区",
        closes_on=datetime.date(2030, 1, 1))
    community_poll = services_polls.poll_open(actor=world.users["staff_a"], poll=community_poll)
    assert set(community_poll.electors.values_list("person_id_frozen", flat=True)) == {
        world.person_a.pk, world.person_resident_a.pk}


def test_resident_casts_only_their_own_vote_and_only_once(world, client):
    staff = world.users["staff_a"]
    poll_a1 = services_polls.poll_open(actor=staff, poll=new_poll(world))
    poll_a2 = services_polls.poll_open(actor=staff, poll=new_poll(world,
                                                                  building=world.building_a2))
    user = world.users["resident_a"]  # lives in 甲楼二号
    # not in the electorate of 甲楼一号: not found, and nothing recorded
    with pytest.raises(NotFound):
        services_polls.poll_cast_online(actor=user, poll=poll_a1, choice="yes")
    client.force_login(user)
    assert client.post(f"/deliberation/my-polls/{poll_a1.pk}/ballot/",
                       {"choice": "yes"}).status_code == 404
    assert PollBallot.objects.count() == 0
    # in 甲楼二号: their vote counts, once
    response = client.post(f"/deliberation/my-polls/{poll_a2.pk}/ballot/", {"choice": "no"})
    assert response.status_code == 302
    ballot = PollBallot.objects.get()
    assert (ballot.poll_id, ballot.choice, ballot.state, ballot.cast_by_id) == (
        poll_a2.pk, "no", "counted", user.pk)
    with pytest.raises(DomainError) as error:
        services_polls.poll_cast_online(actor=user, poll=poll_a2, choice="yes")
    assert error.value.code == "already_voted"
    with pytest.raises(ValidationFailed):
        services_polls.poll_cast_online(actor=world.users["resident_a"], poll=poll_a2,
                                        choice="maybe")
    assert PollBallot.objects.count() == 1
    page = client.get("/deliberation/my-polls/").content.decode()
    assert poll_a2.title in page and "您已投票" in page


def test_paper_vote_counts_after_a_second_persons_check_and_then_publication(world):
    staff, secretary = world.users["staff_a"], world.users["secretary_a"]
    other = resident(world, "乙住户", world.flat_a1)
    third = resident(world, "丙住户", world.flat_a1)
    poll = services_polls.poll_open(actor=staff, poll=new_poll(
        world, kind="custom", option_labels=["上午 9–12 点", "下午 2–5 点"]))
    assert [o["key"] for o in poll.options] == ["1", "2", "abstain"]
    electors = {e.person_id_frozen: e for e in poll.electors.all()}
    ballot = services_polls.poll_enter_paper(actor=staff, poll=poll,
                                             elector=electors[world.person_a.pk],
                                             choice="1", scan=scan())
    with pytest.raises(PermissionDenied):
        services_polls.poll_ballot_check(actor=staff, ballot=ballot, approve=True)
    with pytest.raises(DomainError) as error:
        services_polls.poll_close(actor=staff, poll=poll)
    assert error.value.code == "pending_ballots"
    services_polls.poll_ballot_check(actor=secretary, ballot=ballot, approve=True)
    services_polls.poll_enter_paper(actor=staff, poll=poll, elector=electors[other.pk],
                                    choice="1", scan=scan())
    with pytest.raises(DomainError):  # one live ballot per person across channels
        services_polls.poll_enter_paper(actor=staff, poll=poll, elector=electors[other.pk],
                                        choice="2", scan=scan())
    pending = PollBallot.objects.get(elector=electors[other.pk])
    services_polls.poll_ballot_check(actor=secretary, ballot=pending, approve=True)
    services_polls.poll_close(actor=staff, poll=poll, confirm_early=True)
    poll = services_polls.poll_publish(actor=staff, poll=poll)
    # 2 of 3 voted (> 1/2), both for option 1 (2 of 2 > 1/2)
    assert poll.result["voted"] == 2 and poll.result["electorate"] == 3
    assert poll.result["leader_label"] == "上午 9–12 点" and poll.result["passed"] is True
    assert poll.publicity_ends_on == timezone.localdate() + datetime.timedelta(days=7)
    assert third.pk in electors


def test_outsider_cannot_run_a_poll(world):
    poll = new_poll(world)
    with pytest.raises(NotFound):
        services_polls.poll_open(actor=world.users["staff_b"], poll=poll)
    with pytest.raises(PermissionDenied):  # sees polls, may not run them
        services_polls.poll_open(actor=world.users["street_admin"], poll=poll)
    poll.refresh_from_db()
    assert poll.status == "draft" and poll.electors.count() == 0


def test_settings_are_validated(world):
    with pytest.raises(ValidationFailed):
        new_poll(world, quorum="3/2")
    with pytest.raises(ValidationFailed):
        new_poll(world, kind="custom", option_labels=["只有一个"])


def test_my_polls_page_query_count_does_not_grow(world, client):
    staff = world.users["staff_a"]
    client.force_login(world.users["resident_a"])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/deliberation/my-polls/").status_code == 200
        return len(queries)

    services_polls.poll_open(actor=staff, poll=new_poll(world, building=world.building_a2))
    one = count()
    for index in range(4):
        services_polls.poll_open(actor=staff, poll=new_poll(world, building=world.building_a2,
                                                            title=f"第{index}项"))
    assert count() == one


def test_resident_votes_through_the_api(world, client):
    from gongzhi.accounts.services import api_token_create

    poll = services_polls.poll_open(actor=world.users["staff_a"],
                                    poll=new_poll(world, building=world.building_a2))
    token = api_token_create(user=world.users["resident_a"]).token
    headers = {"Authorization": f"Bearer {token}"}
    listed = client.get("/api/v1/deliberation/my-polls", headers=headers).json()
    assert [(row["poll"]["id"], row["has_voted"]) for row in listed] == [(poll.pk, False)]
    response = client.post(f"/api/v1/deliberation/my-polls/{poll.pk}/ballots",
                           {"choice": "yes"}, content_type="application/json", headers=headers)
    assert response.status_code == 201 and response.json()["state"] == "counted"
    again = client.post(f"/api/v1/deliberation/my-polls/{poll.pk}/ballots",
                        {"choice": "no"}, content_type="application/json", headers=headers)
    assert again.status_code in (400, 409) and again.json()["code"] == "already_voted"
    assert PollBallot.objects.count() == 1
