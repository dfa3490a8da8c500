"""Fetch one request by id, within what the actor may see; missing and forbidden answer alike."""

from gongzhi.casework.models import Case, CasePhoto
from gongzhi.casework.selectors import _cases_for, partner_cases, partner_photos
from gongzhi.core.access import get_scoped


def access_case(*, actor, id) -> Case:
    return get_scoped(_cases_for(actor).select_related(
        "category", "building__grid", "unit", "handler", "community__street", "reporter",
        "merged_into", "partner_unit"), pk=id)


def access_photo(*, actor, id) -> CasePhoto:
    photo = get_scoped(CasePhoto.objects.select_related("case"), pk=id)
    access_case(actor=actor, id=photo.case_id)
    return photo


def access_partner_case(*, actor, id) -> Case:
    """A request dispatched to the actor's own partner unit; any other answers not found."""
    return get_scoped(partner_cases(actor), pk=id)


def access_partner_photo(*, actor, id) -> CasePhoto:
    return get_scoped(partner_photos(actor), pk=id)
