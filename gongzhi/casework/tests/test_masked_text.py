"""Phone and ID numbers typed into a request show masked to staff; the whole text only through
an audited reveal (issue 12, 8)."""

import pytest

from gongzhi.accounts.services import api_token_create
from gongzhi.audit.models import AuditEntry
from gongzhi.casework import services
from gongzhi.casework.tests.factories import category

pytestmark = pytest.mark.django_db

TEXT = "楼道灯坏了，请联系王先生 13912345678，身份证 44010419900101123X"
MASKED = "楼道灯坏了，请联系王先生 139****5678，身份证 4401**********123X"


@pytest.fixture
def case(world):
    light = category(world.community_a, name="楼道灯不亮", group="facility")
    case = services.case_report(actor=world.users["staff_a"], category=light,
                                building=world.building_a1, description=TEXT)
    services.case_dispatch(actor=world.users["staff_a"], case=case,
                           handler=world.users["grid_a1"], note="已电话 020-83001234 联系")
    return case


def test_staff_see_numbers_in_the_text_masked(client, world, case):
    client.force_login(world.users["staff_a"])
    page = client.get(f"/casework/{case.pk}/").content.decode()
    assert MASKED in page
    for number in ("13912345678", "44010419900101123X", "020-83001234", "02083001234"):
        assert number not in page
    assert "020****1234" in page
    assert "确认查看" in page


def test_the_whole_text_is_revealed_with_a_reason_and_audited(client, world, case):
    # given staff of the community on the request's page
    client.force_login(world.users["staff_a"])
    reads = AuditEntry.objects.filter(action="read_sensitive")
    # when they ask for the whole description, saying why
    response = client.post(f"/casework/{case.pk}/reveal/",
                           {"field": "description", "reason": "contact"},
                           headers={"HX-Request": "true"})
    # then they see it, and the trail says who, what and why
    assert response.status_code == 200
    assert TEXT in response.content.decode()
    entry = reads.get()
    assert (entry.actor, entry.target_id, entry.changes, entry.reason) == (
        world.users["staff_a"], str(case.pk), {"fields": ["description"]}, "联系本人或家属")


def test_a_steps_note_is_revealed_too(client, world, case):
    client.force_login(world.users["staff_a"])
    step = case.steps.get(note__contains="020-83001234")
    response = client.post(f"/casework/{case.pk}/reveal/",
                           {"field": f"note-{step.pk}", "reason": "contact"})
    assert "已电话 020-83001234 联系" in response.content.decode()


def test_reveal_without_a_reason_or_of_an_unknown_field_shows_nothing(client, world, case):
    client.force_login(world.users["staff_a"])
    no_reason = client.post(f"/casework/{case.pk}/reveal/", {"field": "description"})
    unknown = client.post(f"/casework/{case.pk}/reveal/",
                          {"field": "reporter", "reason": "contact"})
    assert (no_reason.status_code, unknown.status_code) == (422, 422)
    assert "13912345678" not in no_reason.content.decode() + unknown.content.decode()
    assert not AuditEntry.objects.filter(action="read_sensitive").exists()


def test_staff_of_another_community_cannot_reveal(client, world, case):
    client.force_login(world.users["staff_b"])
    response = client.post(f"/casework/{case.pk}/reveal/",
                           {"field": "description", "reason": "contact"})
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action="read_sensitive").exists()


def api_headers(user) -> dict:
    return {"Authorization": f"Bearer {api_token_create(user=user).token}"}


def test_api_reveals_the_whole_text_with_a_reason_as_the_page_does(client, world, case):
    # given staff of the community with an API token
    headers = api_headers(world.users["staff_a"])
    # when they ask for the whole description, saying why
    response = client.post(f"/api/v1/casework/cases/{case.pk}/reveal",
                           {"field": "description", "reason": "contact"},
                           content_type="application/json", headers=headers)
    # then they get it, and the trail records it as the page's reveal does
    assert response.status_code == 200
    assert response.json() == {"field": "description", "value": TEXT}
    entry = AuditEntry.objects.get(action="read_sensitive")
    assert (entry.actor, entry.target_id, entry.changes, entry.reason) == (
        world.users["staff_a"], str(case.pk), {"fields": ["description"]}, "联系本人或家属")


def test_api_reveal_refuses_an_unknown_field_and_outsiders(client, world, case):
    # given staff of A and staff of B with tokens
    staff_a, staff_b = api_headers(world.users["staff_a"]), api_headers(world.users["staff_b"])
    url = f"/api/v1/casework/cases/{case.pk}/reveal"
    # when A asks for a field that is not text, and B for the description
    unknown = client.post(url, {"field": "reporter", "reason": "contact"},
                          content_type="application/json", headers=staff_a)
    outsider = client.post(url, {"field": "description", "reason": "contact"},
                           content_type="application/json", headers=staff_b)
    # then both are refused (422, 404) and nothing is read or recorded
    assert (unknown.status_code, outsider.status_code) == (422, 404)
    assert "13912345678" not in unknown.content.decode() + outsider.content.decode()
    assert not AuditEntry.objects.filter(action="read_sensitive").exists()
