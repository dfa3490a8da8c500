"""The party API: masked members, a member's own record, the yearly summary (posts and shifts:
activities/tests/rota/test_api.py)."""

import datetime

import pytest

from gongzhi.accounts.services import api_token_create
from gongzhi.activities.rota import services as rota_services
from gongzhi.audit.choices import Action, Outcome
from gongzhi.audit.models import AuditEntry
from gongzhi.organisations.models import Member, Officer, Organisation
from gongzhi.party import services
from gongzhi.party.tests.factories import party_of_a
from gongzhi.places.tests.factories import GridFactory


@pytest.fixture
def party_world(world):
    return party_of_a(world)


def headers(user):
    return {"Authorization": f"Bearer {api_token_create(user=user).token}"}


def test_members_are_listed_masked(client, party_world):
    w = party_world
    body = client.get("/api/v1/party/members", headers=headers(w.users["staff_a"])).json()
    assert {m["name"] for m in body["items"]} == {"甲居民", "甲党员"}
    assert {m["status"] for m in body["items"]} == {"党员信息已隐藏"}
    assert "1990" not in str(body)


def test_a_member_reads_their_own_record(client, party_world):
    body = client.get("/api/v1/party/me", headers=headers(party_world.users["party_a"])).json()
    assert (body["name"], body["status"], body["full_on"]) == ("甲党员", "full", "2010-03-01")
    assert body["party_age"] >= 16


def test_the_summary_api_reads_the_ledger(client, party_world, settings):
    settings.PARTY_YEARLY_MIN_HOURS = 50
    w = party_world
    rota_services.signup_confirm(actor=w.users["staff_a"], signup=w.shift_signup_a,
                                 work_done="巡查楼道", hours="2")
    summary = client.get("/api/v1/party/summary?year=2026",
                         headers=headers(w.users["staff_a"])).json()
    assert (summary["shifts"], float(summary["hours"]), summary["min_hours"]) == (1, 2.0, 50)
    assert [float(h) for h in summary["quarters"]] == [2.0, 0.0, 0.0, 0.0]
    assert summary["units"][0]["name"] == "甲单位"
    assert (summary["members"][0]["name"], summary["members"][0]["below_minimum"]) == (
        "甲党员", True)


def test_resident_gets_nothing(client, party_world):
    h = headers(party_world.users["resident_a"])
    assert client.get("/api/v1/party/members", headers=h).json()["items"] == []
    assert client.get("/api/v1/party/me", headers=h).status_code == 404
    assert client.get("/api/v1/party/summary?year=2026", headers=h).status_code == 403


def test_organisations_with_counts_and_current_officers(client, party_world):
    w = party_world
    h = headers(w.users["staff_a"])
    items = client.get("/api/v1/party/organisations", headers=h).json()["items"]
    assert {o["name"]: o["member_count"] for o in items} == {
        "甲社区党委": 0, "甲党支部": 1, "甲党小组": 0}
    body = client.get(f"/api/v1/party/organisations/{w.branch_a.pk}", headers=h).json()
    assert body["officers"] == [{"id": w.officer_a.pk, "title": "secretary",
                                 "holder_name": "甲居民", "term_start": "2024-01-01",
                                 "term_end": None}]
    member = client.get(f"/api/v1/party/members/{w.member_a.pk}", headers=h).json()
    assert member["status"] == "党员信息已隐藏" and member["organisation_id"] == w.branch_a.pk


def test_a_member_edits_their_registration_by_api(client, party_world):
    w = party_world
    response = client.patch("/api/v1/party/me", {"skills": "摄影", "preferred_categories":
                                                 ["culture"]},
                            content_type="application/json", headers=headers(w.users["party_a"]))
    assert response.status_code == 200
    assert (response.json()["skills"], response.json()["preferred_categories"]) == (
        "摄影", ["culture"])
    assert response.json()["work_unit_name"] == "甲单位"  # omitted: unchanged


def test_a_member_offers_a_resource_by_api(client, party_world):
    w = party_world
    response = client.post("/api/v1/cobuilding/my-resources",
                           {"title": "书法课", "kind": "skills", "category": "culture"},
                           content_type="application/json", headers=headers(w.users["party_a"]))
    assert response.status_code == 201
    assert response.json()["member_id"] == w.in_service_a.pk
    listed = client.get("/api/v1/cobuilding/my-resources",
                        headers=headers(w.users["party_a"])).json()
    assert [r["title"] for r in listed] == ["书法课"]


# ---- editing the organisation tree (the organisation page's actions) --------------------------

