"""What the community's registry holds (buildings, units, flats, people, residences and
ownerships), loaded once so that checking a file needs no query per row."""

from collections import defaultdict
from decimal import Decimal

from gongzhi.people.importing.cells import name_key
from gongzhi.people.models import Household, Ownership, Person, Residence
from gongzhi.places.models import Building, Community, Flat, Unit


class RegistryState:
    """The community's buildings, flats, people, residences and ownerships, loaded once."""

    def __init__(self, community: Community):
        self.buildings = {name_key(b.name): b
                          for b in Building.objects.filter(community=community)}
        self.units = {(u.building_id, u.number): u
                      for u in Unit.objects.filter(community=community)}
        self.flats: dict[tuple[int, str], Flat] = {}
        self.max_floor: dict[int, int] = defaultdict(int)
        for flat in Flat.objects.filter(community=community):
            self.flats[(flat.unit_id, flat.room_number)] = flat
            self.max_floor[flat.building_id] = max(self.max_floor[flat.building_id], flat.floor)
        self.people = {p.pk: p for p in Person.objects.filter(community=community)}
        self.by_index = {p.id_number_index: p for p in self.people.values() if p.id_number_index}
        # person id → (flat id, relation, household id) of the current residence
        self.current = {person_id: (flat_id, relation, household_id)
                        for person_id, flat_id, relation, household_id in
                        Residence.objects.filter(community=community, moved_out_on__isnull=True)
                        .values_list("person_id", "household__flat_id", "relation",
                                     "household_id")}
        self.households: dict[int, list[Household]] = defaultdict(list)
        for household in Household.objects.filter(community=community).order_by("pk"):
            self.households[household.flat_id].append(household)
        self.owned: dict[int, dict[int, Decimal]] = defaultdict(dict)
        for flat_id, person_id, share in Ownership.objects.filter(
                community=community, ended_on__isnull=True).values_list(
                "flat_id", "person_id", "share_percent"):
            self.owned[flat_id][person_id] = share
        self.by_name_birth_flat: dict[tuple, Person] = {}
        flats_of = defaultdict(set)
        for person_id, (flat_id, _relation, _household) in self.current.items():
            flats_of[person_id].add(flat_id)
        for flat_id, owners in self.owned.items():
            for person_id in owners:
                flats_of[person_id].add(flat_id)
        for person in self.people.values():
            for flat_id in flats_of[person.pk] | ({person.flat_id} if person.flat_id else set()):
                self.by_name_birth_flat.setdefault((person.name, person.birth_date, flat_id),
                                                   person)
        self.flats_by_id = {flat.pk: flat for flat in self.flats.values()}
        self.buildings_by_id = {b.pk: b for b in self.buildings.values()}
        self.units_by_id = {u.pk: u for u in self.units.values()}

    def flat_label(self, flat_id: int) -> str:
        flat = self.flats_by_id.get(flat_id)
        if flat is None:
            return ""
        return (f"{self.buildings_by_id[flat.building_id].name} "
                f"{self.units_by_id[flat.unit_id].number}单元 {flat.room_number}")

