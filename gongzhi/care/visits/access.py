"""Fetch one visit by id within the actor's scope; missing and forbidden alike.

A visit is seen by whoever may see its household (the register's staff, the household's
helpers); nobody else learns it exists."""

from gongzhi.care.register.access import visible_households
from gongzhi.care.visits.models import Visit
from gongzhi.core.access import get_scoped


def access_visit(*, actor, id) -> Visit:
    return get_scoped(Visit.objects.filter(household__in=visible_households(actor))
                      .select_related("community", "household__community",
                                      "household__person__flat__unit", "pairing__member__person",
                                      "pairing__volunteer", "pairing__unit", "recorded_by",
                                      "case", "need", "hours_entry"), pk=id)