def test_staff_add_a_group_under_a_branch_through_the_api(client, party_world):
    # given the secretary of A and A's branch
    w = party_world
    # when they add a group under the branch
    response = client.post(f"/api/v1/party/organisations/{w.branch_a.pk}/children",
                           {"kind": "group", "name": "甲第二党小组"},
                           content_type="application/json", headers=headers(w.users["secretary_a"]))
    # then it is created in the branch's community, as the page would, and audited
    assert response.status_code == 201
    group = Organisation.objects.get(pk=response.json()["id"])
    assert (group.kind, group.name, group.parent_id, group.community_id) == (
        "group", "甲第二党小组", w.branch_a.pk, w.community_a.pk)
    assert AuditEntry.objects.filter(target_type="organisations.organisation", action="create",
                                     target_id=str(group.pk)).exists()


@pytest.mark.parametrize(("username", "expected"), [
    ("staff_b", 404), ("grid_a1", 403), ("resident_a", 404)])
def test_outsiders_cannot_add_organisations_or_officers_through_the_api(client, party_world,
                                                                       username, expected):
    # given a user who may not change A's party organisations (A's grid worker sees them)
    w = party_world
    organisations, officers = Organisation.objects.count(), Officer.objects.count()
    auth = headers(w.users[username])
    # when they try to add a group, appoint an officer and end a term
    child = client.post(f"/api/v1/party/organisations/{w.branch_a.pk}/children",
                        {"kind": "group", "name": "外人加的"}, content_type="application/json",
                        headers=auth)
    appoint = client.post(f"/api/v1/party/organisations/{w.branch_a.pk}/officers",
                          {"title": "member", "member_id": w.member_a.pk,
                           "term_start": "2026-01-01"}, content_type="application/json",
                          headers=auth)
    end = client.post(f"/api/v1/party/officers/{w.officer_a.pk}/end",
                      {"term_end": "2026-06-30"}, content_type="application/json", headers=auth)
    # then each is refused (not found to one who cannot see the branch, forbidden to one who
    # can, as the page answers), and nothing changed
    assert (child.status_code, appoint.status_code, end.status_code) == (expected,) * 3
    assert (Organisation.objects.count(), Officer.objects.count()) == (organisations, officers)
    w.officer_a.refresh_from_db()
    assert w.officer_a.term_end is None


def test_staff_appoint_an_officer_and_end_the_term_through_the_api(client, party_world):
    # given the secretary of A and A's branch
    w = party_world
    auth = headers(w.users["secretary_a"])
    # when they appoint the in-service member as a committee member, then end the term
    appoint = client.post(f"/api/v1/party/organisations/{w.branch_a.pk}/officers",
                          {"title": "member", "member_id": w.in_service_a.pk,
                           "term_start": "2026-01-01"}, content_type="application/json",
                          headers=auth)
    officer_id = appoint.json()["id"]
    end = client.post(f"/api/v1/party/officers/{officer_id}/end", {"term_end": "2026-06-30"},
                      content_type="application/json", headers=auth)
    # then the office is registered and its term closed
    assert appoint.status_code == 201
    assert (appoint.json()["title"], appoint.json()["holder_name"]) == ("member", "甲党员")
    assert (end.status_code, end.json()["term_end"]) == (200, "2026-06-30")


def test_invalid_edits_of_the_tree_are_refused_with_the_field_and_change_nothing(client,
                                                                                party_world):
    # given the secretary of A
    w = party_world
    auth = headers(w.users["secretary_a"])
    organisations = Organisation.objects.count()
    # when they put a branch under a group, end a term before it began, and name no kind
    wrong_level = client.post(f"/api/v1/party/organisations/{w.group_a.pk}/children",
                              {"kind": "branch", "name": "错层支部"},
                              content_type="application/json", headers=auth)
    early_end = client.post(f"/api/v1/party/officers/{w.officer_a.pk}/end",
                            {"term_end": "2023-12-31"}, content_type="application/json",
                            headers=auth)
    no_kind = client.post(f"/api/v1/party/organisations/{w.branch_a.pk}/children",
                          {"kind": "committee", "name": "无类型"},
                          content_type="application/json", headers=auth)
    # then each answers 422 naming the field, and nothing changed
    assert (wrong_level.status_code, list(wrong_level.json()["detail"])) == (422, ["parent"])
    assert (early_end.status_code, list(early_end.json()["detail"])) == (422, ["term_end"])
    assert no_kind.status_code == 422
    assert Organisation.objects.count() == organisations
    assert Officer.objects.get(pk=w.officer_a.pk).term_end is None


# ---- the member page's reveal and the post page's status (their API twins) --------------------

def test_staff_reveal_a_members_status_with_a_reason_and_it_is_audited(client, party_world):
    # given the staff of A and A's member
    w = party_world
    # when they ask for the status for a stated reason
    response = client.post(f"/api/v1/party/members/{w.member_a.pk}/reveal",
                           {"reason": "contact"}, content_type="application/json",
                           headers=headers(w.users["staff_a"]))
    # then the status and its dates come back, and the read is audited with the reason's label
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["full_on"]) == ("full", "1990-07-01")
    entry = AuditEntry.objects.get(target_type="organisations.member",
                                   target_id=str(w.member_a.pk),
                                   action=Action.READ_SENSITIVE)
    assert (entry.actor_id, entry.reason) == (w.users["staff_a"].pk, "联系本人或家属")


