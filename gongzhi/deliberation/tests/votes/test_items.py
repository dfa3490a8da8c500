"""Issue 14, item 1: the 民法典 art. 278 item decides a vote's threshold. Items 6–8 take the
3/4 gates (≥, the boundary passes), items 1–5 and 9 the more-than-half gates (>, the boundary
fails); an elevator is item 7 under the elevator rule set. No choice of kind or rule set passes a
matter below the law's gate; stored votes are re-derived by migration 0009, which reports every
vote whose outcome changes; the page, the API, the notice and the record cite the item."""

import importlib
import itertools
from fractions import Fraction

import pytest
from django.apps import apps
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from gongzhi.accounts.services import api_token_create
from gongzhi.core.errors import ValidationFailed
from gongzhi.deliberation.models import RuleSet, Vote
from gongzhi.deliberation.tests.factories import open_vote, owned_flats, scan
from gongzhi.deliberation.votes import printing, services
from gongzhi.deliberation.votes.choices import VoteKind, kind_for_item
from gongzhi.deliberation.votes.rule_sets import ensure_rule_sets
from gongzhi.deliberation.votes.tally import FlatVote, Rules, law_rules, tally, within_law

BASE = "/api/v1/deliberation"
ITEMS = range(1, 10)
RULE_SET_DATA = importlib.import_module("gongzhi.deliberation.migrations.0002_rule_sets").RULE_SETS
rederive_votes = importlib.import_module(
    "gongzhi.deliberation.migrations.0009_votes_kind_from_item").rederive_votes


def everyone_voted(flats: int, yes: int) -> list[FlatVote]:
    """`flats` flats of 100 m², one owner each, all voting: `yes` of them yes, the rest no."""
    return [FlatVote(key=n, area=Fraction(100), owners=frozenset({n}),
                     choice="yes" if n < yes else "no") for n in range(flats)]


def stored_rules(kind: str) -> list[Rules]:
    return [Rules(participation=Fraction(data["participation_threshold"]),
                  approval=Fraction(data["approval_threshold"]),
                  approval_is_strict=data["approval_is_strict"])
            for data in RULE_SET_DATA if data["kind"] == kind]


# (flats, yes) with exact fractions: 1/2 (the ordinary boundary, strict: fails), 5/8 and 2/3
# (above half, below 3/4), 3/4 (the special boundary, inclusive: passes), 5/6
SHARES = [(6, 3), (8, 5), (6, 4), (4, 3), (8, 6), (6, 5)]


@pytest.mark.parametrize(("item", "flats", "yes"), [
    (item, flats, yes) for item in ITEMS for flats, yes in SHARES])
def test_each_item_takes_its_own_gate_with_exact_boundaries(item, flats, yes):
    # given a matter of item `item`, all owners voting, `yes` of `flats` agreeing (area too)
    kind = kind_for_item(item)
    share = Fraction(yes, flats)
    # when it is counted by the rule sets of the kind its item gives, within the law's gate
    outcomes = {tally(everyone_voted(flats, yes), within_law(rules, item)).passed
                for rules in stored_rules(kind)}
    # then items 6–8 need ≥ 3/4 of both, the others > 1/2 of both
    expected = share >= Fraction(3, 4) if item in (6, 7, 8) else share > Fraction(1, 2)
    assert kind == (VoteKind.SPECIAL if item in (6, 7, 8) else VoteKind.ORDINARY)
    assert outcomes == {expected}


def test_an_elevator_is_item_7_under_the_elevator_rule_sets():
    # given an elevator vote with 2/3 and then exactly 3/4 of the owners agreeing
    # when each stored elevator rule set counts it
    # then it takes the 3/4 gate (the boundary passes), and only item 7 may be an elevator
    assert kind_for_item(7, elevator=True) == VoteKind.ELEVATOR
    for rules in stored_rules(VoteKind.ELEVATOR):
        assert not tally(everyone_voted(6, 4), within_law(rules, 7)).passed
        assert tally(everyone_voted(4, 3), within_law(rules, 7)).passed
    for item in set(ITEMS) - {7}:
        with pytest.raises(ValueError):
            kind_for_item(item, elevator=True)


def test_the_issue_case_item_7_entered_as_ordinary_is_refused_or_counted_at_3_4():
    # given the issue's case: a matter of item 7, 4 of 6 owners and 2/3 of the area agreeing
    flats = everyone_voted(6, 4)
    ordinary = stored_rules(VoteKind.ORDINARY)[0]
    # when a vote is created with the kind "ordinary" for item 7, or counted by that rule set
    with pytest.raises(ValidationFailed) as error:
        services.derive_kind(kind=VoteKind.ORDINARY, item_number=7)
    # then it is refused, and the ordinary rule set applied to item 7 is raised to 3/4
    assert "kind" in error.value.detail
    assert tally(flats, ordinary).passed
    assert not tally(flats, within_law(ordinary, 7)).passed


