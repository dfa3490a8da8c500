"""Demo residents for 永泰社区: about 4,400 people, 900+ over 60, in its 40 residential buildings.

Every name, ID number and phone number here is generated and fictional. ID numbers use the
district code 440104 with serial numbers 800–899 (the import samples in docs/samples use other
serials) and carry correct check digits, so that they pass the same validation as real data.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction

from gongzhi.people.choices import HukouType, Relation, SensitiveFlag
from gongzhi.people.identity import id_check_digit
from gongzhi.people.models import Household, Ownership, Person, PersonFlag, Residence
from gongzhi.people.services import apply_sensitive, flag_token
from gongzhi.places.models import Flat

SURNAMES = "陈李黄张王梁林刘何罗郭吴周谢郑冯邓曾彭叶蔡潘杜许苏钟"
GIVEN = "嘉伟美玲志明丽华俊杰秀英文辉家豪慧敏国强淑芬建平晓峰雅婷子轩梓涵锦荣"
TODAY = datetime.date(2026, 11, 1)  # ages are spread from a fixed day: the demo never drifts


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2])))


def _birth_date(rng: random.Random, age_min: int, age_max: int) -> datetime.date:
    age = rng.randint(age_min, age_max)
    return TODAY - datetime.timedelta(days=age * 365 + rng.randint(0, 364))


def _id_number(birth: datetime.date, serial: int, sex: str, used: set[str]) -> str:
    """A valid, unused ID number with serial digits 800–899 (the sex digit is the last one)."""
    for attempt in range(50):
        number = (serial + attempt) % 50
        sex_digit = number % 5 * 2 + (1 if sex == "male" else 0)
        first17 = f"440104{birth:%Y%m%d}8{number // 5}{sex_digit}"
        if first17 not in used:
            used.add(first17)
            return first17 + id_check_digit(first17)
    raise RuntimeError("no free demo ID number for this birth date")


def _household_plan(rng: random.Random) -> list[tuple[str, int, int]]:
    """(relation, min age, max age) of each member of one household."""
    kind = rng.random()
    if kind < 0.09:   # an older person living alone
        return [(Relation.HEAD, 65, 94)]
    if kind < 0.22:   # an older couple, often with a grown-up child at home
        return [(Relation.HEAD, 62, 90), (Relation.SPOUSE, 60, 88)] + (
            [(Relation.CHILD, 28, 50)] if rng.random() < 0.5 else [])
    if kind < 0.40:   # three generations
        return [(Relation.HEAD, 38, 58), (Relation.SPOUSE, 36, 56), (Relation.PARENT, 65, 92),
                (Relation.PARENT, 63, 90), (Relation.CHILD, 3, 17)] + (
            [(Relation.CHILD, 0, 15)] if rng.random() < 0.5 else [])
    if kind < 0.47:   # tenants
        return [(Relation.TENANT, 22, 45)] * rng.choice([2, 3, 4])
    members = [(Relation.HEAD, 30, 59), (Relation.SPOUSE, 28, 59)]
    members += [(Relation.CHILD, 0, 25)] * rng.choice([1, 1, 2, 2])
    if rng.random() < 0.3:
        members.append((Relation.PARENT, 60, 85))
    return members


@transaction.atomic
def seed_people(community) -> Person | None:
    """Fill the community's flats with fictional households; returns the demo resident."""
    if Person.objects.filter(community=community).exists():
        return Person.objects.filter(community=community, user__username="yongtai_resident"
                                     ).first() or Person.objects.filter(
            community=community, flat__isnull=False).order_by("pk").first()
    rng = random.Random(44010401)
    flats = list(Flat.objects.filter(community=community).select_related("building")
                 .order_by("building__name", "unit__number", "floor", "room_number"))
    people, plans, serial, used = [], [], 0, set()
    for flat in flats:
        if rng.random() < 0.03:
            continue  # an empty flat
        for relation, age_min, age_max in _household_plan(rng):
            serial += 1
            sex = rng.choice(["male", "female"])
            birth = _birth_date(rng, age_min, age_max)
            person = Person(community=community, flat=flat, name=_name(rng), sex=sex,
                            birth_date=birth, hukou_type=rng.choice(
                                [HukouType.LOCAL] * 8 + [HukouType.NON_LOCAL]))
            age = (TODAY - birth).days // 365
            flags = set()
            if rng.random() < 0.05:
                flags.add(SensitiveFlag.PARTY_MEMBER.value)
            if rng.random() < (0.08 if age >= 60 else 0.015):
                flags.add(SensitiveFlag.DISABLED.value)
            if rng.random() < 0.025:
                flags.add(SensitiveFlag.LOW_INCOME.value)
            if rng.random() < 0.015:
                flags.add(SensitiveFlag.IN_DIFFICULTY.value)
            phone = f"138{rng.randint(0, 99999999):08d}" if age >= 16 else ""
            apply_sensitive(person, id_number=_id_number(birth, serial, sex, used), phone=phone,
                            flags=flags)
            person._demo_flags = flags
            people.append(person)
            plans.append((flat, relation))
    # A household of one older person is living alone.
    by_flat: dict[int, list[int]] = {}
    for index, (flat, _relation) in enumerate(plans):
        by_flat.setdefault(flat.pk, []).append(index)
    for indexes in by_flat.values():
        if len(indexes) == 1:
            people[indexes[0]].is_living_alone = True
    Person.objects.bulk_create(people, batch_size=1000)

    households = {}
    for flat in {flat.pk: flat for flat, _ in plans}.values():
        households[flat.pk] = Household(community=community, flat=flat)
    Household.objects.bulk_create(list(households.values()), batch_size=1000)
    residences, flag_rows, ownerships, heads = [], [], [], []
    for person, (flat, relation) in zip(people, plans, strict=True):
        household = households[flat.pk]
        moved_in = max(person.birth_date, TODAY - datetime.timedelta(days=rng.randint(90, 9000)))
        residences.append(Residence(community=community, household=household, person=person,
                                    relation=relation, moved_in_on=moved_in))
        flag_rows += [PersonFlag(community=community, person=person,
                                 token=flag_token(community.pk, flag))
                      for flag in person._demo_flags]
        if relation == Relation.HEAD:
            household.head = person
            heads.append(household)
    Residence.objects.bulk_create(residences, batch_size=1000)
    PersonFlag.objects.bulk_create(flag_rows, batch_size=1000)
    Household.objects.bulk_update(heads, ["head"], batch_size=1000)
    spouses = {flat.pk: person for person, (flat, relation) in zip(people, plans, strict=True)
               if relation == Relation.SPOUSE}
    for household in households.values():
        head = household.head
        if head is None:  # tenants: the owner lives elsewhere
            continue
        spouse = spouses.get(household.flat_id)
        if spouse is not None and rng.random() < 0.4:
            ownerships += [Ownership(community=community, flat_id=household.flat_id,
                                     person=owner, share_percent=Decimal("50"))
                           for owner in (head, spouse)]
        else:
            ownerships.append(Ownership(community=community, flat_id=household.flat_id,
                                        person=head, share_percent=Decimal("100")))
    Ownership.objects.bulk_create(ownerships, batch_size=1000)
    # The demo resident's login is "永泰居民小王": link a 王 who heads a household.
    return next((p for p, (_flat, relation) in zip(people, plans, strict=True)
                 if p.name.startswith("王") and relation == Relation.HEAD and p.phone_masked),
                people[0])

