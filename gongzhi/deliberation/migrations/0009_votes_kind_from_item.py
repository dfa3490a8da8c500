"""Issue 14, item 1: a vote's kind (so its rule set and threshold) follows from its 民法典
art. 278 item. Votes stored before are re-derived: an elevator vote is item 7; a vote whose kind
contradicts its item takes the item's kind, and an opened one the rule set of that kind in force
on the day it opened. Every vote whose kind or outcome changes is reported (printed and logged);
a stored (published) result keeps its counts and has its gates re-judged."""

import logging
from fractions import Fraction

from django.db import migrations
from django.utils import timezone

from gongzhi.deliberation.votes.tally import FlatVote, Rules, tally, within_law

logger = logging.getLogger("gongzhi.deliberation")

SPECIAL_ITEMS = {6, 7, 8}
ELEVATOR_ITEM = 7


def _kind(item_number: int, elevator: bool) -> str:
    if elevator:
        return "elevator"
    return "special" if item_number in SPECIAL_ITEMS else "ordinary"


def _rules(rule_set) -> Rules:
    return Rules(participation=Fraction(rule_set.participation_threshold),
                 approval=Fraction(rule_set.approval_threshold),
                 approval_is_strict=rule_set.approval_is_strict,
                 requires_affected_consent=rule_set.requires_affected_consent)


def _rule_set_name(rule_set) -> str:
    return f"{rule_set.name}（{rule_set.effective_from:%Y-%m-%d} 起）"


def _live_outcome(apps, vote, rules: Rules) -> bool:
    Ballot = apps.get_model("deliberation", "Ballot")
    counted = dict(Ballot.objects.filter(vote_id=vote.pk, state="counted")
                   .values_list("elector_id", "choice"))
    flats = [FlatVote(key=e.pk, area=Fraction(e.floor_area), owners=frozenset(e.owner_ids),
                      is_unsold=e.is_unsold, is_affected=e.is_affected,
                      choice=counted.get(e.pk))
             for e in vote.electors.all()]
    return tally(flats, rules).passed


def _rejudge(result: dict, rules: Rules) -> dict:
    """A stored result's gates judged again by `rules`; the counts stay as published."""
    def passes(part, whole, threshold, strict):
        part, whole = Fraction(str(part)), Fraction(str(whole))
        if whole == 0:
            return False
        return part / whole > threshold if strict else part / whole >= threshold

    result = dict(result)
    result["participation_area_passed"] = passes(result["voted_area"], result["total_area"],
                                                 rules.participation, False)
    result["participation_owners_passed"] = passes(result["voted_owners"],
                                                   result["total_owners"],
                                                   rules.participation, False)
    result["approval_area_passed"] = passes(result["yes_area"], result["voted_area"],
                                            rules.approval, rules.approval_is_strict)
    result["approval_owners_passed"] = passes(result["yes_owners"], result["voted_owners"],
                                              rules.approval, rules.approval_is_strict)
    result["passed"] = (result["participation_area_passed"]
                        and result["participation_owners_passed"]
                        and result["approval_area_passed"] and result["approval_owners_passed"]
                        and not result.get("affected_refusing"))
    return result


def rederive_votes(apps, schema_editor=None) -> list[str]:
    """Re-derive every stored vote's kind and rule set from its item; returns (and prints and
    logs) one line per vote whose kind, rule set or outcome changes, or that has no item."""
    Vote = apps.get_model("deliberation", "Vote")
    RuleSet = apps.get_model("deliberation", "RuleSet")
    report = []
    for vote in Vote.objects.select_related("rule_set").order_by("pk"):
        label = f"vote {vote.pk} «{vote.title}»"
        elevator = vote.kind == "elevator"
        item = ELEVATOR_ITEM if elevator else vote.item_number
        if item is None or not 1 <= item <= 9:
            report.append(f"{label}: no 民法典 art. 278 item; kept as {vote.kind}, judged at "
                          "no less than the law's ordinary gate; staff should name its item")
            continue
        kind = _kind(item, elevator)
        old_rule_set = vote.rule_set
        rule_set = old_rule_set
        if old_rule_set is not None and old_rule_set.kind != kind:
            day = timezone.localdate(vote.opened_at) if vote.opened_at else timezone.localdate(vote.created_at)
            rule_set = (RuleSet.objects.filter(kind=kind, effective_from__lte=day)
                        .order_by("-effective_from").first()) or old_rule_set
        changed = []
        if (kind, item) != (vote.kind, vote.item_number):
            changed.append(f"kind {vote.kind} → {kind} (item {item})")
        if rule_set is not old_rule_set:
            changed.append(f"rule set {_rule_set_name(old_rule_set)} → "
                           f"{_rule_set_name(rule_set)}")
        before = after = None
        result = vote.result
        if rule_set is not None:
            new_rules = within_law(_rules(rule_set), item)
            if result:
                before = result.get("passed")
                result = _rejudge(result, new_rules)
                result["rule_set"], result["rule_source"] = (_rule_set_name(rule_set),
                                                             rule_set.source)
                after = result["passed"]
            elif vote.status in ("closed", "published"):
                before = _live_outcome(apps, vote, _rules(old_rule_set))
                after = _live_outcome(apps, vote, new_rules)
        if before != after:
            changed.append(f"outcome {'passed' if before else 'not passed'} → "
                           f"{'passed' if after else 'not passed'}")
        if not changed:
            continue
        vote.kind, vote.item_number, vote.rule_set, vote.result = kind, item, rule_set, result
        vote.save(update_fields=["kind", "item_number", "rule_set", "result"])
        report.append(f"{label}: " + "; ".join(changed))
    for line in report:
        logger.warning("re-derived owners' vote: %s", line)
        print(f"  {line}")
    return report


class Migration(migrations.Migration):
    dependencies = [("deliberation", "0008_partner_unit_in_organisations")]
    operations = [migrations.RunPython(rederive_votes, migrations.RunPython.noop)]
