"""Reads of partner units and the party roll that the apps above share."""

from gongzhi.organisations.models import Member


def own_member(actor) -> Member | None:
    """The member record of the actor's own person, if any."""
    if actor is None or not actor.is_authenticated:
        return None
    return (Member.objects.select_related("person", "community", "organisation")
            .filter(person__user=actor).first())
