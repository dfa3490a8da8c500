"""Fetch one row by id, within the actor's scope; missing and forbidden answer alike."""

from gongzhi.core.access import get_scoped
from gongzhi.people import rules
from gongzhi.people.models import CorrectionRequest, ImportRun, Person


def access_person(*, actor, id, permission=rules.VIEW_PERSON) -> Person:
    return get_scoped(Person.objects.for_user(actor, permission)
                      .select_related("flat__building", "flat__unit", "community"), pk=id)


def access_correction(*, actor, id, permission=rules.CHANGE_PERSON) -> CorrectionRequest:
    return get_scoped(CorrectionRequest.objects.for_user(actor, permission)
                      .select_related("person"), pk=id)


def access_import_run(*, actor, id) -> ImportRun:
    return get_scoped(ImportRun.objects.for_user(actor, rules.IMPORT_PERSON)
                      .select_related("community", "uploaded_by"), pk=id)
