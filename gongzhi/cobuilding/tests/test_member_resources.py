"""Party members' resources in co-building (linked to party.Member), the need page's party
posts, a project's lead changed by staff, and a closed need reopened with a reason."""

import datetime
import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from gongzhi.activities.rota import services as rota_services
from gongzhi.audit.models import AuditEntry
from gongzhi.cobuilding import selectors, services
from gongzhi.cobuilding.models import Project, Resource
from gongzhi.cobuilding.tests.factories import CLINIC, unit_with_resource
from gongzhi.core.errors import DomainError, NotFound, PermissionDenied
from gongzhi.party import services as party_services
from gongzhi.party.tests.factories import party_of_a

TODAY = datetime.date(2026, 5, 1)


def member_resource(world, **fields):
    party_of_a(world)
    values = {"title": "免费法律咨询", "kind": "skills", "category": "legal",
              "description": "律师党员解答遗产继承、赡养纠纷等法律问题", **fields}
    return services.resource_offer_by_member(actor=world.users["party_a"], **values)


# ---- matching treats a member's resource like a unit's ---------------------------------------

def test_a_members_resource_is_suggested_with_their_skills(world):
    party_of_a(world)
    party_services.member_update_own(actor=world.users["party_a"], member=world.in_service_a,
                                     data={"skills": "遗产继承 法律咨询"})
    resource = member_resource(world, description="")
    unit_with_resource(world.users["superuser"], world.community_a, CLINIC)
    need = services.need_create(actor=world.users["staff_a"], community=world.community_a,
                                title="老人咨询遗产继承问题", category="legal")

    suggestions = selectors.need_suggestions(world.users["staff_a"], need, today=TODAY)

    assert suggestions[0].resource == resource
    assert "遗产" in suggestions[0].shared_words  # from the member's skills
    assert "类别相同（法律服务）" in suggestions[0].reasons


def test_a_members_finished_projects_count_as_past_performance(world):
    resource = member_resource(world)
    staff = world.users["staff_a"]
    done = services.need_create(actor=staff, community=world.community_a, title="法律讲座",
                                category="legal")
    match = services.match_propose(actor=staff, need=done, resource=resource)
    project = services.match_respond(actor=staff, match=match, accept=True)
    services.project_publish(actor=staff, project=project, result="办了两场", summary="好")
    need = services.need_create(actor=staff, community=world.community_a,
                                title="法律咨询", category="legal")

    suggestion = selectors.need_suggestions(staff, need, today=TODAY)[0]

    assert suggestion.resource == resource
    assert "该党员已参与完成 1 个共建项目" in suggestion.reasons


def test_member_resources_on_the_board_and_need_page_cost_no_query_per_row(client, world,
                                                                            django_assert_max_num_queries):
    member_resource(world)
    client.force_login(world.users["staff_a"])
    need = services.need_create(actor=world.users["staff_a"], community=world.community_a,
                                title="法律咨询", category="legal")
    url = reverse("cobuilding:need_detail", args=[need.pk])
    client.get(url)
    with django_assert_max_num_queries(40) as baseline:
        client.get(url)
    for index in range(5):
        member_resource(world, title=f"法律咨询{index}")
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        assert "甲党员" in client.get(url).content.decode()
    with django_assert_max_num_queries(40) as board:
        client.get(reverse("cobuilding:resource_list"))
    member_resource(world, title="再多一项")
    with django_assert_max_num_queries(len(board.captured_queries)):
        client.get(reverse("cobuilding:resource_list"))


def test_staff_register_a_resource_for_a_member_on_the_roll(world):
    party_of_a(world)
    resource = services.resource_create(actor=world.users["staff_a"], title="义务理发",
                                        kind="skills", category="hardship",
                                        member=world.member_a)
    assert (resource.member_id, resource.unit_id, resource.offered_by_member) == (
        world.member_a.pk, None, "")
    assert resource.community_id == world.community_a.pk


def test_staff_of_another_community_cannot_register_for_a_member(world):
    party_of_a(world)
    with pytest.raises((NotFound, PermissionDenied)):
        services.resource_create(actor=world.users["staff_b"], title="x", kind="skills",
                                 category="legal", member=world.member_a)
    assert not Resource.objects.exists()


