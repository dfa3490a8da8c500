"""Model labels that entries written before a model moved still carry.

An entry keeps the `app_label.model_name` of its target as it was when written (the chain of
hashes covers it), so when a model moves to another app its old entries keep the old label.
The page and the search read both labels as the one model; the table is keyed by strings so
that audit imports none of the apps whose models it names.
"""

# old label → current label
MOVED_MODELS = {
    # issue 13: partner units and the party roll moved down to `organisations`
    "cobuilding.partnerunit": "organisations.partnerunit",
    "cobuilding.partnercontact": "organisations.partnercontact",
    "cobuilding.agreement": "organisations.agreement",
    "party.organisation": "organisations.organisation",
    "party.member": "organisations.member",
    "party.officer": "organisations.officer",
    # issue 15: party's posts and claims became activities' posts and shift sign-ups (same ids)
    "party.post": "activities.post",
    "party.claim": "activities.shiftsignup",
}


def current_label(target_type: str) -> str:
    """The label the model has now (the stored label itself if it never moved)."""
    return MOVED_MODELS.get(target_type, target_type)


def stored_labels(target_type: str) -> list[str]:
    """Every label an entry about this model may carry: the current one and the old ones."""
    current = current_label(target_type)
    return [current, *sorted(old for old, new in MOVED_MODELS.items() if new == current)]
