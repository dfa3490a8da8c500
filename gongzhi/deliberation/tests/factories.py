"""Helpers for vote tests: a staircase of flats with owners, in community A of the world."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from gongzhi.deliberation.votes import services
from gongzhi.deliberation.votes.rule_sets import ensure_rule_sets
from gongzhi.people.models import Ownership, Person
from gongzhi.places.models import Flat


def scan(name="ballot.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 scan", content_type="application/pdf")


def owned_flats(world, *, count=4, area=Decimal("100.00"), unit=None):
    """`count` flats on floors 1..count of building_a1's unit 1, each with its own owner.
    resident_a's person owns the top flat, so they can vote online."""
    unit = unit or world.unit_a1
    flats, owners = [], []
    for floor in range(1, count + 1):
        flat = Flat.objects.filter(unit=unit, floor=floor).first() or Flat.objects.create(
            unit=unit, room_number=f"{floor}02", floor=floor, floor_area=area)
        if flat.floor_area != area:
            flat.floor_area = area
            flat.save(update_fields=["floor_area"])
        if floor == count:
            owner = world.person_resident_a
        else:
            owner = Person.objects.create(community=world.community_a, name=f"业主{floor}")
        Ownership.objects.create(community=world.community_a, flat=flat, person=owner)
        flats.append(flat)
        owners.append(owner)
    return flats, owners


def open_vote(world, *, kind=None, item_number=None, actor=None, affected=(), now=None,
              **fields):
    """An open vote of unit 1 of 甲楼一号; by default a matter of art. 278 item 7 (the special
    gates), or an elevator with kind="elevator"."""
    ensure_rule_sets()  # a transactional test before this one may have emptied the table
    actor = actor or world.users["staff_a"]
    if kind is None and item_number is None:
        item_number = 7
    vote = services.vote_create(actor=actor, building=world.building_a1,
                                unit=fields.pop("unit", world.unit_a1),
                                title=fields.pop("title", "屋面防水维修"), kind=kind,
                                item_number=item_number,
                                closes_on=datetime.date(2026, 12, 31), **fields)
    return services.vote_open(actor=actor, vote=vote, affected_flat_ids=affected, now=now)
