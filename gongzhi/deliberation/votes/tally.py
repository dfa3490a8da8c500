"""The tally of an owners' vote: pure functions over exact fractions, no database.

民法典 art. 278: participation ≥ 2/3 of area AND ≥ 2/3 of owners; approval ≥ 3/4 (items 6–8,
"以上" includes the boundary) or > 1/2 (other items, "过半数" is strictly more) of the
participating area AND owners. Counting (最高法 建筑物区分所有权解释 2020): co-owners of a flat
count as one owner; a person owning several flats in scope counts once; unsold developer
flats count together as one.
"""

from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction

from gongzhi.deliberation.balloting.tally import at_least, more_than
from gongzhi.deliberation.votes.choices import SPECIAL_ITEMS

DEVELOPER = "developer"


@dataclass(frozen=True)
class FlatVote:
    """One flat of the electorate and the choice of its counted ballot (None: did not vote)."""

    key: int
    area: Fraction
    owners: frozenset = frozenset()
    is_unsold: bool = False
    is_affected: bool = False
    choice: str | None = None  # "yes" | "no" | "abstain" | None


@dataclass(frozen=True)
class Rules:
    participation: Fraction
    approval: Fraction
    approval_is_strict: bool
    requires_affected_consent: bool = False


def law_rules(item_number: int | None) -> Rules:
    """The law's own gates for an art. 278 item: ≥ 2/3 taking part, then ≥ 3/4 (items 6–8) or
    > 1/2 (the others; also a vote stored before its item was required)."""
    if item_number in SPECIAL_ITEMS:
        return Rules(participation=Fraction(2, 3), approval=Fraction(3, 4),
                     approval_is_strict=False)
    return Rules(participation=Fraction(2, 3), approval=Fraction(1, 2), approval_is_strict=True)


def within_law(rules: Rules, item_number: int | None) -> Rules:
    """A rule set's gates, raised to the law's for the item where they fall below it, so that no
    choice of kind or rule set passes a matter below its statutory gate. A gate (p, strict) is
    at least as hard as (q, strict') when p > q, or p == q and it is strict."""
    law = law_rules(item_number)
    approval, strict = max((rules.approval, rules.approval_is_strict),
                           (law.approval, law.approval_is_strict))
    return Rules(participation=max(rules.participation, law.participation), approval=approval,
                 approval_is_strict=strict,
                 requires_affected_consent=rules.requires_affected_consent)


@dataclass
class Tally:
    total_area: Fraction
    total_owners: int
    voted_area: Fraction
    voted_owners: int
    yes_area: Fraction
    yes_owners: int
    participation_area_passed: bool
    participation_owners_passed: bool
    approval_area_passed: bool
    approval_owners_passed: bool
    affected_refusing: list = field(default_factory=list)
    counted_flats: list = field(default_factory=list)
    split_owners: int = 0  # owners of several flats whose flats voted differently

    @property
    def participation_passed(self) -> bool:
        return self.participation_area_passed and self.participation_owners_passed

    @property
    def approval_passed(self) -> bool:
        return self.approval_area_passed and self.approval_owners_passed

    @property
    def affected_consented(self) -> bool:
        return not self.affected_refusing

    @property
    def passed(self) -> bool:
        return self.participation_passed and self.approval_passed and self.affected_consented


def owner_groups(flats: list[FlatVote]) -> list[set[int]]:
    """Flats that belong to one owner for the headcount: flats that share any owner, and all
    unsold flats together. Union-find over the owners' ids."""
    parent: dict = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a, b):
        parent[find(a)] = find(b)

    for flat in flats:
        node = ("flat", flat.key)
        find(node)
        identities = {DEVELOPER} if flat.is_unsold else set(flat.owners)
        for identity in identities:
            union(node, ("owner", identity))
    groups: dict = {}
    for flat in flats:
        groups.setdefault(find(("flat", flat.key)), set()).add(flat.key)
    return list(groups.values())