@pytest.mark.parametrize(("username", "expected"), [("staff_b", 404), ("street_admin", 403)])
def test_who_may_not_reveal_a_members_status_gets_nothing(client, party_world, username,
                                                         expected):
    # given an outsider of A, and the street admin who sees the roll but may not reveal
    w = party_world
    # when they ask for A's member's status
    response = client.post(f"/api/v1/party/members/{w.member_a.pk}/reveal",
                           {"reason": "contact"}, content_type="application/json",
                           headers=headers(w.users[username]))
    # then they are refused and no status is in the answer
    assert response.status_code == expected
    assert "full" not in response.content.decode() and "2010" not in response.content.decode()
    assert not AuditEntry.objects.filter(target_type="organisations.member",
                                         action=Action.READ_SENSITIVE,
                                         outcome=Outcome.SUCCESS).exists()


@pytest.mark.parametrize(("language", "message", "reason_message"), [
    ("zh-hans", "输入有误，请按提示修改。", "请选择查看原因。"),
    ("en", "Some entries are invalid. Please correct them as indicated.",
     "Choose a reason for viewing."),
])
def test_a_reveal_without_a_known_reason_is_422_in_the_readers_language(
        client, party_world, language, message, reason_message):
    # given the staff of A, reading in `language`
    w = party_world
    client.cookies["django_language"] = language
    # when they ask for the status without a known reason
    response = client.post(f"/api/v1/party/members/{w.member_a.pk}/reveal",
                           {"reason": "curiosity"}, content_type="application/json",
                           headers=headers(w.users["staff_a"]))
    # then the problem names the reason in the reader's language, and nothing was read
    assert response.status_code == 422
    assert (response.json()["message"], response.json()["detail"]) == (
        message, {"reason": [reason_message]})
    assert not AuditEntry.objects.filter(target_type="organisations.member",
                                         action=Action.READ_SENSITIVE).exists()


# ---- the member page's edit (its API twin) -----------------------------------------------------

def test_staff_edit_a_member_through_the_api_and_it_is_audited(client, party_world):
    # given the staff of A and A's member in grid 1
    w = party_world
    # when they move the member to grid 2, add skills and record the status again
    response = client.patch(f"/api/v1/party/members/{w.member_a.pk}",
                            {"grid_id": w.grid_a2.pk, "skills": "维修",
                             "status": "full", "full_on": "1991-07-01"},
                            content_type="application/json", headers=headers(w.users["staff_a"]))
    # then the member is changed, the answer stays masked, and the change is audited
    assert response.status_code == 200
    assert (response.json()["grid_id"], response.json()["skills"],
            response.json()["status"]) == (w.grid_a2.pk, "维修", "党员信息已隐藏")
    assert services.member_status(Member.objects.get(pk=w.member_a.pk))["full_on"] == (
        datetime.date(1991, 7, 1))
    entry = AuditEntry.objects.get(target_type="organisations.member", action="update",
                                   target_id=str(w.member_a.pk))
    assert entry.changes["after"]["status"] == "（已加密）"
    assert "1991" not in str(entry.changes)


@pytest.mark.parametrize(("username", "expected"), [("staff_b", 404), ("street_admin", 403)])
def test_who_may_not_change_a_member_cannot_edit_through_the_api(client, party_world, username,
                                                                  expected):
    # given an outsider of A, and the street admin who sees the roll but may not change it
    w = party_world
    # when they try to change A's member
    response = client.patch(f"/api/v1/party/members/{w.member_a.pk}",
                            {"skills": "外人改的", "grid_id": w.grid_a2.pk},
                            content_type="application/json", headers=headers(w.users[username]))
    # then they are refused and the member is unchanged
    assert response.status_code == expected
    member = Member.objects.get(pk=w.member_a.pk)
    assert (member.skills, member.grid_id) == ("", w.grid_a1.pk)
    assert not AuditEntry.objects.filter(target_type="organisations.member",
                                         action="update").exists()


