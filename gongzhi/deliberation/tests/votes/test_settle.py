"""Every flat in a vote's scope is settled before the vote opens (最高法 建筑物区分所有权解释
art. 9): it has an owner in the registry, or staff marked it the developer's unsold stock with
the evidence. Only the marked flats count together as one owner; a sold flat whose buyer is
missing from the registry refuses the opening instead of joining the developer."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from gongzhi.accounts.services import api_token_create
from gongzhi.audit.models import AuditEntry
from gongzhi.core.errors import Conflict
from gongzhi.deliberation.tests.factories import owned_flats
from gongzhi.deliberation.votes import printing, services
from gongzhi.deliberation.votes.rule_sets import ensure_rule_sets
from gongzhi.places import services as places_services
from gongzhi.places.models import Flat

pytestmark = pytest.mark.django_db


def bearer(world) -> dict:
    return {"Authorization": f"Bearer {api_token_create(user=world.users['staff_a']).token}"}


def draft(world):
    ensure_rule_sets()
    return services.vote_create(actor=world.users["staff_a"], building=world.building_a1,
                                unit=world.unit_a1, title="维修屋面", kind="ordinary",
                                item_number=5, closes_on=datetime.date(2026, 12, 31))


def buyers_missing(world, count=3):
    """`count` flats on floors above the owned ones, sold but with no buyer registered."""
    return [Flat.objects.create(unit=world.unit_a1, room_number=f"{10 + n}01", floor=5,
                                floor_area=Decimal("100.00")) for n in range(count)]


def test_three_sold_flats_without_registered_owners_block_the_opening(world):
    # given four owned flats and three sold flats whose buyers are not in the registry
    owned_flats(world, count=4)
    buyers_missing(world, 3)
    vote = draft(world)
    # when staff open the vote
    with pytest.raises(Conflict) as refused:
        services.vote_open(actor=world.users["staff_a"], vote=vote)
    # then it is refused, naming how many flats are unsettled, and nothing is frozen
    assert refused.value.code == "unsettled_flats"
    assert "3 户" in str(refused.value.message)
    vote.refresh_from_db()
    assert vote.is_draft and not vote.electors.exists()


def test_marked_unsold_flats_count_together_as_one_owner(world):
    # given four owned flats and three flats staff marked unsold with the evidence
    owned_flats(world, count=4)
    for flat in buyers_missing(world, 3):
        places_services.flat_mark_unsold(actor=world.users["staff_a"], flat=flat, unsold=True,
                                         evidence="开发商未售房源清单（2026-11）")
    vote = draft(world)
    # when the vote opens
    vote = services.vote_open(actor=world.users["staff_a"], vote=vote)
    # then the three flats are frozen as unsold and the headcount is 4 owners + 1 developer
    assert vote.electors.filter(is_unsold=True).count() == 3
    assert services.vote_result(vote)["total_owners"] == 5


def test_marking_is_logged_with_who_and_why_and_needs_evidence(world):
    # given a flat without an owner
    flat = buyers_missing(world, 1)[0]
    staff = world.users["staff_a"]
    # when staff mark it without evidence, then it is refused
    with pytest.raises(Exception) as refused:
        places_services.flat_mark_unsold(actor=staff, flat=flat, unsold=True, evidence=" ")
    assert "evidence" in refused.value.detail
    # when staff mark it with evidence
    places_services.flat_mark_unsold(actor=staff, flat=flat, unsold=True, evidence="未交付证明")
    flat.refresh_from_db()
    # then who, when and why are kept on the flat and in the audit log
    assert flat.is_unsold and flat.unsold_marked_by == staff and flat.unsold_marked_at
    assert flat.unsold_evidence == "未交付证明"
    assert AuditEntry.objects.filter(target_id=str(flat.pk), target_type__icontains="flat").exists()


def test_the_draft_page_lists_unsettled_flats_and_marks_one_unsold(client, world):
    # given a draft vote with one flat sold but not registered
    owned_flats(world, count=2)
    flat = buyers_missing(world, 1)[0]
    vote = draft(world)
    client.force_login(world.users["staff_a"])
    page = client.get(reverse("deliberation:vote_detail", args=[vote.pk])).content.decode()
    # then the page lists it with a link to register its owner and a form to mark it unsold
    row = page.split(f'data-testid="unsettled-{flat.room_number}"')[1].split("</tr>")[0]
    assert reverse("people:flat_households", args=[flat.pk]) in row
    assert reverse("places:flat_unsold", args=[flat.pk]) in row
    # when staff mark it unsold from the page
    detail = reverse("deliberation:vote_detail", args=[vote.pk])
    response = client.post(reverse("places:flat_unsold", args=[flat.pk]),
                           {"unsold": "on", "evidence": "开发商证明", "next": detail})
    # then they are sent back to the vote, the flat is settled and the vote opens
    assert response.status_code == 302 and response["Location"] == detail
    flat.refresh_from_db()
    assert flat.is_unsold
    page = client.get(detail).content.decode()
    assert 'data-testid="unsettled-flats"' not in page
    services.vote_open(actor=world.users["staff_a"], vote=vote)


def test_the_api_marks_a_flat_unsold_and_open_answers_409_while_unsettled(client, world):
    # given a draft vote with one unsettled flat
    owned_flats(world, count=2)
    flat = buyers_missing(world, 1)[0]
    vote = draft(world)
    client.force_login(world.users["staff_a"])
    # when staff open it through the page, then it is refused and stays a draft
    client.post(reverse("deliberation:vote_action", args=[vote.pk, "open"]))
    vote.refresh_from_db()
    assert vote.is_draft
    # when staff mark the flat through the API
    response = client.post(f"/api/v1/places/flats/{flat.pk}/unsold",
                           {"unsold": True, "evidence": "开发商证明"},
                           content_type="application/json", headers=bearer(world))
    # then it is marked, and the flat says so
    assert response.status_code == 200, response.content
    assert response.json()["is_unsold"] is True
    assert "places.mark_flat_unsold" in response.json()["actions"]


def test_electorate_corrections_through_page_and_api_appear_in_the_record(client, world):
    # given an open vote of four owned flats
    owned_flats(world, count=4)
    vote = services.vote_open(actor=world.users["staff_a"], vote=draft(world))
    first, second = vote.electors.order_by("floor")[:2]
    client.force_login(world.users["staff_a"])
    detail = reverse("deliberation:vote_detail", args=[vote.pk])
    assert 'data-testid="elector-correct-form"' in client.get(detail).content.decode()
    # when staff correct one flat's area on the page and mark another affected in the API
    response = client.post(reverse("deliberation:vote_action",
                                   args=[vote.pk, "elector_correct"]),
                           {"elector": first.pk, "field": "floor_area", "value": "88.5",
                            "reason": "以不动产登记簿为准"})
    assert response.status_code == 302
    response = client.post(f"/api/v1/deliberation/vote-electors/{second.pk}/corrections",
                           {"field": "is_affected", "value": "true", "reason": "采光受影响"},
                           content_type="application/json", headers=bearer(world))
    assert response.status_code == 201, response.content
    # then both are applied, and the record shows each with its reason
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.floor_area == Decimal("88.50") and second.is_affected
    record = printing.vote_record_html(vote)
    assert "以不动产登记簿为准" in record and "采光受影响" in record


def test_an_electorate_correction_without_a_reason_is_refused_in_the_api(client, world):
    # given an open vote
    owned_flats(world, count=2)
    vote = services.vote_open(actor=world.users["staff_a"], vote=draft(world))
    client.force_login(world.users["staff_a"])
    # when staff send a correction with an empty reason, then it is refused and nothing changes
    elector = vote.electors.first()
    response = client.post(f"/api/v1/deliberation/vote-electors/{elector.pk}/corrections",
                           {"field": "is_unsold", "value": "true", "reason": " "},
                           content_type="application/json", headers=bearer(world))
    assert response.status_code == 422
    elector.refresh_from_db()
    assert not elector.is_unsold