def test_a_member_not_on_the_roll_is_still_named_as_text(world):
    resource = services.resource_create(actor=world.users["staff_a"], title="义诊",
                                        kind="clinic", category="health",
                                        community=world.community_a, offered_by_member="王医生")
    assert resource.member_id is None and resource.provider_name == "王医生"


def test_migration_links_a_name_that_matches_one_member(world):
    party_of_a(world)
    linked = Resource.objects.create(community=world.community_a, title="甲",
                                     kind="skills", category="legal",
                                     offered_by_member="甲党员")
    unknown = Resource.objects.create(community=world.community_a, title="乙",
                                      kind="skills", category="legal",
                                      offered_by_member="不在名册")
    migration = importlib.import_module("gongzhi.cobuilding.migrations.0004_resource_member")
    # The function runs on the models as they were at 0004 (party.Member, since moved to
    # organisations); the tables are the same.
    historical = MigrationExecutor(connection).loader.project_state(
        ("cobuilding", "0004_resource_member")).apps

    migration.link_named_members(historical, None)

    linked.refresh_from_db()
    unknown.refresh_from_db()
    assert (linked.member_id, linked.offered_by_member) == (world.in_service_a.pk, "")
    assert (unknown.member_id, unknown.offered_by_member) == (None, "不在名册")


# ---- the need page and party posts -----------------------------------------------------------

def test_need_page_offers_to_publish_a_post_and_lists_posts_with_claims(client, world):
    party_of_a(world)
    staff = world.users["staff_a"]
    need = services.need_create(actor=staff, community=world.community_a, title="楼道清洁",
                                category="governance")
    post = rota_services.post_create(
        actor=staff, community=world.community_a, title="楼道清洁岗", category="governance",
        open_to="members", need=need,
        shift=rota_services.one_shift(date=datetime.date(2026, 6, 1), slots=3))
    rota_services.shift_take(actor=world.users["party_a"], shift=post.shifts.get())
    client.force_login(staff)

    content = client.get(reverse("cobuilding:need_detail", args=[need.pk])).content.decode()

    assert f'{reverse("activities:post_create")}?need={need.pk}' in content
    assert "发布为党员岗位" in content
    assert "楼道清洁岗" in content and "已认领 1 人，共 3 个名额" in content
    form = client.get(reverse("activities:post_create"), {"need": need.pk}).content.decode()
    assert 'value="楼道清洁"' in form


def test_need_page_without_manage_post_has_no_publish_button(client, world):
    party_of_a(world)
    need = services.need_create(actor=world.users["staff_a"], community=world.community_a,
                                title="楼道清洁", category="governance")
    client.force_login(world.users["street_admin"])
    content = client.get(reverse("cobuilding:need_detail", args=[need.pk])).content.decode()
    assert "发布为党员岗位" not in content


# ---- changing a project's lead ---------------------------------------------------------------

@pytest.fixture
def project(world):
    root = world.users["superuser"]
    unit, _resource = unit_with_resource(root, world.community_a, CLINIC)
    need = services.need_create(actor=world.users["staff_a"], community=world.community_a,
                                title="老人测血压", category="health")
    return services.project_create_for_needs(actor=root, lead_unit=unit, title="义诊",
                                             needs=[need])


def test_staff_hand_the_lead_to_a_person_then_to_a_unit(client, world, project):
    client.force_login(world.users["staff_a"])
    secretary = world.users["secretary_a"]
    response = client.post(reverse("cobuilding:project_lead", args=[project.pk]),
                           {"lead_user": secretary.pk})
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.lead_unit_id, project.lead_user_id) == (None, secretary.pk)
    entry = AuditEntry.objects.filter(target_type="cobuilding.project",
                                      target_id=str(project.pk)).latest("pk")
    assert entry.actor_id == world.users["staff_a"].pk
    assert entry.changes["after"]["lead_user"] == secretary.pk
    other, _resource = unit_with_resource(world.users["superuser"], world.community_a,
                                          ("黄花小学", "school", "", "探访", "volunteers",
                                           "hardship", 10))
    services.project_set_lead(actor=world.users["staff_a"], project=project, lead_unit=other)
    project.refresh_from_db()
    assert (project.lead_unit_id, project.lead_user_id) == (other.pk, None)


