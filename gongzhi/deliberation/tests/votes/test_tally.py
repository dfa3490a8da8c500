"""The tally, hand-worked at each boundary of 民法典 art. 278, and against a slow reference."""

from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from gongzhi.deliberation.votes.tally import CostFlat, FlatVote, Rules, cost_shares, tally

SPECIAL = Rules(participation=Fraction(2, 3), approval=Fraction(3, 4), approval_is_strict=False)
ORDINARY = Rules(participation=Fraction(2, 3), approval=Fraction(1, 2), approval_is_strict=True)
ELEVATOR = Rules(participation=Fraction(2, 3), approval=Fraction(3, 4), approval_is_strict=False,
                 requires_affected_consent=True)


def flats(choices, area=100):
    """One owner per flat, equal areas."""
    return [FlatVote(key=i, area=Fraction(area), owners=frozenset({i}), choice=c)
            for i, c in enumerate(choices)]


def test_exactly_two_thirds_participation_passes():
    # 6 flats of 100 m²; 4 vote (2/3 of area and of owners), all yes
    result = tally(flats(["yes"] * 4 + [None] * 2), SPECIAL)
    assert result.voted_area == 400 and result.total_area == 600
    assert result.participation_passed and result.passed


def test_just_under_two_thirds_participation_fails():
    result = tally(flats(["yes"] * 3 + [None] * 3), SPECIAL)
    assert not result.participation_passed and not result.passed


def test_exactly_three_quarters_approval_passes():
    # 8 flats all vote: 6 yes = exactly 3/4 of area and of owners ("以上" includes it)
    result = tally(flats(["yes"] * 6 + ["no"] * 2), SPECIAL)
    assert (result.yes_area, result.voted_area) == (600, 800)
    assert result.approval_area_passed and result.approval_owners_passed and result.passed


def test_exactly_half_fails_more_than_half():
    # "过半数" is strictly more than half: 3 of 6 is not enough
    result = tally(flats(["yes"] * 3 + ["no"] * 3), ORDINARY)
    assert not result.approval_area_passed and not result.approval_owners_passed
    assert not result.passed
    assert tally(flats(["yes"] * 4 + ["no"] * 2), ORDINARY).passed


def test_area_gate_and_headcount_gate_are_both_needed():
    # 3 yes owners of 3 small flats, 1 no owner of a big flat: headcount 3/4, area 30/130
    electorate = [FlatVote(key=i, area=Fraction(10), owners=frozenset({i}), choice="yes")
                  for i in range(3)]
    electorate.append(FlatVote(key=9, area=Fraction(100), owners=frozenset({9}), choice="no"))
    result = tally(electorate, SPECIAL)
    assert result.approval_owners_passed and not result.approval_area_passed
    assert not result.passed


def test_co_owners_count_as_one():
    electorate = [FlatVote(key=1, area=Fraction(80), owners=frozenset({10, 11}), choice="yes"),
                  FlatVote(key=2, area=Fraction(80), owners=frozenset({12}), choice=None)]
    result = tally(electorate, SPECIAL)
    assert result.total_owners == 2 and result.voted_owners == 1


def test_one_owner_with_several_flats_counts_once():
    electorate = [FlatVote(key=1, area=Fraction(50), owners=frozenset({7}), choice="yes"),
                  FlatVote(key=2, area=Fraction(50), owners=frozenset({7}), choice="yes"),
                  FlatVote(key=3, area=Fraction(50), owners=frozenset({8}), choice="no")]
    result = tally(electorate, ORDINARY)
    assert (result.total_owners, result.voted_owners, result.yes_owners) == (2, 2, 1)
    assert result.yes_area == 100
    assert not result.approval_owners_passed  # 1 of 2 is exactly half


def test_unsold_developer_flats_count_together_as_one():
    electorate = [FlatVote(key=i, area=Fraction(60), is_unsold=True, choice="no")
                  for i in range(4)]
    electorate += [FlatVote(key=10, area=Fraction(60), owners=frozenset({1}), choice="yes"),
                   FlatVote(key=11, area=Fraction(60), owners=frozenset({2}), choice="yes")]
    result = tally(electorate, ORDINARY)
    assert (result.total_owners, result.yes_owners) == (3, 2)
    assert result.approval_owners_passed and not result.approval_area_passed


