"""Party building keeps no tables of its own: the roll it draws on (organisations, members,
officers) lives in `organisations`, and in-service members' posts, shifts and hours are the
volunteering part of `activities` (issue 15: posts, shifts, the hours ledger)."""
