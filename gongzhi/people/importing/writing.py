"""Writing the importable rows of a checked file: bulk statements, audited, in the caller's
transaction."""

from collections import defaultdict

from django.utils import timezone

from gongzhi.audit.services import audit_changes_bulk
from gongzhi.audit.writes import model_create, model_update
from gongzhi.core import crypto
from gongzhi.people.choices import HukouType, Relation
from gongzhi.people.importing.checking import Checker, RowPlan
from gongzhi.people.models import Household, Ownership, Person, PersonFlag, Residence
from gongzhi.people.services import (
    apply_sensitive,
    flag_token,
    masked_snapshot,
    person_flags,
)
from gongzhi.places.choices import AreaSource
from gongzhi.places.models import Building, Flat, Unit

SUMMARY_KEYS = ("buildings_created", "buildings_updated", "flats_created", "people_created",
                "people_updated", "people_unchanged", "residences_created",
                "ownerships_created", "rows_skipped")

_PLAIN = ["name", "sex", "birth_date", "hukou_type", "is_living_alone", "notes"]


def write(checker: Checker, *, actor) -> dict:
    """Write the importable rows of a checked file; call inside a transaction."""
    community, state = checker.community, checker.state
    summary = dict.fromkeys(SUMMARY_KEYS, 0)
    now = timezone.now()

    # Buildings and their units: few, so the ordinary audited writes.
    for plan in checker.buildings.values():
        if plan.row is None or plan.bad:
            continue
        if plan.building is None:
            plan.building = model_create(actor=actor, instance=Building(
                community=community, name=plan.name, **plan.fields))
            summary["buildings_created"] += 1
        elif plan.changes:
            model_update(actor=actor, instance=plan.building, data=plan.changes,
                         fields=list(plan.changes))
            summary["buildings_updated"] += 1
        units = [Unit(community=community, building=plan.building, number=str(n))
                 for n in range(1, plan.units_wanted + 1)
                 if (plan.building.pk, str(n)) not in state.units]
        for unit in Unit.objects.bulk_create(units):
            state.units[(plan.building.pk, unit.number)] = unit

    rows = checker.importable_rows()
    new_flats = {}
    for row in rows:
        flat = checker.flats[row.flat_key]
        if flat.flat is None and row.flat_key not in new_flats:
            unit = state.units[(flat.building.building.pk, flat.unit)]
            new_flats[row.flat_key] = Flat(
                community=community, building_id=unit.building_id, unit=unit,
                room_number=flat.room, floor=flat.floor, floor_area=flat.floor_area,
                area_source=flat.area_source or AreaSource.UNKNOWN)
    Flat.objects.bulk_create(list(new_flats.values()))
    for key, flat in new_flats.items():
        checker.flats[key].flat = flat
    summary["flats_created"] = len(new_flats)

    # People.
    home_row = {}
    for row in rows:
        if row.relation:
            home_row[row.person_key] = row
    people_keys = list(dict.fromkeys(row.person_key for row in rows))
    created, updated, audit, flag_changes = [], [], [], {}
    update_fields = set()
    for key in people_keys:
        plan = checker.people[key]
        values = plan.values
        home = home_row.get(key)
        home_flat = checker.flats[home.flat_key].flat if home else None
        person = plan.person
        if person is None:
            person = Person(community=community, name=values["name"], sex=values["sex"],
                            birth_date=values["birth_date"],
                            hukou_type=values.get("hukou_type", HukouType.LOCAL),
                            is_living_alone=values.get("is_living_alone", False),
                            notes=values.get("notes", ""), flat=home_flat)
            apply_sensitive(person, id_number=values.get("id_number", ""),
                            phone=values.get("phone", ""), flags=values.get("flags", set()))
            plan.person = person
            created.append(person)
            if values.get("flags"):
                flag_changes[key] = values["flags"]
            continue
        before = masked_snapshot(person)
        changed = set()
        for name in _PLAIN:
            if name in values and getattr(person, name) != values[name]:
                setattr(person, name, values[name])
                changed.add(name)
        if "id_number" in values and not person.id_number_index:
            apply_sensitive(person, id_number=values["id_number"])
            changed |= {"id_number_encrypted", "id_number_index", "id_number_masked"}
        if "phone" in values and person.phone_index != crypto.blind_index(
                values["phone"], purpose="phone"):
            apply_sensitive(person, phone=values["phone"])
            changed |= {"phone_encrypted", "phone_index", "phone_last4_index", "phone_masked"}
        if "flags" in values and values["flags"] != person_flags(person):
            apply_sensitive(person, flags=values["flags"])
            changed.add("sensitive_flags_encrypted")
            flag_changes[key] = values["flags"]
        if home_flat is not None and person.flat_id != home_flat.pk:
            person.flat = home_flat
            changed.add("flat")
        if not changed:
            summary["people_unchanged"] += 1
            continue
        person.updated_at = now
        update_fields |= changed
        updated.append(person)
        after = masked_snapshot(person)
        keys = {k for k in after if after[k] != before[k]}
        if "sensitive_flags_encrypted" in changed:
            keys.add("flags")  # the trail says the flags changed, never what they are
        audit.append((person, "update", {k: before[k] for k in sorted(keys)},
                      {k: after[k] for k in sorted(keys)}))
    Person.objects.bulk_create(created, batch_size=1000)
    if updated:
        Person.objects.bulk_update(updated, [*sorted(update_fields), "updated_at"],
                                   batch_size=1000)
    audit = [(person, "create", {}, masked_snapshot(person)) for person in created] + audit
    summary["people_created"], summary["people_updated"] = len(created), len(updated)

    if flag_changes:
        people = [checker.people[key].person for key in flag_changes]
        PersonFlag.objects.filter(person__in=[p for p in people if p.pk]).delete()
        PersonFlag.objects.bulk_create(
            [PersonFlag(person=checker.people[key].person, community=community,
                        token=flag_token(community.pk, flag))
             for key, flags in flag_changes.items() for flag in sorted(flags)],
            batch_size=1000)

    # Households and residences: a flat's new residents join its household; a new head of
    # a flat whose households all have a head starts a household of their own (e.g. tenants).
    movers: dict[tuple, list[RowPlan]] = defaultdict(list)
    for row in rows:
        if row.relation and not checker.lives_here(row):
            movers[row.flat_key].append(row)
    new_households, head_changes, residences = [], [], []
    for flat_key, flat_rows in movers.items():
        flat = checker.flats[flat_key].flat
        households = state.households.get(flat.pk, [])
        head_row = next((r for r in flat_rows if r.relation == Relation.HEAD), None)
        head = checker.people[head_row.person_key].person if head_row else None
        target = None
        if head is not None:
            target = next((h for h in households if h.head_id is None), None)
            if target is not None:
                target.head = head
                target.updated_at = now
                head_changes.append(target)
        elif households:
            target = households[0]
        if target is None:
            target = Household(community=community, flat=flat, head=head)
            new_households.append(target)
            state.households[flat.pk].append(target)
        for row in flat_rows:
            residences.append(Residence(
                community=community, household=target,
                person=checker.people[row.person_key].person, relation=row.relation,
                moved_in_on=row.moved_in_on))
    Household.objects.bulk_create(new_households, batch_size=1000)
    if head_changes:
        Household.objects.bulk_update(head_changes, ["head", "updated_at"], batch_size=1000)
    Residence.objects.bulk_create(residences, batch_size=1000)
    summary["residences_created"] = len(residences)

    ownerships = []
    for row in rows:
        if not row.is_owner:
            continue
        flat = checker.flats[row.flat_key].flat
        person = checker.people[row.person_key].person
        if person.pk not in state.owned.get(flat.pk, {}):
            ownerships.append(Ownership(community=community, flat=flat, person=person,
                                        share_percent=row.share))
    Ownership.objects.bulk_create(ownerships, batch_size=1000)
    summary["ownerships_created"] = len(ownerships)

    audit_changes_bulk(actor=actor, changes=audit)
    summary["rows_skipped"] = checker.total_rows - len(rows) - len(
        checker.importable_building_rows())
    return summary

