"""django-rules autodiscovers `<app>.rules` at start-up (rules.apps.AutodiscoverRulesConfig):
this module brings in the rules each part of care registers, so that a page asking
`{% has_perm %}` finds them before any view of the part has been imported."""

from gongzhi.care.campaigns import rules as campaigns_rules
from gongzhi.care.register import rules as register_rules
from gongzhi.care.supplies import rules as supplies_rules
from gongzhi.care.visits import rules as visits_rules

__all__ = ["campaigns_rules", "register_rules", "supplies_rules", "visits_rules"]
