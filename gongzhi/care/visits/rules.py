"""Permission predicates of care's visits part, and one named rule per action."""