def test_the_lead_must_be_exactly_one_and_of_the_community(world, project):
    staff = world.users["staff_a"]
    with pytest.raises(DomainError):
        services.project_set_lead(actor=staff, project=project)
    with pytest.raises(DomainError):  # staff of another community cannot lead
        services.project_set_lead(actor=staff, project=project,
                                  lead_user=world.users["staff_b"])
    unit_b, _resource = unit_with_resource(world.users["superuser"], world.community_b, CLINIC)
    with pytest.raises(NotFound):
        services.project_set_lead(actor=staff, project=project, lead_unit=unit_b)
    assert Project.objects.get(pk=project.pk).lead_unit_id == project.lead_unit_id


def test_street_admin_and_other_staff_cannot_change_the_lead(client, world, project):
    with pytest.raises(PermissionDenied):
        services.project_set_lead(actor=world.users["street_admin"], project=project,
                                  lead_user=world.users["staff_a"])
    client.force_login(world.users["staff_b"])
    response = client.post(reverse("cobuilding:project_lead", args=[project.pk]),
                           {"lead_user": world.users["staff_a"].pk})
    assert response.status_code == 404
    assert Project.objects.get(pk=project.pk).lead_user_id is None


# ---- reopening a closed need -----------------------------------------------------------------

def test_staff_reopen_a_closed_need_with_a_reason(client, world):
    staff = world.users["staff_a"]
    need = services.need_create(actor=staff, community=world.community_a, title="加装扶手",
                                category="governance")
    services.need_close(actor=staff, need=need, reason="已由物业解决")
    client.force_login(staff)
    assert 'data-testid="reopen"' in client.get(
        reverse("cobuilding:need_detail", args=[need.pk])).content.decode()

    response = client.post(reverse("cobuilding:need_reopen", args=[need.pk]),
                           {"reason": "扶手又坏了"})

    assert response.status_code == 302
    need.refresh_from_db()
    assert (need.status, need.close_reason) == ("open", "")
    entry = AuditEntry.objects.filter(target_type="cobuilding.need",
                                      target_id=str(need.pk)).latest("pk")
    assert entry.changes["before"] == {"status": "closed", "close_reason": "已由物业解决"}
    assert entry.changes["after"]["reopen_reason"] == "扶手又坏了"


def test_reopen_needs_a_reason_and_a_closed_need(world):
    staff = world.users["staff_a"]
    need = services.need_create(actor=staff, community=world.community_a, title="加装扶手",
                                category="governance")
    with pytest.raises(DomainError):
        services.need_reopen(actor=staff, need=need, reason="还没关")
    services.need_close(actor=staff, need=need, reason="不再需要")
    with pytest.raises(DomainError):
        services.need_reopen(actor=staff, need=need, reason="  ")
    need.refresh_from_db()
    assert need.status == "closed"


def test_staff_of_another_community_cannot_reopen(client, world):
    staff = world.users["staff_a"]
    need = services.need_create(actor=staff, community=world.community_a, title="加装扶手",
                                category="governance")
    services.need_close(actor=staff, need=need, reason="不再需要")
    client.force_login(world.users["staff_b"])
    response = client.post(reverse("cobuilding:need_reopen", args=[need.pk]),
                           {"reason": "越权"})
    assert response.status_code == 404
    need.refresh_from_db()
    assert need.status == "closed"


def test_reopen_and_lead_change_by_api(client, world, project):
    from gongzhi.accounts.services import api_token_create

    staff = world.users["staff_a"]
    auth = {"Authorization": f"Bearer {api_token_create(user=staff).token}"}
    need = project.needs.get()
    other = services.need_create(actor=staff, community=world.community_a, title="扶手",
                                 category="governance")
    services.need_close(actor=staff, need=other, reason="不再需要")
    response = client.post(f"/api/v1/cobuilding/needs/{other.pk}/reopen", {"reason": "又坏了"},
                           content_type="application/json", headers=auth)
    assert response.status_code == 200 and response.json()["status"] == "open"
    response = client.post(f"/api/v1/cobuilding/projects/{project.pk}/lead",
                           {"lead_user_id": world.users["secretary_a"].pk},
                           content_type="application/json", headers=auth)
    assert response.status_code == 200
    project.refresh_from_db()
    assert project.lead_user_id == world.users["secretary_a"].pk and need.pk
