"""Many simultaneous ballots for one flat count once, and nothing changes what is counted once a
vote is closed or published (PostgreSQL; SQLite serialises writes)."""

import json
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections, transaction

from gongzhi.core.errors import DomainError
from gongzhi.deliberation.balloting.choices import BallotState
from gongzhi.deliberation.models import (
    Ballot,
    Elector,
    ElectorCorrection,
    ProxyAuthorisation,
    Vote,
)
from gongzhi.deliberation.tests.factories import open_vote, owned_flats, scan
from gongzhi.deliberation.votes import services
from gongzhi.deliberation.votes.choices import Channel, VoteStatus


@pytest.mark.django_db(transaction=True)
def test_simultaneous_ballots_for_one_flat_count_once(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is checked on PostgreSQL")
    settings.MEDIA_ROOT = tmp_path
    from gongzhi.conftest import build_world

    world = build_world()
    owned_flats(world, count=4)
    vote = open_vote(world)
    elector = vote.electors.get(floor=4)
    staff = world.users["staff_a"]
    proxy = services.proxy_authorise(actor=staff, elector=elector, owner_name="甲住户",
                                     proxy_name="代理人", document=scan())
    barrier = threading.Barrier(12)
    outcomes = []

    def submit(index):
        try:
            barrier.wait()
            if index % 3 == 0:
                services.ballot_cast_online(actor=world.users["resident_a"], vote=vote,
                                            elector=elector, choice="yes")
            elif index % 3 == 1:
                services.ballot_enter_paper(actor=staff, vote=vote, elector=elector,
                                            choice="no", voter_name="甲住户", scan=scan())
            else:
                services.ballot_enter_proxy(actor=staff, proxy=proxy, choice="abstain")
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
    assert Ballot.objects.filter(vote=vote, elector=elector).count() == 1


def _race(jobs):
    """Run every job at once, each in its own thread and database connection; returns each
    job's outcome in order: "ok", or the code of the DomainError that refused it."""
    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            job()
            outcomes[index] = "ok"
        except DomainError as error:
            outcomes[index] = error.code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def _vote_with_counted_ballots(world, count):
    """An open vote of `count` flats, each with a counted paper ballot saying yes."""
    owned_flats(world, count=count)
    vote = open_vote(world)
    staff = world.users["staff_a"]
    for elector in vote.electors.order_by("floor"):
        Ballot.objects.create(vote=vote, elector=elector, choice="yes", channel=Channel.PAPER,
                              state=BallotState.COUNTED, cast_by=staff, voter_name="业主",
                              checked_by=world.users["secretary_a"])
    return vote


@pytest.mark.django_db(transaction=True)
def test_corrections_racing_the_publication_never_change_the_published_result(settings,
                                                                              tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is checked on PostgreSQL")
    settings.MEDIA_ROOT = tmp_path
    from gongzhi.conftest import build_world

    # given a closed vote of 12 flats, each with a counted yes
    world = build_world()
    vote = _vote_with_counted_ballots(world, 12)
    staff, secretary = world.users["staff_a"], world.users["secretary_a"]
    vote = services.vote_close(actor=staff, vote=vote, confirm_early=True)
    ballot_ids = list(Ballot.objects.filter(vote=vote).values_list("pk", flat=True))

    def correct(pk):
        ballot = Ballot.objects.select_related("vote").get(pk=pk)  # fetched before the race
        return lambda: services.ballot_correct(actor=staff, ballot=ballot, choice="no",
                                               reason="业主书面声明误选")

    def publish():
        services.vote_publish(actor=secretary, vote=Vote.objects.get(pk=vote.pk))

    # when 12 corrections race its publication
    outcomes = _race([*(correct(pk) for pk in ballot_ids), publish])
    # then the publication went through; each correction was made before it, or refused
    assert outcomes[-1] == "ok"
    assert set(outcomes[:-1]) <= {"ok", "vote_published"}
    vote.refresh_from_db()
    assert vote.status == VoteStatus.PUBLISHED
    # and the stored result is a fresh tally of the counted ballots
    assert vote.result == json.loads(json.dumps(services.vote_result(vote)))
    corrected = outcomes[:-1].count("ok")
    assert vote.result["yes_owners"] == 12 - corrected
    assert not Ballot.objects.filter(vote=vote, created_at__gt=vote.published_at).exists()
    assert Ballot.objects.filter(vote=vote).count() == 12 + corrected


@pytest.mark.django_db(transaction=True)
def test_elector_corrections_racing_the_publication_never_change_the_published_result(
        settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is checked on PostgreSQL")
    settings.MEDIA_ROOT = tmp_path
    from gongzhi.conftest import build_world

    # given a closed vote of 12 flats of 100 m², each with a counted yes
    world = build_world()
    vote = _vote_with_counted_ballots(world, 12)
    staff, secretary = world.users["staff_a"], world.users["secretary_a"]
    vote = services.vote_close(actor=staff, vote=vote, confirm_early=True)

    def correct(pk):
        elector = Elector.objects.select_related("vote").get(pk=pk)
        return lambda: services.elector_correct(actor=staff, elector=elector,
                                                field="floor_area", value="120",
                                                reason="以不动产登记证为准")

    def publish():
        services.vote_publish(actor=secretary, vote=Vote.objects.get(pk=vote.pk))

    # when 12 area corrections race its publication
    outcomes = _race([*(correct(pk) for pk in vote.electors.values_list("pk", flat=True)),
                      publish])
    # then the stored result counts exactly the areas in the register
    assert outcomes[-1] == "ok"
    assert set(outcomes[:-1]) <= {"ok", "vote_published"}
    vote.refresh_from_db()
    assert vote.result == json.loads(json.dumps(services.vote_result(vote)))
    assert vote.result["total_area"] == str(1200 + 20 * outcomes[:-1].count("ok"))
    assert not ElectorCorrection.objects.filter(elector__vote=vote,
                                                created_at__gt=vote.published_at).exists()


@pytest.mark.django_db(transaction=True)
def test_ballots_racing_the_close_are_all_seen_by_the_close(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is checked on PostgreSQL")
    settings.MEDIA_ROOT = tmp_path
    from gongzhi.conftest import build_world

    # given an open vote of 12 flats: resident_a owns the top one, 11 owners gave a proxy
    world = build_world()
    owned_flats(world, count=12)
    vote = open_vote(world)
    staff, secretary = world.users["staff_a"], world.users["secretary_a"]
    electors = list(vote.electors.order_by("floor"))
    proxies = [services.proxy_authorise(actor=staff, elector=elector, owner_name="业主",
                                        proxy_name="代理人", document=scan())
               for elector in electors[:11]]
    stale = Vote.objects.get(pk=vote.pk)
    seen_by_close = set()

    def cast_online():
        services.ballot_cast_online(actor=world.users["resident_a"], vote=stale,
                                    elector=electors[11], choice="yes")

    def enter_proxy(proxy):
        return lambda: services.ballot_enter_proxy(actor=staff, proxy=proxy, choice="no")

    def close():
        with transaction.atomic():  # what the close saw, read before its lock is released
            services.vote_close(actor=secretary, vote=Vote.objects.get(pk=vote.pk),
                                confirm_early=True)
            seen_by_close.update(Ballot.objects.filter(vote_id=vote.pk)
                                 .values_list("pk", flat=True))

    # when 12 ballots race the close
    outcomes = _race([cast_online, *(enter_proxy(proxy) for proxy in proxies), close])
    # then the close went through; each ballot came before it (and it saw it) or was refused
    assert outcomes[-1] == "ok"
    assert set(outcomes[:-1]) <= {"ok", "vote_not_open"}
    assert set(Ballot.objects.filter(vote=vote).values_list("pk", flat=True)) == seen_by_close
    assert len(seen_by_close) == outcomes[:-1].count("ok")


@pytest.mark.django_db(transaction=True)
def test_paper_ballots_racing_the_close_never_wait_for_a_check_in_a_closed_vote(settings,
                                                                               tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is checked on PostgreSQL")
    settings.MEDIA_ROOT = tmp_path
    from gongzhi.conftest import build_world

    # given an open vote of 12 flats
    world = build_world()
    owned_flats(world, count=12)
    vote = open_vote(world)
    staff, secretary = world.users["staff_a"], world.users["secretary_a"]
    electors = list(vote.electors.order_by("floor"))

    def enter_paper(elector):
        return lambda: services.ballot_enter_paper(actor=staff, vote=vote, elector=elector,
                                                   choice="no", voter_name="业主", scan=scan())

    def close():
        services.vote_close(actor=secretary, vote=Vote.objects.get(pk=vote.pk),
                            confirm_early=True)

    # when 12 paper ballots race the close
    outcomes = _race([*(enter_paper(elector) for elector in electors), close])
    # then either the close came first and refused every ballot, or it was refused itself
    vote.refresh_from_db()
    if outcomes[-1] == "ok":
        assert vote.status == VoteStatus.CLOSED
        assert set(outcomes[:-1]) == {"vote_not_open"}
        assert not Ballot.objects.filter(vote=vote).exists()
    else:
        assert outcomes[-1] == "pending_ballots"
        assert vote.status == VoteStatus.OPEN


# ---- the same, deterministically: a caller's instance fetched before someone else's close --

def _closed_by_someone_else(world, vote):
    return services.vote_close(actor=world.users["secretary_a"],
                               vote=Vote.objects.get(pk=vote.pk), confirm_early=True)


def _published_by_someone_else(world, vote):
    closed = _closed_by_someone_else(world, vote)
    return services.vote_publish(actor=world.users["secretary_a"], vote=closed)


def _refused(code, write):
    with pytest.raises(DomainError) as error:
        write()
    assert error.value.code == code


@pytest.mark.django_db
def test_online_ballot_on_a_stale_open_vote_is_refused(world):
    # given the owner's page fetched the vote while open, then staff closed it
    owned_flats(world, count=4)
    stale = open_vote(world)
    elector = stale.electors.get(floor=4)
    _closed_by_someone_else(world, stale)
    # when the owner votes, then it is refused and nothing is counted
    _refused("vote_not_open", lambda: services.ballot_cast_online(
        actor=world.users["resident_a"], vote=stale, elector=elector, choice="yes"))
    assert not Ballot.objects.filter(vote=stale).exists()


@pytest.mark.django_db
def test_paper_ballot_on_a_stale_open_vote_is_refused(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    owned_flats(world, count=4)
    stale = open_vote(world)
    elector = stale.electors.get(floor=1)
    _closed_by_someone_else(world, stale)
    _refused("vote_not_open", lambda: services.ballot_enter_paper(
        actor=world.users["staff_a"], vote=stale, elector=elector, choice="yes",
        voter_name="业主1", scan=scan()))
    assert not Ballot.objects.filter(vote=stale).exists()


@pytest.mark.django_db
def test_proxy_ballot_and_authorisation_on_a_stale_open_vote_are_refused(world, settings,
                                                                          tmp_path):
    settings.MEDIA_ROOT = tmp_path
    owned_flats(world, count=4)
    vote = open_vote(world)
    staff = world.users["staff_a"]
    electors = {elector.floor: elector for elector in vote.electors.all()}  # vote cached
    proxy = services.proxy_authorise(actor=staff, elector=electors[1], owner_name="业主1",
                                     proxy_name="业主1之子", document=scan())
    _closed_by_someone_else(world, vote)
    _refused("vote_not_open", lambda: services.ballot_enter_proxy(actor=staff, proxy=proxy,
                                                                  choice="yes"))
    _refused("vote_not_open", lambda: services.proxy_authorise(
        actor=staff, elector=electors[2], owner_name="业主2", proxy_name="业主2之子",
        document=scan()))
    assert not Ballot.objects.filter(vote=vote).exists()
    assert ProxyAuthorisation.objects.filter(elector__vote=vote).count() == 1


@pytest.mark.django_db
def test_proxy_ballot_under_an_authorisation_revoked_meanwhile_is_refused(world, settings,
                                                                         tmp_path):
    settings.MEDIA_ROOT = tmp_path
    owned_flats(world, count=4)
    vote = open_vote(world)
    staff = world.users["staff_a"]
    stale = services.proxy_authorise(actor=staff, elector=vote.electors.get(floor=1),
                                     owner_name="业主1", proxy_name="业主1之子",
                                     document=scan())
    revoked = services.proxy_revoke(actor=world.users["secretary_a"],
                                    proxy=ProxyAuthorisation.objects.get(pk=stale.pk),
                                    reason="业主改为亲自投票")
    _refused("revoked", lambda: services.ballot_enter_proxy(actor=staff, proxy=stale,
                                                            choice="yes"))
    _refused("revoked", lambda: services.proxy_revoke(actor=staff, proxy=stale, reason="再撤"))
    assert not Ballot.objects.filter(vote=vote).exists()
    stale.refresh_from_db()
    assert (stale.revoked_at, stale.revoke_reason) == (revoked.revoked_at, "业主改为亲自投票")


@pytest.mark.django_db
def test_paper_ballot_check_on_a_vote_no_longer_open_is_refused(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    owned_flats(world, count=4)
    vote = open_vote(world)
    ballot = services.ballot_enter_paper(actor=world.users["staff_a"], vote=vote,
                                         elector=vote.electors.get(floor=1), choice="yes",
                                         voter_name="业主1", scan=scan())
    # the close refuses while a ballot waits for its check: the vote is closed directly here,
    # as if by another process between the checker's page and their click
    Vote.objects.filter(pk=vote.pk).update(status=VoteStatus.CLOSED)
    _refused("vote_not_open", lambda: services.ballot_check(
        actor=world.users["secretary_a"], ballot=ballot, approve=True))
    ballot.refresh_from_db()
    assert (ballot.state, ballot.checked_by_id) == (BallotState.PENDING_CHECK, None)


@pytest.mark.django_db
def test_ballot_correction_on_a_stale_vote_published_meanwhile_is_refused(world):
    owned_flats(world, count=4)
    vote = open_vote(world)
    ballot = services.ballot_cast_online(actor=world.users["resident_a"], vote=vote,
                                         elector=vote.electors.get(floor=4), choice="no")
    published = _published_by_someone_else(world, vote)
    _refused("vote_published", lambda: services.ballot_correct(
        actor=world.users["staff_a"], ballot=ballot, choice="yes", reason="业主书面声明误选"))
    assert list(Ballot.objects.filter(vote=vote).values_list("state", "choice")) == [
        (BallotState.COUNTED, "no")]
    assert published.result["yes_owners"] == services.vote_result(published)["yes_owners"] == 0


@pytest.mark.django_db
def test_elector_correction_on_a_stale_vote_published_meanwhile_is_refused(world):
    owned_flats(world, count=4)
    vote = open_vote(world)
    elector = vote.electors.get(floor=1)  # its vote cached, still open
    _published_by_someone_else(world, vote)
    _refused("vote_published", lambda: services.elector_correct(
        actor=world.users["staff_a"], elector=elector, field="floor_area", value="120",
        reason="以不动产登记证为准"))
    assert Elector.objects.get(pk=elector.pk).floor_area == Decimal("100.00")
    assert not ElectorCorrection.objects.filter(elector__vote=vote).exists()
