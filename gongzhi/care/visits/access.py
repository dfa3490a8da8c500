"""Fetch one visit by id within the actor's scope; missing and forbidden alike.

A visit is seen by whoever may see its household (the register's staff, the household's
helpers); nobody else learns it exists."""

from gongzhi.care.register.access import audited_refusal, visible_households
from gongzhi.care.visits.models import Visit
from gongzhi.core.access import get_scoped
from gongzhi.core.errors import NotFound


def access_visit(*, actor, id) -> Visit:
    return get_scoped(Visit.objects.filter(household__in=visible_households(actor))
                      .select_related("community", "household__community",
                                      "household__person__flat__unit", "pairing__member__person",
                                      "pairing__volunteer", "pairing__unit", "recorded_by",
                                      "case", "need", "hours_entry"), pk=id)


def access_visit_for_read(*, actor, id) -> Visit:
    """access_visit for a full read of what was found: a refusal is audited too."""
    try:
        return access_visit(actor=actor, id=id)
    except NotFound:
        audited_refusal(Visit, actor=actor, id=id, fields=["found"], reason="查看走访记录")
        raise
