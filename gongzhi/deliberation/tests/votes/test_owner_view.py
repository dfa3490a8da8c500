"""Owners see what they decide before voting: the cost total, the cost-sharing scheme, their
own flat's share (never another flat's) and the plan documents, on the ballot page and in the
API. Plan documents are uploaded by staff while the vote is a draft and served only to those
who may see the vote. The affected-flats checklist shows room, masked owner and unsold stock."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongzhi.accounts.choices import Role
from gongzhi.accounts.tests.factories import user_with_role
from gongzhi.core.errors import DomainError, ValidationFailed
from gongzhi.deliberation.models import VoteDocument
from gongzhi.deliberation.tests.factories import owned_flats
from gongzhi.deliberation.votes import services
from gongzhi.deliberation.votes.rule_sets import ensure_rule_sets
from gongzhi.places.models import Flat

BASE = "/api/v1/deliberation"
# floor coefficients 0 / 1 / 1.5 / 2 of 10,000 yuan: 0, 2222.22, 3333.33, 4444.45 (the odd
# fen goes to the largest remainder)
FLOOR_SCHEME = {"1": "0", "2": "1", "3": "1.5", "4": "2"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf(name="方案.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 plan", content_type="application/pdf")


@pytest.fixture
def li(world):
    return user_with_role(Role.RESIDENT, world.community_a, username="li", display_name="李业主")


@pytest.fixture
def draft(world, li):
    """A draft vote on 甲楼一号 1单元 with a cost shared by floor; resident_a owns 402 (floor
    4), 李 owns 202 (floor 2)."""
    ensure_rule_sets()
    _flats, people = owned_flats(world, count=4)
    people[1].user = li
    people[1].save(update_fields=["user"])
    return services.vote_create(actor=world.users["staff_a"], building=world.building_a1,
                                unit=world.unit_a1, title="加装电梯", item_number=7,
                                closes_on=datetime.date(2026, 12, 31),
                                cost_total=Decimal("10000"), cost_scheme="floor",
                                cost_parameters=FLOOR_SCHEME)


def test_staff_attach_plan_documents_to_a_draft_only(client, world, draft):
    client.force_login(world.users["staff_a"])
    # when staff upload a plan on the draft's page
    client.post(f"/deliberation/votes/{draft.pk}/action/document/", {"document": pdf()})
    document = VoteDocument.objects.get(vote=draft)
    assert (document.name, document.content_type, document.uploaded_by) == (
        "方案.pdf", "application/pdf", world.users["staff_a"])
    # a file that is neither a PDF nor an image is refused
    with pytest.raises(ValidationFailed):
        services.vote_document_add(actor=world.users["staff_a"], vote=draft,
                                   upload=SimpleUploadedFile("x.pdf", b"<script>", "text/html"))
    # once the vote is open, the documents are fixed
    vote = services.vote_open(actor=world.users["staff_a"], vote=draft)
    with pytest.raises(DomainError) as error:
        services.vote_document_add(actor=world.users["staff_a"], vote=vote, upload=pdf("b.pdf"))
    assert error.value.code == "not_draft"
    assert VoteDocument.objects.filter(vote=draft).count() == 1


def test_a_draft_documents_are_not_shown_to_owners_yet(client, world, draft):
    document = services.vote_document_add(actor=world.users["staff_a"], vote=draft,
                                          upload=pdf())
    client.force_login(world.users["resident_a"])
    assert client.get(f"/deliberation/vote-documents/{document.pk}/").status_code == 404


def test_owners_see_the_cost_their_own_share_and_the_plan_before_voting(client, world, draft,
                                                                        li):
    # given the plan is attached and the vote is open
    document = services.vote_document_add(actor=world.users["staff_a"], vote=draft,
                                          upload=pdf())
    services.vote_open(actor=world.users["staff_a"], vote=draft)
    # when resident_a opens the ballot page
    client.force_login(world.users["resident_a"])
    page = client.get("/deliberation/my-votes/").content.decode()
    # then it shows the total, the scheme with its coefficients, and 402's share only
    assert "费用总额 10000.00 元，按楼层系数分摊。" in page
    assert "各楼层系数：1层 0；2层 1；3层 1.5；4层 2" in page
    assert "402 应分摊 4444.45 元" in page
    assert "2222.22" not in page and "3333.33" not in page
    assert f'href="/deliberation/vote-documents/{document.pk}/"' in page
    # and the document opens for the owner
    response = client.get(f"/deliberation/vote-documents/{document.pk}/")
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 plan"
    # when 李 opens the ballot page, then 李 sees 202's share and not 402's
    client.force_login(li)
    page = client.get("/deliberation/my-votes/").content.decode()
    assert "202 应分摊 2222.22 元" in page
    assert "4444.45" not in page


def test_the_api_gives_the_owner_the_same_facts(client, world, draft):
    from gongzhi.accounts.services import api_token_create

    document = services.vote_document_add(actor=world.users["staff_a"], vote=draft,
                                          upload=pdf())
    services.vote_open(actor=world.users["staff_a"], vote=draft)
    headers = {"Authorization": f"Bearer {api_token_create(user=world.users['resident_a']).token}"}
    [row] = client.get(f"{BASE}/my-votes", headers=headers).json()
    elector = draft.electors.get(floor=4)
    assert (row["cost_total"], row["cost_scheme"], row["cost_scheme_label"]) == (
        "10000.00", "floor", "按楼层系数")
    assert row["cost_terms"] == [{"key": k, "value": v} for k, v in FLOOR_SCHEME.items()]
    assert row["flats"] == [{"elector_id": elector.pk, "unit": "1", "room": "402", "floor": 4,
                             "area": "100.00", "share": "4444.45", "has_voted": False}]
    url = f"{BASE}/vote-documents/{document.pk}"
    assert row["documents"] == [{"id": document.pk, "name": "方案.pdf",
                                 "content_type": "application/pdf", "url": url}]
    assert client.get(url, headers=headers).status_code == 200
    # another community's staff cannot fetch it
    other = {"Authorization": f"Bearer {api_token_create(user=world.users['staff_b']).token}"}
    assert client.get(url, headers=other).status_code == 404


def test_a_resident_who_owns_no_flat_in_the_vote_cannot_open_its_documents(client, world,
                                                                          draft):
    document = services.vote_document_add(actor=world.users["staff_a"], vote=draft,
                                          upload=pdf())
    services.vote_open(actor=world.users["staff_a"], vote=draft)
    neighbour = user_with_role(Role.RESIDENT, world.community_a, username="neighbour")
    client.force_login(neighbour)
    assert client.get(f"/deliberation/vote-documents/{document.pk}/").status_code == 404


def test_the_affected_flats_checklist_shows_room_masked_owner_and_unsold_stock(client, world):
    # given an elevator vote's unit: four owned flats and one flat no one has bought
    ensure_rule_sets()
    owned_flats(world, count=4)
    Flat.objects.create(unit=world.unit_a1, room_number="502", floor=5,
                        floor_area=Decimal("90.00"), is_unsold=True,
                        unsold_evidence="开发商未售房源清单")
    vote = services.vote_create(actor=world.users["staff_a"], building=world.building_a1,
                                unit=world.unit_a1, title="加装电梯", kind="elevator",
                                closes_on=datetime.date(2026, 12, 31))
    client.force_login(world.users["staff_a"])
    page = client.get(f"/deliberation/votes/{vote.pk}/").content.decode()
    rows = {row["flat"].room_number: row for row in services.scope_flats_with_owners(vote)}
    # then each flat has its row with the masked owner, and the unsold one is marked
    assert {room: (row["owner_names"], row["is_unsold"]) for room, row in rows.items()} == {
        "101": ("业**", False), "202": ("业**", False), "302": ("业**", False),
        "402": ("甲**", False), "502": ("", True)}
    assert 'data-testid="affected-502"' in page
    unsold_row = page.split('data-testid="affected-502"')[1].split("</tr>")[0]
    assert "开发商未售出" in unsold_row
    owned_row = page.split('data-testid="affected-402"')[1].split("</tr>")[0]
    assert "甲**" in owned_row and "开发商未售出" not in owned_row
    assert "甲住户" not in page  # never the full name