def test_no_kind_item_combination_is_accepted_except_the_items_own():
    # given every kind (or none) and every item (or none)
    for kind, item in itertools.product([None, *VoteKind.values], [None, *ITEMS, 0, 10]):
        # when the service derives the kind of a new vote
        try:
            derived, derived_item = services.derive_kind(kind=kind, item_number=item)
        except ValidationFailed:
            continue
        # then only the item's own kind is accepted, an elevator always item 7
        elevator = kind == VoteKind.ELEVATOR
        assert derived == kind_for_item(derived_item, elevator=elevator)
        assert derived_item == (7 if elevator else item)


fractions = st.fractions(min_value=0, max_value=1)


@settings(max_examples=300, deadline=None)
@given(item=st.integers(min_value=1, max_value=9),
       participation=fractions, approval=fractions, strict=st.booleans(),
       choices=st.lists(st.sampled_from(["yes", "no", "abstain", None]), min_size=1,
                        max_size=9),
       areas=st.lists(st.integers(min_value=1, max_value=200), min_size=9, max_size=9))
def test_no_rule_set_passes_a_matter_below_the_laws_gate(item, participation, approval, strict,
                                                         choices, areas):
    # given any rule set (any thresholds, strict or not) and any electorate and ballots
    rules = Rules(participation=participation, approval=approval, approval_is_strict=strict)
    flats = [FlatVote(key=n, area=Fraction(areas[n], 4), owners=frozenset({n}), choice=choice)
             for n, choice in enumerate(choices)]
    # when the vote of item `item` is counted with that rule set, within the law
    passed = tally(flats, within_law(rules, item)).passed
    # then it passes only if the law's own gates for the item pass
    if passed:
        assert tally(flats, law_rules(item)).passed


def test_no_stored_rule_set_of_any_kind_passes_an_item_below_its_gate():
    # given every stored rule set (of every kind, whichever a vote might have been given) and
    # every item, and electorates whose yes-share lies on and around both boundaries
    for data, item, (flats, yes) in itertools.product(RULE_SET_DATA, ITEMS, SHARES):
        rule_set = RuleSet(**data)
        ballots = everyone_voted(flats, yes)
        # when a vote of that item is counted as the service counts it
        passed = tally(ballots, services.rules_of(rule_set, item)).passed
        # then it never passes where the law's gate for the item does not
        assert passed <= tally(ballots, law_rules(item)).passed, (data["name"], item, yes)


def _vote_of_six(world, *, item, yes=4):
    """An open vote of six flats of 100 m² of 甲楼一号 unit 1 with `yes` of six paper ballots
    yes and the others no, each checked."""
    staff, secretary = world.users["staff_a"], world.users["secretary_a"]
    vote = open_vote(world, item_number=item)
    for index, elector in enumerate(vote.electors.order_by("floor")):
        ballot = services.ballot_enter_paper(actor=staff, vote=vote, elector=elector,
                                             choice="yes" if index < yes else "no",
                                             voter_name="业主签名", scan=scan())
        services.ballot_check(actor=secretary, ballot=ballot, approve=True)
    return vote


@pytest.mark.django_db
def test_the_migration_re_derives_stored_votes_and_reports_changed_outcomes(world, capsys):
    # given stored votes of before: one published and one closed as "ordinary" although their
    # item is 7 (4 of 6 agreed: passed at > 1/2), an elevator without an item, an ordinary vote
    # without an item, and a vote whose kind already is its item's
    ensure_rule_sets()
    owned_flats(world, count=6)
    staff = world.users["staff_a"]
    published = _vote_of_six(world, item=4)
    published = services.vote_close(actor=staff, vote=published, confirm_early=True)
    published = services.vote_publish(actor=staff, vote=published)
    closed = services.vote_close(actor=staff, vote=_vote_of_six(world, item=4),
                                 confirm_early=True)
    assert published.result["passed"] and services.vote_tally(closed).passed
    Vote.objects.filter(pk__in=[published.pk, closed.pk]).update(item_number=7)
    elevator = open_vote(world, kind="elevator", title="加装电梯")
    Vote.objects.filter(pk=elevator.pk).update(item_number=None)
    no_item = open_vote(world, item_number=2, title="修改管理规约")
    Vote.objects.filter(pk=no_item.pk).update(item_number=None)
    consistent = open_vote(world, item_number=5, title="使用维修资金")
    # when the migration re-derives them
    report = rederive_votes(apps)
    # then the item decides: both item-7 votes are special and no longer pass, and it says so
    special = RuleSet.objects.get(kind=VoteKind.SPECIAL)
    for vote in (published, closed):
        vote.refresh_from_db()
        assert (vote.kind, vote.item_number, vote.rule_set) == (VoteKind.SPECIAL, 7, special)
        assert not services.vote_tally(vote).passed
    assert published.result["passed"] is False
    assert published.result["approval_owners_passed"] is False
    assert published.result["yes_owners"] == 4
    assert published.result["rule_source"] == special.source
    lines = {line.split(":")[0]: line for line in report}
    for vote in (published, closed):
        assert "kind ordinary → special (item 7)" in lines[f"vote {vote.pk} «{vote.title}»"]
        assert "outcome passed → not passed" in lines[f"vote {vote.pk} «{vote.title}»"]
    elevator.refresh_from_db()
    assert (elevator.kind, elevator.item_number) == (VoteKind.ELEVATOR, 7)
    assert "outcome" not in lines[f"vote {elevator.pk} «加装电梯»"]
    assert "no 民法典 art. 278 item" in lines[f"vote {no_item.pk} «修改管理规约»"]
    assert f"vote {consistent.pk} «使用维修资金»" not in lines
    printed = capsys.readouterr().out
    assert all(line in printed for line in report)
    # and run again, it finds nothing left to change but the vote without an item
    assert rederive_votes(apps) == [lines[f"vote {no_item.pk} «修改管理规约»"]]


