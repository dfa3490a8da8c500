"""The need → match → project flow, its rules, and the partner contact's narrow view."""

import pytest
from django.urls import reverse

from gongzhi.cobuilding import selectors, services
from gongzhi.cobuilding.models import Match, Need, Project
from gongzhi.cobuilding.tests.factories import BANK, CLINIC, partner_contact, unit_with_resource
from gongzhi.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from gongzhi.organisations import services as partner_services


@pytest.fixture
def cobuild(world):
    root = world.users["superuser"]
    bank, talk = unit_with_resource(root, world.community_a, BANK)
    clinic_unit, clinic = unit_with_resource(root, world.community_a, CLINIC)
    _bank_b, talk_b = unit_with_resource(root, world.community_b, BANK)
    world.bank, world.talk, world.clinic_unit, world.clinic = bank, talk, clinic_unit, clinic
    world.talk_b = talk_b
    world.bank_contact = partner_contact(world.community_a, bank, "bank_contact")
    world.clinic_contact = partner_contact(world.community_a, clinic_unit, "clinic_contact")
    world.need = services.need_create(actor=world.users["staff_a"], community=world.community_a,
                                      title="独居老人防诈骗宣传", category="safety",
                                      affected="60岁以上独居老人")
    return world


def test_staff_propose_the_partner_accepts_a_project_starts_and_its_result_is_published(cobuild):
    w = cobuild
    match = services.match_propose(actor=w.users["staff_a"], need=w.need, resource=w.talk,
                                   score=0.605, reasons=["类别相同"])  # a float, as ranked
    w.need.refresh_from_db()
    assert w.need.status == "matching"

    project = services.match_respond(actor=w.bank_contact, match=match, accept=True)

    match.refresh_from_db()
    w.need.refresh_from_db()
    assert (match.status, match.responded_by, w.need.status) == ("accepted", w.bank_contact,
                                                                 "in_project")
    assert project.lead_unit == w.bank and list(project.needs.all()) == [w.need]
    assert list(project.resources.all()) == [w.talk]

    services.project_publish(actor=w.users["secretary_a"], project=project,
                             result="两场讲座，45位老人参加", summary="建行为独居老人讲防骗")
    project.refresh_from_db()
    w.need.refresh_from_db()
    assert (project.status, w.need.status) == ("finished", "done")
    assert project.published_at is not None


def test_declining_needs_a_reason_and_reopens_the_need(cobuild):
    w = cobuild
    match = services.match_propose(actor=w.users["staff_a"], need=w.need, resource=w.talk)
    with pytest.raises(ValidationFailed):
        services.match_respond(actor=w.bank_contact, match=match, accept=False, note=" ")
    match.refresh_from_db()
    assert match.status == "proposed"

    assert services.match_respond(actor=w.bank_contact, match=match, accept=False,
                                  note="本月没有讲师") is None
    w.need.refresh_from_db()
    assert w.need.status == "open"
    assert not Project.objects.exists()


def test_another_units_contact_cannot_answer_for_the_bank(cobuild):
    w = cobuild
    match = services.match_propose(actor=w.users["staff_a"], need=w.need, resource=w.talk)
    with pytest.raises(NotFound):
        services.match_respond(actor=w.clinic_contact, match=match, accept=True)
    match.refresh_from_db()
    assert match.status == "proposed" and not Project.objects.exists()


def test_a_match_is_answered_once_and_proposed_once(cobuild):
    w = cobuild
    match = services.match_propose(actor=w.users["staff_a"], need=w.need, resource=w.talk)
    with pytest.raises(DomainError):
        services.match_propose(actor=w.users["staff_a"], need=w.need, resource=w.talk)
    services.match_respond(actor=w.bank_contact, match=match, accept=True)
    with pytest.raises(DomainError):
        services.match_respond(actor=w.bank_contact, match=match, accept=False, note="x")
    assert Match.objects.count() == 1 and Project.objects.count() == 1


def test_outsiders_cannot_raise_needs_or_match(cobuild):
    w = cobuild
    for name, error in [("staff_b", NotFound), ("street_admin", PermissionDenied),
                        ("resident_a", PermissionDenied), ("bank_contact", PermissionDenied)]:
        user = w.users.get(name) or w.bank_contact
        with pytest.raises(error):
            services.need_create(actor=user, community=w.community_a, title="x",
                                 category="other")
    with pytest.raises(NotFound):
        services.match_propose(actor=w.users["staff_b"], need=w.need, resource=w.talk)
    with pytest.raises(NotFound):
        services.match_propose(actor=w.users["staff_a"], need=w.need, resource=w.talk_b)
    assert Need.objects.count() == 1 and not Match.objects.exists()


