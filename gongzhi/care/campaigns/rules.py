"""Permission predicates of care's campaigns part, and one named rule per action."""
