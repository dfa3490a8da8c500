"""Many simultaneous votes by one person in a poll count once, and nothing changes what is counted
once a poll is closed or published (PostgreSQL; SQLite serialises writes)."""

import datetime
import json
import threading

import pytest
from django.db import connection, connections, transaction

from gongzhi.core.errors import DomainError
from gongzhi.deliberation.balloting.choices import BallotState
from gongzhi.deliberation.polls import services as services_polls
from gongzhi.deliberation.polls.choices import PollChannel, PollStatus
from gongzhi.deliberation.polls.models import Poll, PollBallot, PollElector
from gongzhi.deliberation.tests.factories import scan
from gongzhi.deliberation.tests.votes.test_concurrency import _race, _refused


@pytest.mark.django_db(transaction=True)
def test_simultaneous_votes_of_one_person_count_once(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is checked on PostgreSQL")
    settings.MEDIA_ROOT = tmp_path
    from gongzhi.conftest import build_world

    world = build_world()
    staff = world.users["staff_a"]
    poll = services_polls.poll_create(actor=staff, community=world.community_a,
                                      building=world.building_a2, title="活动室开放时间",
                                      closes_on=datetime.date(2030, 1, 1))
    poll = services_polls.poll_open(actor=staff, poll=poll)
    elector = poll.electors.get(person_id_frozen=world.person_resident_a.pk)
    barrier = threading.Barrier(12)
    outcomes = []

    def submit(index):
        try:
            barrier.wait()
            if index % 2 == 0:
                services_polls.poll_cast_online(actor=world.users["resident_a"], poll=poll,
                                                choice="yes")
            else:
                services_polls.poll_enter_paper(actor=staff, poll=poll, elector=elector,
                                                choice="no", scan=scan())
            outcomes.append("ok")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 1
    assert outcomes.count("already_voted") == 11
    assert PollBallot.objects.filter(poll=poll, elector=elector).count() == 1


def _poll_of_twelve(world, *, counted: bool):
    """An open poll of building a2 whose electorate has 11 more adults (12 with resident_a);
    with `counted`, each of them has a counted paper vote saying yes."""
    staff = world.users["staff_a"]
    poll = services_polls.poll_create(actor=staff, community=world.community_a,
                                      building=world.building_a2, title="活动室开放时间",
                                      closes_on=datetime.date(2030, 1, 1))
    poll = services_polls.poll_open(actor=staff, poll=poll)
    for number in range(11):
        PollElector.objects.create(poll=poll, person_id_frozen=10_000 + number,
                                   name_masked="居*", flat_label=f"1单元{number + 1}01")
    if counted:
        for elector in poll.electors.order_by("pk"):
            PollBallot.objects.create(poll=poll, elector=elector, choice="yes",
                                      channel=PollChannel.PAPER, state=BallotState.COUNTED,
                                      cast_by=staff, checked_by=world.users["secretary_a"])
    return poll


@pytest.mark.django_db(transaction=True)
def test_poll_corrections_racing_the_publication_never_change_the_published_result(settings,
                                                                                   tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is checked on PostgreSQL")
    settings.MEDIA_ROOT = tmp_path
    from gongzhi.conftest import build_world

    # given a closed poll of 12 residents, each with a counted yes on paper
    world = build_world()
    staff, secretary = world.users["staff_a"], world.users["secretary_a"]
    poll = _poll_of_twelve(world, counted=True)
    poll = services_polls.poll_close(actor=staff, poll=poll, confirm_early=True)

    def correct(pk):
        ballot = PollBallot.objects.select_related("poll").get(pk=pk)
        return lambda: services_polls.poll_ballot_correct(actor=staff, ballot=ballot,
                                                          choice="no", reason="录入时看错")

    def publish():
        services_polls.poll_publish(actor=secretary, poll=Poll.objects.get(pk=poll.pk))

    # when 12 corrections race its publication
    outcomes = _race([*(correct(pk) for pk in
                        poll.ballots.order_by("pk").values_list("pk", flat=True)), publish])
    # then each correction was made before the publication, or refused
    assert outcomes[-1] == "ok"
    assert set(outcomes[:-1]) <= {"ok", "poll_published"}
    poll.refresh_from_db()
    assert poll.status == PollStatus.PUBLISHED
    assert poll.result == json.loads(json.dumps(services_polls.poll_result(poll)))
    assert poll.result["options"][0]["count"] == 12 - outcomes[:-1].count("ok")
    assert not PollBallot.objects.filter(poll=poll, created_at__gt=poll.published_at).exists()


@pytest.mark.django_db(transaction=True)
def test_poll_votes_racing_the_close_are_all_seen_by_the_close(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is checked on PostgreSQL")
    settings.MEDIA_ROOT = tmp_path
    from gongzhi.conftest import build_world

    # given an open poll of 12 residents
    world = build_world()
    staff, secretary = world.users["staff_a"], world.users["secretary_a"]
    poll = _poll_of_twelve(world, counted=False)
    stale = Poll.objects.get(pk=poll.pk)
    others = list(poll.electors.exclude(person_id_frozen=world.person_resident_a.pk))
    seen_by_close = set()

    def cast_online():
        services_polls.poll_cast_online(actor=world.users["resident_a"], poll=stale,
                                        choice="yes")

    def enter_paper(elector):
        return lambda: services_polls.poll_enter_paper(actor=staff, poll=stale,
                                                       elector=elector, choice="no",
                                                       scan=scan())

    def close():
        with transaction.atomic():
            services_polls.poll_close(actor=secretary, poll=Poll.objects.get(pk=poll.pk),
                                      confirm_early=True)
            seen_by_close.update(PollBallot.objects.filter(poll_id=poll.pk)
                                 .values_list("pk", flat=True))

    # when an online vote and 11 paper votes race the close
    outcomes = _race([cast_online, *(enter_paper(elector) for elector in others), close])
    # then the close saw every vote there is (a paper vote before it made it refuse)
    poll.refresh_from_db()
    if outcomes[-1] == "ok":
        assert set(PollBallot.objects.filter(poll=poll).values_list("pk", flat=True)) == \
            seen_by_close
        assert poll.status == PollStatus.CLOSED
        assert set(outcomes[1:-1]) == {"poll_not_open"}
        assert not PollBallot.objects.filter(poll=poll,
                                             state=BallotState.PENDING_CHECK).exists()
    else:
        assert (outcomes[-1], poll.status) == ("pending_ballots", PollStatus.OPEN)


# ---- the same, deterministically: a caller's instance fetched before someone else's close --

def _poll_closed_by_someone_else(world, poll):
    return services_polls.poll_close(actor=world.users["secretary_a"],
                                     poll=Poll.objects.get(pk=poll.pk), confirm_early=True)


@pytest.mark.django_db
def test_votes_on_a_stale_open_poll_are_refused(world, settings, tmp_path):
    # given the pages fetched the poll while open, then staff closed it
    settings.MEDIA_ROOT = tmp_path
    stale = _poll_of_twelve(world, counted=False)
    elector = stale.electors.exclude(person_id_frozen=world.person_resident_a.pk).first()
    _poll_closed_by_someone_else(world, stale)
    # when a resident votes online and staff enter a paper vote, then both are refused
    _refused("poll_not_open", lambda: services_polls.poll_cast_online(
        actor=world.users["resident_a"], poll=stale, choice="yes"))
    _refused("poll_not_open", lambda: services_polls.poll_enter_paper(
        actor=world.users["staff_a"], poll=stale, elector=elector, choice="no", scan=scan()))
    assert not PollBallot.objects.filter(poll=stale).exists()


@pytest.mark.django_db
def test_paper_vote_check_on_a_poll_no_longer_open_is_refused(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    poll = _poll_of_twelve(world, counted=False)
    ballot = services_polls.poll_enter_paper(actor=world.users["staff_a"], poll=poll,
                                             elector=poll.electors.first(), choice="yes",
                                             scan=scan())
    # the close refuses while a vote waits for its check: closed directly, as if by another
    # process between the checker's page and their click
    Poll.objects.filter(pk=poll.pk).update(status=PollStatus.CLOSED)
    _refused("poll_not_open", lambda: services_polls.poll_ballot_check(
        actor=world.users["secretary_a"], ballot=ballot, approve=True))
    ballot.refresh_from_db()
    assert (ballot.state, ballot.checked_by_id) == (BallotState.PENDING_CHECK, None)


@pytest.mark.django_db
def test_poll_correction_on_a_stale_poll_published_meanwhile_is_refused(world):
    poll = _poll_of_twelve(world, counted=True)
    ballot = poll.ballots.select_related("poll").first()  # its poll cached, still open
    closed = _poll_closed_by_someone_else(world, poll)
    services_polls.poll_publish(actor=world.users["secretary_a"], poll=closed)
    _refused("poll_published", lambda: services_polls.poll_ballot_correct(
        actor=world.users["staff_a"], ballot=ballot, choice="no", reason="录入时看错"))
    assert set(poll.ballots.values_list("state", "choice")) == {(BallotState.COUNTED, "yes")}
    assert poll.ballots.count() == 12
