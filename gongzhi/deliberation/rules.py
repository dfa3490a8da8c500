"""django-rules autodiscovers `<app>.rules` at start-up (rules.apps.AutodiscoverRulesConfig):
this module brings in the rules each part of deliberation registers, so that a page asking
`{% has_perm %}` finds them before any view of the part has been imported."""

from gongzhi.deliberation.polls import rules as poll_rules
from gongzhi.deliberation.topics import rules as topic_rules
from gongzhi.deliberation.votes import rules as vote_rules

__all__ = ["poll_rules", "topic_rules", "vote_rules"]
