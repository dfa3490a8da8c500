"""Permission predicates of care's supplies part, and one named rule per action."""
