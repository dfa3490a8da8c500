"""Partner units, contacts, agreements, resources, projects from several matches, milestones,
residents' ratings, the street's board and the partner portal."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.accounts.choices import Role
from gongzhi.accounts.models import RoleAssignment, User
from gongzhi.accounts.tests.factories import user_with_role
from gongzhi.cobuilding import selectors, services
from gongzhi.cobuilding.models import Evaluation, Need, Project, Resource
from gongzhi.cobuilding.tests.factories import (
    BANK,
    CLINIC,
    PARK,
    partner_contact,
    unit_with_resource,
)
from gongzhi.core.errors import Conflict, DomainError, NotFound, PermissionDenied, ValidationFailed
from gongzhi.organisations import services as partner_services
from gongzhi.organisations.models import Agreement, PartnerContact, PartnerUnit


@pytest.fixture
def partners(world):
    root = world.users["superuser"]
    world.bank, world.talk = unit_with_resource(root, world.community_a, BANK)
    world.clinic_unit, world.clinic = unit_with_resource(root, world.community_a, CLINIC)
    world.bank_contact = partner_contact(world.community_a, world.bank, "bank_contact")
    world.clinic_contact = partner_contact(world.community_a, world.clinic_unit,
                                           "clinic_contact")
    staff = world.users["staff_a"]
    world.need = services.need_create(actor=staff, community=world.community_a,
                                      title="独居老人防诈骗宣传", category="safety")
    world.need2 = services.need_create(actor=staff, community=world.community_a,
                                       title="老人测血压", category="health")
    return world


def finished_project(w):
    staff = w.users["staff_a"]
    match = services.match_propose(actor=staff, need=w.need, resource=w.talk)
    project = services.match_respond(actor=w.bank_contact, match=match, accept=True)
    return services.project_publish(actor=w.users["secretary_a"], project=project,
                                    result="两场讲座", summary="建行讲防骗")


# ---- units and contacts ---------------------------------------------------------------

def test_staff_register_and_edit_a_unit_but_grid_workers_and_the_street_cannot(partners):
    w = partners
    unit = partner_services.unit_create(actor=w.users["staff_a"], community=w.community_a,
                                        name="黄花岗公园", kind="park", liaison_name="陈科长")
    partner_services.unit_update(actor=w.users["secretary_a"], unit=unit,
                                 data={"offers": "爱国主义教育活动"})
    unit.refresh_from_db()
    assert (unit.kind, unit.offers) == ("park", "爱国主义教育活动")

    for actor in (w.users["grid_a1"], w.users["street_admin"]):
        with pytest.raises((PermissionDenied, NotFound)):
            partner_services.unit_update(actor=actor, unit=unit, data={"offers": "改"})
    with pytest.raises(NotFound):
        partner_services.unit_create(actor=w.users["staff_b"], community=w.community_a, name="外",
                                     kind="bank")
    unit.refresh_from_db()
    assert unit.offers == "爱国主义教育活动"
    assert not PartnerUnit.objects.filter(name="外").exists()


def test_staff_open_a_contact_login_bound_to_the_unit(partners):
    w = partners
    contact = partner_services.contact_create(actor=w.users["staff_a"], unit=w.clinic_unit,
                                              username="clinic_lin", display_name="林医生",
                                              password="Yongtai-2026-clinic")
    user = User.objects.get(username="clinic_lin")
    assert contact.user == user and user.must_change_password
    assert RoleAssignment.objects.filter(user=user, role=Role.PARTNER_CONTACT,
                                         community=w.community_a).exists()
    assert list(selectors.partner_resources(user)) == [w.clinic]

    with pytest.raises(ValidationFailed):
        partner_services.contact_create(actor=w.users["staff_a"], unit=w.bank,
                                        username="clinic_lin",
                                        display_name="x", password="Yongtai-2026-clinic")
    partner_services.contact_remove(actor=w.users["staff_a"], contact=contact)
    user = User.objects.get(username="clinic_lin")
    assert not PartnerContact.objects.filter(user=user).exists()
    assert not RoleAssignment.objects.filter(user=user).exists()


def test_linking_an_existing_login_refuses_staff_and_a_second_unit(partners):
    w = partners
    with pytest.raises(ValidationFailed):
        partner_services.contact_bind(actor=w.users["staff_a"], user=w.users["grid_a1"],
                                      unit=w.bank)
    plain = User.objects.create(username="plain")
    partner_services.contact_bind(actor=w.users["staff_a"], user=plain, unit=w.bank)
    assert PartnerContact.objects.get(user=plain).unit == w.bank
    with pytest.raises(ValidationFailed):
        partner_services.contact_bind(actor=w.users["staff_a"], user=plain, unit=w.clinic_unit)
    assert PartnerContact.objects.get(user=plain).unit == w.bank


def test_unit_pages_create_edit_and_contact_form(client, partners):
    w = partners
    client.force_login(w.users["staff_a"])
    response = client.post(reverse("cobuilding:unit_create"), {
        "community": w.community_a.pk, "name": "黄花小学", "kind": "school",
        "party_organisation": "黄花小学党支部"})
    unit = PartnerUnit.objects.get(name="黄花小学")
    assert response.status_code == 302
    response = client.post(reverse("cobuilding:contact_add", args=[unit.pk]), {
        "mode": "create", "new-username": "school_wu", "new-display_name": "吴老师",
        "new-password": "Yongtai-2026-school"})
    assert PartnerContact.objects.get(user__username="school_wu").unit == unit
    page = client.get(reverse("cobuilding:unit_detail", args=[unit.pk])).content.decode()
    # the contact is listed by display name; the login name stays off the page
    assert "吴老师" in page and "黄花小学党支部" in page
    assert "school_wu" not in page


def test_only_a_login_of_the_units_community_can_be_linked(client, partners):
    w = partners
    client.force_login(w.users["staff_a"])
    url = reverse("cobuilding:contact_link", args=[w.bank.pk])
    # resident_b lives in community B: linking them from A is answered like a missing login
    for username in ("resident_b_x", w.users["staff_b"].username):
        client.post(url, {"link-username": username})
    assert not PartnerContact.objects.filter(unit=w.bank,
                                             user__username=w.users["staff_b"].username).exists()
    assert selectors.linkable_contact_login(w.bank, w.users["staff_b"].username) is None
    assert selectors.linkable_contact_login(w.bank, w.users["resident_a"].username) == (
        w.users["resident_a"])
    plain = User.objects.create(username="plain_login")
    client.post(url, {"link-username": "plain_login"})
    assert PartnerContact.objects.get(user=plain).unit == w.bank


# ---- agreements ------------------------------------------------------------------------

def test_an_agreement_is_renewed_once_into_a_linked_one(partners):
    w = partners
    agreement = partner_services.agreement_create(
        actor=w.users["staff_a"], unit=w.bank, title="共建协议",
        starts_on=datetime.date(2025, 7, 1), ends_on=datetime.date(2026, 6, 30),
        venue="支行会议室", staff_days=12, money="5000.00", expertise="金融知识",
        supplies="防疫物资", cadence="quarterly")
    partner_services.agreement_review(actor=w.users["secretary_a"], agreement=agreement,
                                      note="讲座按时开展", reviewed_on=datetime.date(2026, 6, 1))
    renewal = partner_services.agreement_renew(actor=w.users["staff_a"], agreement=agreement,
                                               starts_on=datetime.date(2026, 7, 1),
                                               ends_on=datetime.date(2027, 6, 30))
    assert renewal.previous == agreement and renewal.unit == w.bank
    assert (renewal.venue, renewal.staff_days, renewal.supplies) == ("支行会议室", 12, "防疫物资")
    with pytest.raises(DomainError) as error:
        partner_services.agreement_renew(actor=w.users["staff_a"], agreement=agreement,
                                         starts_on=datetime.date(2026, 7, 1),
                                         ends_on=datetime.date(2027, 6, 30))
    assert error.value.code == "already_renewed"
    with pytest.raises((PermissionDenied, NotFound)):
        partner_services.agreement_renew(actor=w.users["street_admin"], agreement=renewal,
                                         starts_on=datetime.date(2027, 7, 1),
                                         ends_on=datetime.date(2028, 6, 30))
    assert Agreement.objects.filter(unit=w.bank).count() == 2


def test_agreement_list_highlights_those_expiring_within_30_days(client, partners):
    from django.utils import timezone

    w = partners
    today = timezone.localdate()
    partner_services.agreement_create(actor=w.users["staff_a"], unit=w.bank, title="快到期的协议",
                                      starts_on=today - datetime.timedelta(days=300),
                                      ends_on=today + datetime.timedelta(days=20))
    partner_services.agreement_create(actor=w.users["staff_a"], unit=w.clinic_unit,
                                      title="长期协议",
                                      starts_on=today, ends_on=today + datetime.timedelta(days=365))
    client.force_login(w.users["staff_a"])
    page = client.get(reverse("cobuilding:agreement_list")).content.decode()
    row = page.split("快到期的协议")[1].split("</tr>")[0]
    assert 'data-testid="expiring"' in row
    assert 'data-testid="expiring"' not in page.split("长期协议")[1].split("</tr>")[0]


# ---- needs and resources ---------------------------------------------------------------

def test_a_need_is_edited_and_closed_with_a_reason(partners):
    w = partners
    staff = w.users["staff_a"]
    services.need_update(actor=staff, need=w.need, data={"people_count": 45})
    with pytest.raises(ValidationFailed):
        services.need_close(actor=staff, need=w.need, reason=" ")
    services.need_close(actor=staff, need=w.need, reason="派出所已上门讲解")
    w.need.refresh_from_db()
    assert (w.need.status, w.need.people_count, w.need.close_reason) == (
        "closed", 45, "派出所已上门讲解")
    with pytest.raises(DomainError):
        services.need_update(actor=staff, need=w.need, data={"title": "改"})
    with pytest.raises(NotFound):
        services.need_close(actor=w.users["staff_b"], need=w.need2, reason="外")
    assert Need.objects.get(pk=w.need2.pk).status == "open"


def test_a_party_member_offers_a_resource_and_it_can_be_matched(partners):
    w = partners
    resource = services.resource_create(
        actor=w.users["staff_a"], community=w.community_a, offered_by_member="在职党员（演示）",
        title="法律咨询", kind="skills", category="legal", capacity=10)
    assert resource.unit is None and resource.provider_name == "在职党员（演示）"
    with pytest.raises(ValidationFailed):
        services.resource_create(actor=w.users["staff_a"], community=w.community_a,
                                 title="无名资源", kind="skills", category="legal")
    need = services.need_create(actor=w.users["staff_a"], community=w.community_a,
                                title="老人遗嘱法律咨询", category="legal")
    titles = [s.resource.title for s in selectors.need_suggestions(
        w.users["staff_a"], need, today=datetime.date(2026, 1, 1))]
    assert titles[0] == "法律咨询"
    match = services.match_propose(actor=w.users["staff_a"], need=need, resource=resource)
    project = services.match_respond(actor=w.users["staff_a"], match=match, accept=True)
    assert project.lead_unit is None and project.lead_user == w.users["staff_a"]


# ---- projects from several matches, milestones -----------------------------------------

def test_a_project_from_two_matches_gathers_both_needs_and_both_resources(partners):
    w = partners
    staff = w.users["staff_a"]
    m1 = services.match_propose(actor=staff, need=w.need, resource=w.talk)
    m2 = services.match_propose(actor=staff, need=w.need2, resource=w.clinic)
    project = services.project_create(actor=staff, community=w.community_a,
                                      title="银发守护行动", matches=[m1, m2], lead_unit=w.bank,
                                      plan="先讲座后义诊")
    assert set(project.needs.all()) == {w.need, w.need2}
    assert list(project.resources.all()) == []
    assert set(Need.objects.filter(pk__in=[w.need.pk, w.need2.pk]).values_list(
        "status", flat=True)) == {"in_project"}

    assert services.match_respond(actor=w.bank_contact, match=m1, accept=True) == project
    assert services.match_respond(actor=w.clinic_contact, match=m2, accept=True) == project
    assert set(project.resources.all()) == {w.talk, w.clinic}
    assert Project.objects.count() == 1
    with pytest.raises(DomainError):
        services.project_create(actor=staff, community=w.community_a, title="再来",
                                matches=[m1], lead_unit=w.bank)


def test_milestones_are_kept_by_the_lead_unit_not_by_another(partners):
    w = partners
    match = services.match_propose(actor=w.users["staff_a"], need=w.need, resource=w.talk)
    project = services.match_respond(actor=w.bank_contact, match=match, accept=True)
    milestone = services.milestone_create(actor=w.bank_contact, project=project,
                                          title="三号楼讲座", due_on=datetime.date(2026, 3, 1))
    with pytest.raises((NotFound, PermissionDenied)):
        services.milestone_create(actor=w.clinic_contact, project=project, title="外")
    with pytest.raises((NotFound, PermissionDenied)):
        services.milestone_done(actor=w.clinic_contact, milestone=milestone,
                                done_on=datetime.date(2026, 3, 1))
    services.milestone_done(actor=w.users["staff_a"], milestone=milestone,
                            done_on=datetime.date(2026, 3, 2))
    milestone.refresh_from_db()
    assert milestone.done_on == datetime.date(2026, 3, 2)
    assert project.milestones.count() == 1


# ---- residents' evaluation -------------------------------------------------------------

def test_a_resident_rates_a_finished_project_once(partners):
    w = partners
    project = finished_project(w)
    resident = w.users["resident_a"]
    services.evaluation_submit(actor=resident, project=project, rating=5, comment="很实用")
    with pytest.raises(Conflict):
        services.evaluation_submit(actor=resident, project=project, rating=1)
    with pytest.raises(ValidationFailed):
        services.evaluation_submit(actor=user_with_role(Role.RESIDENT, w.community_a,
                                                        username="r2"),
                                   project=project, rating=6)
    for outsider in (w.users["staff_a"], user_with_role(Role.RESIDENT, w.community_b,
                                                        username="rb")):
        with pytest.raises(NotFound):
            services.evaluation_submit(actor=outsider, project=project, rating=3)
    assert list(Evaluation.objects.values_list("rating", "comment")) == [(5, "很实用")]
    assert selectors.evaluation_summary(project) == {"average": 5.0, "count": 1}


def test_a_running_project_cannot_be_rated(partners):
    w = partners
    match = services.match_propose(actor=w.users["staff_a"], need=w.need, resource=w.talk)
    project = services.match_respond(actor=w.bank_contact, match=match, accept=True)
    with pytest.raises(NotFound):
        services.evaluation_submit(actor=w.users["resident_a"], project=project, rating=4)
    assert not Evaluation.objects.exists()


def test_residents_rate_on_their_page_and_see_no_names(client, partners):
    w = partners
    project = finished_project(w)
    client.force_login(w.users["resident_a"])
    # the residents' list moved to the public portal (issue 17), with a 评价 link for them
    page = client.get(reverse("cobuilding:community_projects"), follow=True).content.decode()
    assert "建行讲防骗" in page
    assert reverse("cobuilding:project_evaluate", args=[project.pk]) in page
    client.post(reverse("cobuilding:project_evaluate", args=[project.pk]),
                {"rating": "4", "comment": "希望多办"})
    assert Evaluation.objects.get().rating == 4
    page = client.get(reverse("cobuilding:project_evaluate", args=[project.pk])).content.decode()
    assert 'data-testid="already-rated"' in page
    client.force_login(w.users["staff_a"])
    page = client.get(reverse("cobuilding:project_detail", args=[project.pk])).content.decode()
    assert "希望多办" in page and "resident_a" not in page


@pytest.mark.django_db(transaction=True)
def test_simultaneous_ratings_by_one_resident_count_once():
    import threading

    from django.db import connections

    if connection.vendor != "postgresql":
        pytest.skip("concurrency is checked on PostgreSQL")
    from gongzhi.conftest import build_world

    world = build_world()
    root = world.users["superuser"]
    bank, talk = unit_with_resource(root, world.community_a, BANK)
    contact = partner_contact(world.community_a, bank, "bank_contact")
    need = services.need_create(actor=world.users["staff_a"], community=world.community_a,
                                title="防骗", category="safety")
    match = services.match_propose(actor=world.users["staff_a"], need=need, resource=talk)
    project = services.match_respond(actor=contact, match=match, accept=True)
    project = services.project_publish(actor=world.users["staff_a"], project=project,
                                       result="讲座", summary="防骗")
    resident = world.users["resident_a"]
    barrier = threading.Barrier(8)
    outcomes = []

    def submit():
        try:
            barrier.wait()
            services.evaluation_submit(actor=User.objects.get(pk=resident.pk),
                                       project=project, rating=5)
            outcomes.append("ok")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 1
    assert outcomes.count("already_evaluated") == 7
    assert Evaluation.objects.filter(project=project).count() == 1


# ---- the partner portal ----------------------------------------------------------------

def test_the_portal_shows_own_agreements_and_resources_and_takes_an_offer(client, partners):
    w = partners
    partner_services.agreement_create(actor=w.users["staff_a"], unit=w.bank, title="建行共建协议",
                                      starts_on=datetime.date(2025, 1, 1),
                                      ends_on=datetime.date(2027, 1, 1), venue="支行会议室")
    partner_services.agreement_create(actor=w.users["staff_a"], unit=w.clinic_unit,
                                      title="卫生协议",
                                      starts_on=datetime.date(2025, 1, 1),
                                      ends_on=datetime.date(2027, 1, 1))
    client.force_login(w.bank_contact)
    response = client.post(reverse("cobuilding:partner_resource_create"), {
        "title": "反诈宣传进校园", "kind": "talk", "category": "safety", "capacity": "200"})
    assert response.status_code == 302
    offered = Resource.objects.get(title="反诈宣传进校园")
    assert (offered.unit, offered.community) == (w.bank, w.community_a)
    page = client.get(reverse("cobuilding:partner_home")).content.decode()
    assert "建行共建协议" in page and "支行会议室" in page and "反诈宣传进校园" in page
    for secret in ("卫生协议", w.clinic.title, "甲居民", "13800138001"):
        assert secret not in page


def test_the_portal_api_is_narrowed_to_the_unit(client, partners):
    from gongzhi.accounts.services import api_token_create

    w = partners
    partner_services.agreement_create(actor=w.users["staff_a"], unit=w.clinic_unit,
                                      title="卫生协议",
                                      starts_on=datetime.date(2025, 1, 1),
                                      ends_on=datetime.date(2027, 1, 1))
    headers = {"Authorization": f"Bearer {api_token_create(user=w.bank_contact).token}"}
    assert client.get("/api/v1/cobuilding/partner/agreements", headers=headers).json()[
        "items"] == []
    titles = [r["title"] for r in client.get("/api/v1/cobuilding/partner/resources",
                                             headers=headers).json()["items"]]
    assert titles == [w.talk.title]
    response = client.post("/api/v1/cobuilding/partner/resources", {
        "title": "理财防骗课", "kind": "talk", "category": "safety"},
        content_type="application/json", headers=headers)
    assert response.status_code == 201 and response.json()["unit_id"] == w.bank.pk
    for path in ("/api/v1/cobuilding/agreements", "/api/v1/cobuilding/matches",
                 "/api/v1/cobuilding/units"):
        assert client.get(path, headers=headers).json()["items"] == []


# ---- the board: per community and per unit, in a fixed number of queries ---------------

def add_rows(w, community, n):
    root = w.users["superuser"]
    for _ in range(n):
        i = PartnerUnit.objects.count()
        unit, resource = unit_with_resource(
            root, community, (f"单位{community.pk}-{i}", *PARK[1:]))
        partner_services.agreement_create(actor=root, unit=unit, title=f"协议{i}",
                                          starts_on=datetime.date(2025, 1, 1),
                                          ends_on=datetime.date(2027, 1, 1))
        need = services.need_create(actor=root, community=community, title=f"需求{i}",
                                    category="party")
        match = services.match_propose(actor=root, need=need, resource=resource)
        services.project_create(actor=root, community=community, title=f"项目{i}",
                                matches=[match], lead_unit=unit)


def board_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_street_board_counts_per_community_in_a_fixed_number_of_queries(client, partners):
    w = partners
    client.force_login(w.users["street_admin"])
    add_rows(w, w.community_b, 1)
    url = reverse("cobuilding:board")
    few = board_queries(client, url)
    add_rows(w, w.community_a, 3)
    add_rows(w, w.community_b, 3)
    assert board_queries(client, url) <= few
    counts = {c.name: (c.unit_count, c.open_needs, c.running_projects)
              for c in selectors.community_counts(w.users["street_admin"])}
    assert counts == {"甲社区": (5, 2, 3), "乙社区": (4, 0, 4)}
    page = client.get(url).content.decode()
    assert 'data-testid="community-counts"' in page and "乙社区" in page


@pytest.mark.parametrize("name", ["cobuilding:unit_list", "cobuilding:agreement_list",
                                  "cobuilding:resource_list"])
def test_list_pages_do_not_grow_in_queries(client, partners, name):
    w = partners
    client.force_login(w.users["staff_a"])
    url = reverse(name)
    few = board_queries(client, url)
    add_rows(w, w.community_a, 4)
    assert board_queries(client, url) <= few


def test_unit_list_counts_agreements_resources_and_projects(partners):
    w = partners
    add_rows(w, w.community_a, 1)
    unit = selectors.unit_list(w.users["staff_a"]).get(name=f"单位{w.community_a.pk}-2")
    assert (unit.agreement_count, unit.resource_count, unit.project_count) == (1, 1, 1)


# ---- pages -----------------------------------------------------------------------------

def test_pages_renew_an_agreement_close_a_need_and_build_a_project(client, partners):
    w = partners
    agreement = partner_services.agreement_create(actor=w.users["staff_a"], unit=w.bank,
                                                  title="共建协议",
                                                  starts_on=datetime.date(2025, 7, 1),
                                                  ends_on=datetime.date(2026, 6, 30))
    client.force_login(w.users["staff_a"])
    response = client.post(reverse("cobuilding:agreement_renew", args=[agreement.pk]),
                           {"starts_on": "2026-07-01", "ends_on": "2027-06-30"})
    renewal = Agreement.objects.get(previous=agreement)
    assert response["Location"] == reverse("cobuilding:agreement_detail", args=[renewal.pk])
    page = client.get(reverse("cobuilding:agreement_detail", args=[agreement.pk]))
    assert 'data-testid="renewal"' in page.content.decode()

    client.post(reverse("cobuilding:need_close", args=[w.need2.pk]), {"reason": "已由街道解决"})
    w.need2.refresh_from_db()
    assert w.need2.status == "closed"

    match = services.match_propose(actor=w.users["staff_a"], need=w.need, resource=w.talk)
    page = client.get(reverse("cobuilding:project_create")).content.decode()
    assert w.need.title in page
    response = client.post(reverse("cobuilding:project_create"), {
        "community": w.community_a.pk, "title": "防骗进楼栋", "matches": [match.pk],
        "lead_user": w.users["staff_a"].pk})
    project = Project.objects.get(title="防骗进楼栋")
    assert response["Location"] == reverse("cobuilding:project_detail", args=[project.pk])
    assert project.lead_user == w.users["staff_a"] and project.lead_unit is None


def test_the_street_admin_sees_the_board_but_cannot_manage_partners(client, partners):
    w = partners
    client.force_login(w.users["street_admin"])
    assert client.get(reverse("cobuilding:unit_list")).status_code == 200
    assert client.get(reverse("cobuilding:unit_create")).status_code == 404
    response = client.post(reverse("cobuilding:unit_edit", args=[w.bank.pk]),
                           {"name": "改名", "kind": "bank"})
    assert response.status_code in (403, 404)
    w.bank.refresh_from_db()
    assert w.bank.name == BANK[0]
