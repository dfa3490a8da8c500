"""Votes through the services: frozen electorate, channels, corrections, publicity."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from gongzhi.core.errors import DomainError, NotFound, PermissionDenied
from gongzhi.deliberation.balloting.choices import BallotState
from gongzhi.deliberation.models import Ballot, ElectorCorrection, Objection
from gongzhi.deliberation.tests.factories import open_vote, owned_flats, scan
from gongzhi.deliberation.votes import services
from gongzhi.deliberation.votes.choices import VoteStatus
from gongzhi.people.models import Ownership


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def electors_by_floor(vote):
    return {e.floor: e for e in vote.electors.all()}


def test_opening_freezes_the_electorate_and_later_registry_changes_do_not_count(world):
    flats, owners = owned_flats(world, count=4)
    vote = open_vote(world)
    electors = electors_by_floor(vote)
    assert electors[1].floor_area == Decimal("100.00")
    assert electors[1].owner_ids == [owners[0].pk]
    # the registry changes after opening: a bigger area, a new co-owner, a new flat
    flats[0].floor_area = Decimal("900.00")
    flats[0].save(update_fields=["floor_area"])
    Ownership.objects.create(community=world.community_a, flat=flats[1], person=owners[2])
    staff = world.users["staff_a"]
    for floor in (1, 2, 3):
        services.ballot_enter_paper(actor=staff, vote=vote, elector=electors[floor],
                                    choice="yes", voter_name="业主", scan=scan())
    for ballot in Ballot.objects.filter(vote=vote):
        services.ballot_check(actor=world.users["secretary_a"], ballot=ballot, approve=True)
    result = services.vote_tally(vote)
    assert result.total_area == 400 and result.voted_area == 300
    assert result.total_owners == 4  # the new co-ownership did not merge two owners


def test_the_electorate_counts_each_flat_s_exclusive_area_with_its_source(world):
    # given four owned flats whose exclusive areas come from different sources
    flats, _owners = owned_flats(world, count=4)
    sources = ["register", "survey", "contract", "unknown"]
    for flat, source, area in zip(flats, sources, ("81.20", "75.00", "66.60", "90.00"),
                                  strict=True):
        flat.floor_area, flat.area_source = Decimal(area), source
        flat.save(update_fields=["floor_area", "area_source"])
    # when the vote opens
    vote = open_vote(world)
    # then each elector holds its flat's exclusive area and where it came from, and the total
    # area is their sum
    electors = electors_by_floor(vote)
    assert [(electors[f].floor_area, electors[f].area_source) for f in (1, 2, 3, 4)] == [
        (Decimal("81.20"), "register"), (Decimal("75.00"), "survey"),
        (Decimal("66.60"), "contract"), (Decimal("90.00"), "unknown")]
    assert services.vote_tally(vote).total_area == Decimal("312.80")


def test_electorate_correction_is_explicit_and_logged(world):
    owned_flats(world, count=4)
    vote = open_vote(world)
    elector = electors_by_floor(vote)[1]
    services.elector_correct(actor=world.users["staff_a"], elector=elector, field="floor_area",
                             value="120", reason="以不动产登记证为准")
    correction = ElectorCorrection.objects.get(elector=elector)
    assert (correction.before, correction.after) == ("100.00", "120.00")
    assert services.vote_tally(vote).total_area == 420


def test_owner_votes_online_for_their_own_flat_only_and_once(world):
    owned_flats(world, count=4)
    vote = open_vote(world)
    electors = electors_by_floor(vote)
    resident = world.users["resident_a"]
    ballot = services.ballot_cast_online(actor=resident, vote=vote, elector=electors[4],
                                         choice="yes")
    assert ballot.state == BallotState.COUNTED and ballot.voter_name == "甲住户"
    with pytest.raises(NotFound):
        services.ballot_cast_online(actor=resident, vote=vote, elector=electors[1], choice="no")
    with pytest.raises(DomainError) as error:
        services.ballot_cast_online(actor=resident, vote=vote, elector=electors[4], choice="no")
    assert error.value.code == "already_voted"
    assert Ballot.objects.filter(vote=vote).count() == 1


def test_paper_ballot_counts_only_after_a_second_person_checks_it(world):
    owned_flats(world, count=4)
    vote = open_vote(world)
    elector = electors_by_floor(vote)[1]
    staff = world.users["staff_a"]
    ballot = services.ballot_enter_paper(actor=staff, vote=vote, elector=elector, choice="yes",
                                         voter_name="业主1", scan=scan())
    assert services.vote_tally(vote).voted_area == 0
    with pytest.raises(PermissionDenied):
        services.ballot_check(actor=staff, ballot=ballot, approve=True)
    services.ballot_check(actor=world.users["secretary_a"], ballot=ballot, approve=True)
    assert services.vote_tally(vote).yes_area == 100
    # the same flat cannot also vote online
    with pytest.raises(DomainError):
        services.ballot_enter_paper(actor=staff, vote=vote, elector=elector, choice="no",
                                    voter_name="业主1", scan=scan())


def test_proxy_votes_under_an_uploaded_authorisation_which_can_be_revoked(world):
    owned_flats(world, count=4)
    vote = open_vote(world)
    electors = electors_by_floor(vote)
    staff = world.users["staff_a"]
    proxy = services.proxy_authorise(actor=staff, elector=electors[2], owner_name="业主2",
                                     proxy_name="业主2之子", document=scan("委托书.pdf"))
    services.proxy_revoke(actor=staff, proxy=proxy, reason="业主改为亲自投票")
    with pytest.raises(DomainError):
        services.ballot_enter_proxy(actor=staff, proxy=proxy, choice="yes")
    proxy = services.proxy_authorise(actor=staff, elector=electors[2], owner_name="业主2",
                                     proxy_name="业主2之女", document=scan("委托书2.pdf"))
    ballot = services.ballot_enter_proxy(actor=staff, proxy=proxy, choice="no")
    assert (ballot.channel, ballot.voter_name, ballot.state) == ("proxy", "业主2之女", "counted")
    with pytest.raises(DomainError):
        services.proxy_revoke(actor=staff, proxy=proxy, reason="")


def test_correction_supersedes_and_keeps_the_history(world):
    owned_flats(world, count=4)
    vote = open_vote(world)
    resident = world.users["resident_a"]
    first = services.ballot_cast_online(actor=resident, vote=vote,
                                        elector=electors_by_floor(vote)[4], choice="no")
    second = services.ballot_correct(actor=world.users["staff_a"], ballot=first, choice="yes",
                                     reason="业主书面声明误选")
    first.refresh_from_db()
    assert first.state == BallotState.SUPERSEDED and second.supersedes == first
    assert Ballot.objects.filter(vote=vote).count() == 2
    assert services.vote_tally(vote).yes_area == 100
    with pytest.raises(DomainError):
        services.ballot_correct(actor=world.users["staff_a"], ballot=first, choice="no",
                                reason="再改")


def test_outsider_staff_cannot_run_the_vote(world):
    owned_flats(world, count=4)
    vote = open_vote(world)
    elector = electors_by_floor(vote)[1]
    with pytest.raises(NotFound):
        services.ballot_enter_paper(actor=world.users["staff_b"], vote=vote, elector=elector,
                                    choice="yes", voter_name="x", scan=scan())
    with pytest.raises(NotFound):
        services.vote_close(actor=world.users["staff_b"], vote=vote)
    assert Ballot.objects.count() == 0 and vote.status == VoteStatus.OPEN


def test_elevator_vote_judged_by_the_rule_in_force_on_its_day(world):
    flats, _ = owned_flats(world, count=4)
    with time_machine.travel(datetime.datetime(2025, 3, 1, 10, tzinfo=datetime.UTC)):
        old = open_vote(world, kind="elevator", affected=[flats[0].pk], title="旧规则")
    new = open_vote(world, kind="elevator", affected=[flats[0].pk], title="新规则",
                    now=timezone.make_aware(datetime.datetime(2026, 3, 1, 10)))
    assert old.rule_set.publicity_days == 10 and new.rule_set.publicity_days == 20


def test_full_elevator_vote_with_veto_cost_shares_publicity_and_objection(world):
    flats, _ = owned_flats(world, count=4)
    staff, secretary = world.users["staff_a"], world.users["secretary_a"]
    vote = open_vote(world, kind="elevator", affected=[flats[0].pk], cost_total=Decimal("900"),
                     cost_scheme="floor", cost_parameters={"1": "0", "2": "1", "3": "1",
                                                           "4": "1"})
    electors = electors_by_floor(vote)
    services.ballot_cast_online(actor=world.users["resident_a"], vote=vote,
                                elector=electors[4], choice="yes")
    for floor, choice in ((1, "no"), (2, "yes"), (3, "yes")):
        ballot = services.ballot_enter_paper(actor=staff, vote=vote, elector=electors[floor],
                                             choice=choice, voter_name="业主", scan=scan())
        services.ballot_check(actor=secretary, ballot=ballot, approve=True)
    services.vote_close(actor=staff, vote=vote, confirm_early=True)
    now = timezone.make_aware(datetime.datetime(2026, 7, 1, 9))
    vote = services.vote_publish(actor=staff, vote=vote, now=now)
    assert vote.publicity_ends_on == datetime.date(2026, 7, 21)
    result = vote.result
    assert result["approval_area_passed"] and result["participation_area_passed"]
    assert result["affected_refusing"] == [electors[1].room_number]
    assert result["passed"] is False
    assert [row["share"] for row in result["flats"]] == ["0.00", "300.00", "300.00", "300.00"]
    objection = services.objection_create(actor=world.users["resident_a"], vote=vote,
                                          text="一楼采光补偿未写明", now=now)
    assert objection.raised_by_name == "甲**"
    stale = Objection.objects.get(pk=objection.pk)
    services.objection_answer(actor=staff, objection=objection, answer="已约定补偿方案")
    # a second answer from a page opened before the first is refused, the first kept
    with pytest.raises(DomainError):
        services.objection_answer(actor=secretary, objection=stale, answer="另一答复")
    assert Objection.objects.get(pk=objection.pk).answer == "已约定补偿方案"
    with pytest.raises(DomainError):
        services.objection_create(actor=world.users["resident_a"], vote=vote, text="晚了",
                                  now=now + datetime.timedelta(days=21))