@pytest.mark.parametrize(("language", "message", "field_message"), [
    ("zh-hans", "输入有误，请按提示修改。", "社区党员须选择所在党支部。"),
    ("en", "Some entries are invalid. Please correct them as indicated.", None),
])
def test_an_invalid_member_edit_is_422_in_the_readers_language_and_changes_nothing(
        client, party_world, language, message, field_message):
    # given the staff of A, reading in `language`
    w = party_world
    client.cookies["django_language"] = language
    auth = headers(w.users["staff_a"])
    grid_b = GridFactory(community=w.community_b, number=1, name="乙一网格")
    # when they take a community member out of their branch, and put them in B's grid
    no_branch = client.patch(f"/api/v1/party/members/{w.member_a.pk}",
                             {"organisation_id": None, "group_id": None, "skills": "改了"},
                             content_type="application/json", headers=auth)
    other_grid = client.patch(f"/api/v1/party/members/{w.member_a.pk}",
                              {"grid_id": grid_b.pk}, content_type="application/json",
                              headers=auth)
    # then both answer 422 naming the field in the reader's language, and nothing changed
    assert (no_branch.status_code, other_grid.status_code) == (422, 422)
    assert (no_branch.json()["message"], list(no_branch.json()["detail"])) == (
        message, ["organisation"])
    reason = no_branch.json()["detail"]["organisation"][0]
    assert reason == field_message if field_message else reason.isascii()
    assert list(other_grid.json()["detail"]) == ["grid"]
    member = Member.objects.get(pk=w.member_a.pk)
    assert (member.organisation_id, member.skills, member.grid_id) == (
        w.branch_a.pk, "", w.grid_a1.pk)


# ---- the member pages' create and 双报到 (their API twin) ---------------------------------------

def test_staff_register_an_in_service_member_through_the_api_and_it_is_audited(client,
                                                                              party_world):
    # given the staff of A and a resident of A not on the roll
    w = party_world
    # when they register the resident as an in-service member
    response = client.post("/api/v1/party/members",
                           {"person_id": w.person_resident_a.pk, "kind": "in_service",
                            "status": "full", "full_on": "2000-01-01",
                            "work_unit_name": "乙单位", "grid_id": w.grid_a2.pk},
                           content_type="application/json", headers=headers(w.users["staff_a"]))
    # then the member is on A's roll, the answer is masked, and the creation is audited
    assert response.status_code == 201
    member = Member.objects.get(pk=response.json()["id"])
    assert (member.person_id, member.community_id, member.kind, member.work_unit_name,
            member.grid_id) == (w.person_resident_a.pk, w.community_a.pk, "in_service", "乙单位",
                                w.grid_a2.pk)
    assert response.json()["status"] == "党员信息已隐藏"
    assert services.member_status(member)["status"] == "full"
    assert AuditEntry.objects.filter(target_type="organisations.member", action="create",
                                     target_id=str(member.pk),
                                     actor=w.users["staff_a"]).exists()


@pytest.mark.parametrize("username", ["staff_b", "street_admin", "grid_a1"])
def test_who_may_not_keep_the_roll_cannot_register_members_through_the_api(client, party_world,
                                                                          username):
    # given an outsider of A, and insiders who see the roll or the residents but may not change it
    w = party_world
    members = Member.objects.count()
    # when they try to put A's resident on the roll
    response = client.post("/api/v1/party/members",
                           {"person_id": w.person_resident_a.pk, "kind": "in_service",
                            "status": "full", "full_on": "2000-01-01", "work_unit_name": "外人"},
                           content_type="application/json", headers=headers(w.users[username]))
    # then the resident is not found for them, as on the page, and nothing was added
    assert response.status_code == 404
    assert Member.objects.count() == members


@pytest.mark.parametrize(("language", "message", "field_message"), [
    ("zh-hans", "输入有误，请按提示修改。", "在职党员须填写工作单位。"),
    ("en", "Some entries are invalid. Please correct them as indicated.", None),
])
def test_an_invalid_registration_is_422_in_the_readers_language_and_adds_nothing(
        client, party_world, language, message, field_message):
    # given the staff of A, reading in `language`, and A's member already on the roll
    w = party_world
    client.cookies["django_language"] = language
    auth = headers(w.users["staff_a"])
    members = Member.objects.count()
    # when they register an in-service member without a work unit, and the member again
    no_unit = client.post("/api/v1/party/members",
                          {"person_id": w.person_resident_a.pk, "kind": "in_service",
                           "status": "full", "full_on": "2000-01-01"},
                          content_type="application/json", headers=auth)
    twice = client.post("/api/v1/party/members",
                        {"person_id": w.person_a.pk, "status": "full", "full_on": "2000-01-01",
                         "organisation_id": w.branch_a.pk},
                        content_type="application/json", headers=auth)
    # then both answer 422 naming the field in the reader's language, and nothing was added
    assert (no_unit.status_code, twice.status_code) == (422, 422)
    assert (no_unit.json()["message"], list(no_unit.json()["detail"])) == (
        message, ["work_unit_name"])
    reason = no_unit.json()["detail"]["work_unit_name"][0]
    assert reason == field_message if field_message else reason.isascii()
    assert list(twice.json()["detail"]) == ["person"]
    assert Member.objects.count() == members
