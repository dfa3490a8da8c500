"""Export of a community's registry in the shape of the import's 居民 sheet.

The export holds full ID numbers and phones: it needs its own permission and every export is
written to the audit trail. Importing an export back into the same community changes nothing.
"""

import io

import openpyxl
from django.db import transaction
from django.utils import timezone

from gongzhi.audit.choices import Action
from gongzhi.audit.services import audit_change
from gongzhi.core.actions import require
from gongzhi.core.exporting import append_row
from gongzhi.people import rules
from gongzhi.people.choices import HukouType, Relation, SensitiveFlag, Sex
from gongzhi.people.importing.cells import chinese_label
from gongzhi.people.importing.columns import RESIDENT_COLUMNS, RESIDENT_SHEET
from gongzhi.people.importing.template import fill_header, format_columns
from gongzhi.people.models import Ownership, Residence
from gongzhi.people.services import person_flags, person_id_number, person_phone
from gongzhi.places.choices import AreaSource
from gongzhi.places.models import Community

# Head first, then the household in the order the choices list them.
_RELATION_ORDER = {value: index for index, value in enumerate(Relation.values)}


def _person_cells(person) -> dict:
    return {
        "name": person.name,
        "sex": chinese_label(Sex, person.sex) if person.sex else "",
        "birth_date": person.birth_date,
        "id_number": person_id_number(person),
        "phone": person_phone(person),
        "hukou_type": chinese_label(HukouType, person.hukou_type),
        "is_living_alone": "是" if person.is_living_alone else "否",
        "flags": "、".join(chinese_label(SensitiveFlag, flag)
                          for flag in SensitiveFlag.values if flag in person_flags(person)),
        "notes": person.notes,
    }


def _flat_cells(flat) -> dict:
    return {
        "building": flat.building.name,
        "unit": flat.unit.number,
        "room": flat.room_number,
        "floor": flat.floor,
        "floor_area": flat.floor_area,
        "area_source": chinese_label(AreaSource, flat.area_source),
    }


def export_rows(community: Community) -> list[dict]:
    """One row per current resident (with their ownership of that flat, if any), then one row
    per owner of a flat they do not live in; ordered by building, unit, floor and room."""
    residences = list(
        Residence.objects.filter(community=community, moved_out_on__isnull=True)
        .select_related("person", "household__flat__building", "household__flat__unit"))
    ownerships = {
        (o.flat_id, o.person_id): o
        for o in Ownership.objects.filter(community=community, ended_on__isnull=True)
        .select_related("person", "flat__building", "flat__unit")}
    rows = []
    for residence in residences:
        flat, person = residence.household.flat, residence.person
        ownership = ownerships.pop((flat.pk, person.pk), None)
        rows.append((flat, _RELATION_ORDER.get(residence.relation, 99), person, {
            **_flat_cells(flat), **_person_cells(person),
            "relation": chinese_label(Relation, residence.relation),
            "moved_in_on": residence.moved_in_on,
            "is_owner": "是" if ownership else "否",
            "share_percent": ownership.share_percent if ownership else None,
        }))
    for ownership in ownerships.values():
        flat, person = ownership.flat, ownership.person
        rows.append((flat, 100, person, {
            **_flat_cells(flat), **_person_cells(person), "relation": "", "moved_in_on": None,
            "is_owner": "是", "share_percent": ownership.share_percent,
        }))
    rows.sort(key=lambda r: (r[0].building.name, r[0].unit.number, r[0].floor,
                             r[0].room_number, r[1], r[2].name, r[2].pk))
    return [cells for _flat, _order, _person, cells in rows]


def _write_xlsx(rows: list[dict]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = RESIDENT_SHEET
    fill_header(sheet, RESIDENT_COLUMNS)
    for values in rows:
        # A name or a note that starts with = + - @ stays text: never a formula in Excel.
        append_row(sheet, [values.get(column.key) for column in RESIDENT_COLUMNS])
    format_columns(sheet, RESIDENT_COLUMNS, rows=len(rows))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_people_xlsx(*, actor, community: Community) -> bytes:
    """The community's residents and owners with full ID numbers and phones (audited)."""
    require(actor, rules.EXPORT_PEOPLE, community)
    with transaction.atomic():
        rows = export_rows(community)
        content = _write_xlsx(rows)
        audit_change(actor=actor, instance=community, action=Action.EXPORT, before={}, after={
            "what": "people.person", "format": "xlsx", "rows": len(rows),
            "fields": ["id_number", "phone", "flags"],
            "at": timezone.now().isoformat(timespec="seconds"),
        })
    return content