def test_partner_contact_sees_only_their_units_rows(cobuild):
    w = cobuild
    services.match_propose(actor=w.users["staff_a"], need=w.need, resource=w.talk)
    other_need = services.need_create(actor=w.users["staff_a"], community=w.community_a,
                                      title="老人测血压", category="health")
    services.match_propose(actor=w.users["staff_a"], need=other_need, resource=w.clinic)

    bank_matches = selectors.partner_matches(w.bank_contact)
    assert [m.need.title for m in bank_matches] == ["独居老人防诈骗宣传"]
    assert list(selectors.partner_resources(w.bank_contact)) == [w.talk]
    assert [m.need.title for m in selectors.partner_matches(w.clinic_contact)] == ["老人测血压"]
    # the board and the lists are for staff: a contact sees none of them
    assert not selectors.need_list(w.bank_contact).exists()
    assert not selectors.resource_list(w.bank_contact).exists()
    assert not selectors.unit_list(w.bank_contact).exists()


def test_a_contact_without_a_binding_sees_nothing(cobuild):
    from gongzhi.accounts.choices import Role
    from gongzhi.accounts.tests.factories import user_with_role

    w = cobuild
    services.match_propose(actor=w.users["staff_a"], need=w.need, resource=w.talk)
    loose = user_with_role(Role.PARTNER_CONTACT, w.community_a, username="loose")
    assert not selectors.partner_matches(loose).exists()
    assert not selectors.partner_projects(loose).exists()


def test_partner_contact_pages_show_no_other_unit_and_no_residents(client, cobuild):
    w = cobuild
    match = services.match_propose(actor=w.users["staff_a"], need=w.need, resource=w.talk)
    clinic_need = services.need_create(actor=w.users["staff_a"], community=w.community_a,
                                       title="老人测血压", category="health")
    clinic_match = services.match_propose(actor=w.users["staff_a"], need=clinic_need,
                                          resource=w.clinic)
    clinic_project = services.match_respond(actor=w.clinic_contact, match=clinic_match,
                                            accept=True)
    client.force_login(w.bank_contact)

    page = client.get(reverse("cobuilding:partner_home")).content.decode()
    assert "独居老人防诈骗宣传" in page and "老人测血压" not in page

    for url in [reverse("cobuilding:project_detail", args=[clinic_project.pk]),
                reverse("cobuilding:need_detail", args=[clinic_need.pk]),
                reverse("cobuilding:need_detail", args=[w.need.pk]),
                reverse("people:person_detail", args=[w.person_a.pk]),
                reverse("places:building_detail", args=[w.building_a1.pk])]:
        assert client.get(url).status_code == 404, url
    for url in [reverse("people:person_list"), reverse("cobuilding:board")]:
        content = client.get(url, follow=True).content.decode()
        assert "甲居民" not in content and "13800138001" not in content
        assert "老人测血压" not in content
    response = client.post(reverse("cobuilding:match_respond", args=[clinic_match.pk]),
                           {"decision": "decline", "note": "x"})
    assert response.status_code == 404
    clinic_match.refresh_from_db()
    match.refresh_from_db()
    assert clinic_match.status == "accepted" and match.status == "proposed"


def test_partner_contact_api_is_narrowed_the_same_way(client, cobuild):
    from gongzhi.accounts.services import api_token_create

    w = cobuild
    services.match_propose(actor=w.users["staff_a"], need=w.need, resource=w.talk)
    token = api_token_create(user=w.clinic_contact).token
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/cobuilding/partner/matches", headers=headers).json()[
        "items"] == []
    assert client.get("/api/v1/cobuilding/needs", headers=headers).json()["items"] == []
    assert client.get("/api/v1/people/persons", headers=headers).status_code in (200, 403)
    assert "甲居民" not in client.get("/api/v1/people/persons", headers=headers).content.decode()


def test_agreement_expiry_reminder_goes_once(cobuild):
    import datetime

    from gongzhi.notifications.models import Notification

    w = cobuild
    partner_services.agreement_create(actor=w.users["staff_a"], unit=w.bank, title="共建协议",
                                      starts_on=datetime.date(2025, 7, 1),
                                      ends_on=datetime.date(2026, 6, 30), commitments="防诈骗宣传",
                                      cadence="quarterly")
    assert services.agreements_expiring(today=datetime.date(2026, 5, 1)) == []
    due = services.agreements_expiring(today=datetime.date(2026, 6, 10))
    assert len(due) == 1

    services.agreement_remind_expiry(agreement=due[0], today=datetime.date(2026, 6, 10))

    recipients = set(Notification.objects.filter(kind="agreement_expiry").values_list(
        "recipient__username", flat=True))
    assert recipients == {"staff_a", "secretary_a", "bank_contact"}
    assert services.agreements_expiring(today=datetime.date(2026, 6, 11)) == []
