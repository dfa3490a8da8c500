"""django-rules autodiscovers `<app>.rules` at start-up (rules.apps.AutodiscoverRulesConfig):
this module brings in the rules each part of activities registers, so that a page asking
`{% has_perm %}` finds them before any view of the part has been imported."""

from gongzhi.activities.duty import rules as duty_rules

__all__ = ["duty_rules"]