def headers(user) -> dict:
    return {"Authorization": f"Bearer {api_token_create(user=user).token}"}


@pytest.mark.django_db
def test_the_api_derives_the_kind_from_the_item_and_refuses_a_contradiction(client, world):
    # given staff of community A
    ensure_rule_sets()
    staff = world.users["staff_a"]
    auth = headers(staff)
    body = {"building_id": world.building_a1.pk, "title": "屋面维修（使用维修资金）",
            "closes_on": "2030-01-01"}

    def create(**fields):
        return client.post(f"{BASE}/votes", {**body, **fields}, content_type="application/json",
                           headers=auth)

    # when they create votes by item, an elevator, a contradiction and no item
    by_item = create(item_number=5)
    raising = create(item_number=6, kind="special")
    elevator = create(unit_id=world.unit_a1.pk, kind="elevator")
    contradiction = create(item_number=7, kind="ordinary")
    no_item = create()
    # then the kind follows from the item and the article and item are cited
    assert by_item.status_code == 201, by_item.content
    assert (by_item.json()["kind"], by_item.json()["item_number"]) == ("ordinary", 5)
    assert "第二百七十八条第一款第（五）项" in by_item.json()["legal_basis"]
    assert (raising.json()["kind"], raising.json()["item_number"]) == ("special", 6)
    assert (elevator.json()["kind"], elevator.json()["item_number"]) == ("elevator", 7)
    assert (contradiction.status_code, no_item.status_code) == (422, 422)
    assert Vote.objects.count() == 3


@pytest.mark.django_db
def test_the_page_form_takes_the_item_and_the_page_notice_and_record_cite_it(client, world):
    # given staff who create a vote of item 7 on the page, with four owned flats
    owned_flats(world, count=4)
    ensure_rule_sets()
    staff = world.users["staff_a"]
    client.force_login(staff)
    response = client.post(reverse("deliberation:vote_create"), {
        "building": world.building_a1.pk, "unit": world.unit_a1.pk, "title": "外墙改造",
        "item_number": "7", "closes_on": "2030-01-01", "cost_total": "0",
        "cost_scheme": "area"})
    vote = Vote.objects.get()
    assert response.status_code == 302
    assert (vote.kind, vote.item_number) == (VoteKind.SPECIAL, 7)
    # when it is opened, closed and published
    vote = services.vote_open(actor=staff, vote=vote)
    page = client.get(reverse("deliberation:vote_detail", args=[vote.pk])).content.decode()
    vote = services.vote_publish(actor=staff, vote=services.vote_close(
        actor=staff, vote=vote, confirm_early=True))
    # then the page, the notice and the record cite the article and the item
    citation = "《民法典》第二百七十八条第一款第（七）项：改建、重建建筑物及其附属设施"
    assert citation in page
    assert citation in printing.vote_notice_html(vote)
    assert citation in printing.vote_record_html(vote)


@pytest.mark.django_db
def test_the_page_form_refuses_an_elevator_of_another_item_and_a_missing_item(client, world):
    # given staff on the create page
    client.force_login(world.users["staff_a"])
    base = {"building": world.building_a1.pk, "unit": world.unit_a1.pk, "title": "加装电梯",
            "closes_on": "2030-01-01", "cost_total": "0", "cost_scheme": "area"}
    # when they tick the elevator with item 5, or give no item
    elevator_5 = client.post(reverse("deliberation:vote_create"),
                             {**base, "elevator": "on", "item_number": "5"})
    missing = client.post(reverse("deliberation:vote_create"), base)
    # then both are refused on the item, nothing is created
    assert "加装电梯属于第278条第一款第（七）项（改建）。" in elevator_5.content.decode()
    assert "请选择民法典第278条第一款的事项。" in missing.content.decode()
    assert Vote.objects.count() == 0
