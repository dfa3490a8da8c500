"""Hand-worked boundaries of the simple poll tally, and the split owner of several flats in the
owners' vote tally (最高法 建筑物区分所有权解释 art. 9; decision documented in tally.py)."""

from fractions import Fraction

import pytest

from gongzhi.deliberation.polls.tally import PollRules, poll_tally
from gongzhi.deliberation.votes.tally import FlatVote, Rules, tally

YES_NO = ["yes", "no", "abstain"]
MORE_THAN_HALF = PollRules(quorum=Fraction(1, 2), quorum_is_strict=True,
                           majority=Fraction(1, 2), majority_is_strict=True)
AT_LEAST = PollRules(quorum=Fraction(2, 3), quorum_is_strict=False,
                     majority=Fraction(2, 3), majority_is_strict=False)


def test_exactly_half_of_the_votes_fails_more_than_half():
    result = poll_tally(electorate=10, choices=["yes"] * 3 + ["no"] * 3, option_keys=YES_NO,
                        rules=MORE_THAN_HALF)
    assert result.quorum_passed            # 6 of 10 is more than half
    assert result.leader is None           # a tie carries no option
    assert not result.passed
    result = poll_tally(electorate=10, choices=["yes"] * 3 + ["no"] * 2 + ["abstain"],
                        option_keys=YES_NO, rules=MORE_THAN_HALF)
    assert result.leader == "yes" and result.counts == {"yes": 3, "no": 2, "abstain": 1}
    assert not result.majority_passed      # 3 of 6 votes is exactly half: abstentions count
    assert not result.passed


def test_one_more_than_half_passes():
    result = poll_tally(electorate=10, choices=["yes"] * 4 + ["no"] * 2, option_keys=YES_NO,
                        rules=MORE_THAN_HALF)
    assert result.quorum_passed and result.majority_passed and result.passed


def test_quorum_boundary_strict_and_inclusive():
    # exactly half of the electorate voted: fails "过半数", passes "1/2 以上"
    strict = poll_tally(electorate=8, choices=["yes"] * 4, option_keys=YES_NO,
                        rules=MORE_THAN_HALF)
    assert not strict.quorum_passed and strict.majority_passed and not strict.passed
    inclusive = PollRules(quorum=Fraction(1, 2), quorum_is_strict=False,
                          majority=Fraction(1, 2), majority_is_strict=True)
    assert poll_tally(electorate=8, choices=["yes"] * 4, option_keys=YES_NO,
                      rules=inclusive).passed


def test_two_thirds_inclusive_boundaries():
    # 6 of 9 voted (exactly 2/3), 4 of 6 for one option (exactly 2/3): both "以上" pass
    result = poll_tally(electorate=9, choices=["1"] * 4 + ["2"] * 2,
                        option_keys=["1", "2", "abstain"], rules=AT_LEAST)
    assert result.quorum_passed and result.majority_passed and result.leader == "1"
    result = poll_tally(electorate=10, choices=["1"] * 4 + ["2"] * 2,
                        option_keys=["1", "2", "abstain"], rules=AT_LEAST)
    assert not result.quorum_passed  # 6 of 10 is under 2/3


def test_abstentions_never_win_and_nobody_voting_fails():
    result = poll_tally(electorate=4, choices=["abstain"] * 3, option_keys=YES_NO,
                        rules=MORE_THAN_HALF)
    assert result.leader is None and not result.passed
    assert not poll_tally(electorate=0, choices=[], option_keys=YES_NO,
                          rules=MORE_THAN_HALF).quorum_passed


def test_refuses_impossible_input():
    with pytest.raises(ValueError):
        poll_tally(electorate=1, choices=["yes", "yes"], option_keys=YES_NO,
                   rules=MORE_THAN_HALF)
    with pytest.raises(ValueError):
        poll_tally(electorate=2, choices=["maybe"], option_keys=YES_NO, rules=MORE_THAN_HALF)


# ---- owners' vote: one owner with several flats that voted differently ----------------------

SPECIAL = Rules(participation=Fraction(2, 3), approval=Fraction(3, 4), approval_is_strict=False)


def test_split_owner_counts_once_as_taking_part_but_not_as_yes():
    # owner 7 has two flats: one says yes (90 m²), one says no (30 m²); owners 8, 9 say yes
    electorate = [FlatVote(key=1, area=Fraction(90), owners=frozenset({7}), choice="yes"),
                  FlatVote(key=2, area=Fraction(30), owners=frozenset({7}), choice="no"),
                  FlatVote(key=3, area=Fraction(60), owners=frozenset({8}), choice="yes"),
                  FlatVote(key=4, area=Fraction(60), owners=frozenset({9}), choice="yes")]
    result = tally(electorate, SPECIAL)
    # area follows each flat's ballot
    assert (result.voted_area, result.yes_area) == (240, 210)
    # the person counts once: taking part, not agreeing (even though most of their area said yes)
    assert (result.total_owners, result.voted_owners, result.yes_owners) == (3, 3, 2)
    assert result.split_owners == 1
    assert result.approval_area_passed            # 210/240 = 7/8 ≥ 3/4
    assert not result.approval_owners_passed      # 2/3 < 3/4
    assert not result.passed


def test_owner_whose_flats_agree_or_partly_abstain_from_voting():
    # all voted flats say yes, one flat did not vote: counts as yes, not split
    electorate = [FlatVote(key=1, area=Fraction(50), owners=frozenset({7}), choice="yes"),
                  FlatVote(key=2, area=Fraction(50), owners=frozenset({7}), choice=None),
                  FlatVote(key=3, area=Fraction(50), owners=frozenset({8}), choice="yes")]
    result = tally(electorate, SPECIAL)
    assert (result.voted_owners, result.yes_owners, result.split_owners) == (2, 2, 0)
    assert result.voted_area == 100