def tally(flats: list[FlatVote], rules: Rules) -> Tally:
    keys = [flat.key for flat in flats]
    if len(keys) != len(set(keys)):
        raise ValueError("a flat appears twice in the electorate")
    by_key = {flat.key: flat for flat in flats}
    groups = owner_groups(flats)
    voted = [flat for flat in flats if flat.choice is not None]
    yes = [flat for flat in voted if flat.choice == "yes"]
    total_area = sum((flat.area for flat in flats), Fraction(0))
    voted_area = sum((flat.area for flat in voted), Fraction(0))
    yes_area = sum((flat.area for flat in yes), Fraction(0))
    # One owner of several flats whose flats voted differently (decided 2026-11, issue 7).
    # 最高法 建筑物区分所有权解释 art. 9 and 住建部《业主大会和业主委员会指导规则》art. 24: "同一
    # 买受人拥有一个以上专有部分的，按一人计算"; art. 8 of the interpretation counts area per
    # exclusive part. Neither text settles a split, and practice counts a ballot per flat, the
    # person once and the areas added up (北京市住建委,《通过"北京业主"APP投票的票权计算规则》,
    # 2020-11-25). Our reading:
    # - area follows each flat's own ballot (art. 8: the area is the flat's);
    # - in the headcount the person takes part once (any of their flats voted) and counts as
    #   agreeing only when every flat of theirs that voted said yes. Art. 278 asks for owners
    #   who "同意"; a person who also voted no or abstained has not clearly consented, and
    #   counting them as yes by their majority of area would let area decide the headcount
    #   gate, which the law keeps separate. So a split owner counts as taking part, not as yes
    #   (the same effect as a no or an abstention), and the result reports how many split so
    #   staff can ask the owner to confirm one opinion before the vote closes.
    voted_owners = sum(1 for group in groups
                       if any(by_key[key].choice is not None for key in group))
    yes_owners = sum(1 for group in groups
                     if any(by_key[key].choice == "yes" for key in group)
                     and all(by_key[key].choice in (None, "yes") for key in group))
    split_owners = sum(1 for group in groups
                       if len({by_key[key].choice for key in group} - {None}) > 1)
    approve = more_than if rules.approval_is_strict else at_least
    refusing = [flat.key for flat in flats
                if rules.requires_affected_consent and flat.is_affected and flat.choice != "yes"]
    return Tally(
        total_area=total_area, total_owners=len(groups),
        voted_area=voted_area, voted_owners=voted_owners,
        yes_area=yes_area, yes_owners=yes_owners,
        participation_area_passed=at_least(voted_area, total_area, rules.participation),
        participation_owners_passed=at_least(voted_owners, len(groups), rules.participation),
        approval_area_passed=approve(yes_area, voted_area, rules.approval),
        approval_owners_passed=approve(yes_owners, voted_owners, rules.approval),
        affected_refusing=refusing,
        counted_flats=[flat.key for flat in voted],
        split_owners=split_owners,
    )


@dataclass(frozen=True)
class CostFlat:
    key: int
    area: Fraction
    floor: int
    room_number: str


def cost_shares(flats: list[CostFlat], *, total: Decimal, scheme: str,
                parameters: dict) -> dict[int, Decimal]:
    """Each flat's share of `total` in yuan, exact weights, rounded to the fen so that the
    shares add up to the total (largest remainder)."""
    if scheme == "area":
        weights = {flat.key: flat.area for flat in flats}
    elif scheme == "floor":
        weights = {flat.key: Fraction(str(parameters.get(str(flat.floor), "1")))
                   for flat in flats}
    elif scheme == "fixed":
        weights = {flat.key: Fraction(1) for flat in flats}
    elif scheme == "custom":
        weights = {flat.key: Fraction(str(parameters.get(flat.room_number, "0")))
                   for flat in flats}
    else:
        raise ValueError(scheme)
    weight_sum = sum(weights.values(), Fraction(0))
    if not flats or weight_sum == 0:
        return {flat.key: Decimal("0.00") for flat in flats}
    fen_total = int(Decimal(total) * 100)
    exact = {key: Fraction(fen_total) * weight / weight_sum for key, weight in weights.items()}
    floors = {key: int(value) for key, value in exact.items()}
    left = fen_total - sum(floors.values())
    for key in sorted(exact, key=lambda k: (-(exact[k] - floors[k]), k))[:left]:
        floors[key] += 1
    return {key: (Decimal(fen) / 100).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
            for key, fen in floors.items()}