def test_affected_owner_vetoes_an_elevator():
    electorate = flats(["yes"] * 7)
    electorate.append(FlatVote(key=99, area=Fraction(100), owners=frozenset({99}),
                               is_affected=True, choice="no"))
    result = tally(electorate, ELEVATOR)
    assert result.participation_passed and result.approval_passed
    assert result.affected_refusing == [99] and not result.passed


def test_cost_shares_add_up_to_the_total_in_fen():
    flats_ = [CostFlat(key=i, area=Fraction(70 + i), floor=i + 1, room_number=f"{i + 1}01")
              for i in range(7)]
    shares = cost_shares(flats_, total=Decimal("100000.00"), scheme="floor",
                         parameters={"1": "0", "2": "0.5", "3": "0.8"})
    assert shares[0] == Decimal("0.00")
    assert sum(shares.values()) == Decimal("100000.00")
    by_area = cost_shares(flats_, total=Decimal("1000"), scheme="area", parameters={})
    assert sum(by_area.values()) == Decimal("1000.00")
    assert cost_shares(flats_[:3], total=Decimal("10"), scheme="fixed", parameters={}) == {
        0: Decimal("3.34"), 1: Decimal("3.33"), 2: Decimal("3.33")}


# ---- property-based: never a flat twice, and agreement with a slow reference ------------------

def reference(electorate, rules):
    """Slow and plain: merge owner groups until nothing changes, then count."""
    groups = [({f.key}, {"developer"} if f.is_unsold else set(f.owners)) for f in electorate]
    merged = True
    while merged:
        merged = False
        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                if groups[i][1] & groups[j][1]:
                    groups[i] = (groups[i][0] | groups[j][0], groups[i][1] | groups[j][1])
                    del groups[j]
                    merged = True
                    break
            if merged:
                break
    choice = {f.key: f.choice for f in electorate}
    area = {f.key: f.area for f in electorate}
    total = sum(area.values(), Fraction(0))
    voted = sum((area[k] for k in area if choice[k]), Fraction(0))
    yes = sum((area[k] for k in area if choice[k] == "yes"), Fraction(0))
    voted_owners = sum(1 for keys, _ in groups if any(choice[k] for k in keys))
    yes_owners = sum(1 for keys, _ in groups if any(choice[k] == "yes" for k in keys)
                     and not any(choice[k] in ("no", "abstain") for k in keys))
    part = total > 0 and voted / total >= rules.participation and \
        Fraction(voted_owners, len(groups)) >= rules.participation
    owners_share = Fraction(yes_owners, voted_owners) if voted_owners else Fraction(0)
    if rules.approval_is_strict:
        appr = voted > 0 and yes / voted > rules.approval and owners_share > rules.approval
    else:
        appr = voted > 0 and yes / voted >= rules.approval and owners_share >= rules.approval
    return len(groups), voted_owners, yes_owners, voted, yes, bool(part and appr)


flat_strategy = st.builds(
    lambda area, owners, unsold, choice: (area, owners, unsold, choice),
    st.integers(min_value=1, max_value=20000).map(lambda x: Fraction(x, 100)),
    st.frozensets(st.integers(min_value=1, max_value=8), min_size=1, max_size=3),
    st.booleans(), st.sampled_from([None, "yes", "no", "abstain"]))


@settings(max_examples=300, deadline=None)
@given(st.lists(flat_strategy, min_size=1, max_size=14),
       st.sampled_from([SPECIAL, ORDINARY]))
def test_tally_agrees_with_reference_and_never_counts_a_flat_twice(rows, rules):
    electorate = [FlatVote(key=i, area=a, owners=o if not u else frozenset(), is_unsold=u,
                           choice=c) for i, (a, o, u, c) in enumerate(rows)]
    result = tally(electorate, rules)
    assert len(result.counted_flats) == len(set(result.counted_flats))
    assert result.voted_area <= result.total_area
    assert result.voted_owners <= result.total_owners
    assert (result.total_owners, result.voted_owners, result.yes_owners, result.voted_area,
            result.yes_area, result.passed) == reference(electorate, rules)
