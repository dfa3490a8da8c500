"""The tally of a simple poll: one person, one vote, exact fractions, no database.

Two gates, each a setting of the poll: the quorum (votes cast against the frozen electorate)
and the majority (the leading option against the votes cast, abstentions included, as
居委会组织法 art. 22 counts "到会人员的过半数"). "过半数" is strict (>), "以上" inclusive (≥),
as in RuleSet; a tie for first place carries no option.
"""

from dataclasses import dataclass, field
from fractions import Fraction

from gongzhi.deliberation.balloting.tally import at_least, more_than

ABSTAIN = "abstain"


@dataclass(frozen=True)
class PollRules:
    quorum: Fraction
    quorum_is_strict: bool
    majority: Fraction
    majority_is_strict: bool


@dataclass
class PollTally:
    electorate: int
    voted: int
    counts: dict = field(default_factory=dict)  # option key -> votes, in option order
    leader: str | None = None                   # the option with most votes, None on a tie
    quorum_passed: bool = False
    majority_passed: bool = False

    @property
    def passed(self) -> bool:
        return self.leader is not None and self.quorum_passed and self.majority_passed


def poll_tally(*, electorate: int, choices: list[str], option_keys: list[str],
               rules: PollRules) -> PollTally:
    """`choices` holds the counted vote of each person who voted (one entry per person)."""
    if len(choices) > electorate:
        raise ValueError("more votes than electors")
    unknown = set(choices) - set(option_keys)
    if unknown:
        raise ValueError(f"unknown options {sorted(unknown)}")
    counts = {key: choices.count(key) for key in option_keys}
    candidates = {key: n for key, n in counts.items() if key != ABSTAIN}
    best = max(candidates.values(), default=0)
    leaders = [key for key, n in candidates.items() if n == best]
    leader = leaders[0] if best > 0 and len(leaders) == 1 else None
    voted = len(choices)
    quorum_gate = more_than if rules.quorum_is_strict else at_least
    majority_gate = more_than if rules.majority_is_strict else at_least
    return PollTally(
        electorate=electorate, voted=voted, counts=counts, leader=leader,
        quorum_passed=quorum_gate(voted, electorate, rules.quorum),
        majority_passed=leader is not None and majority_gate(counts[leader], voted,
                                                             rules.majority))
