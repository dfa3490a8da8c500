"""One rule per action of party building: every action against every role (and, for posts and
claims, every status), the service refusing as the rule says, and the pages showing exactly the
buttons the API lists."""

import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from gongzhi.accounts.services import api_token_create
from gongzhi.audit.choices import Action
from gongzhi.audit.models import AuditEntry
from gongzhi.casework import services as case_services
from gongzhi.casework.tests.factories import category
from gongzhi.core.actions import open_actions
from gongzhi.core.errors import NotFound, PermissionDenied
from gongzhi.organisations.models import Organisation
from gongzhi.party import rules, services
from gongzhi.party.choices import ClaimStatus, PostStatus
from gongzhi.party.models import Claim, Post
from gongzhi.party.states import ClaimConfirmed, PostClosed, PostStatusRefused
from gongzhi.party.tests.factories import party_of_a

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident_a", "party_a", "staff_a", "secretary_a", "grid_a1", "staff_b",
         "street_admin", "district_admin", "other_district_admin", "superuser"]
COMMUNITY_STAFF = {"staff_a", "secretary_a", "superuser"}
POST_MANAGERS = {"grid_a1", *COMMUNITY_STAFF}
TREE_KEEPERS = {"street_admin", *COMMUNITY_STAFF}

# rule -> (the row it is asked about, the roles it is open to), written out here rather than
# read from the rules, so that a change of the role table shows up as a failing test. The post
# is open and claimed by party_a; member_a has no login; in_service_a is party_a's own entry.
EXPECTED = {
    "party.claim_post": ("post_a", {"party_a"}),
    "party.close_post": ("post_a", POST_MANAGERS),
    "party.complete_post": ("post_a", POST_MANAGERS),
    "party.reopen_post": ("post_a", set()),  # the post is open already
    "party.create_post": ("community_a", POST_MANAGERS),
    "party.withdraw_claim": ("claim_a", {"party_a"}),
    "party.confirm_claim": ("claim_a", COMMUNITY_STAFF),
    "party.create_member": ("community_a", COMMUNITY_STAFF),
    "party.register_member": ("community_a", COMMUNITY_STAFF),
    "party.edit_member": ("member_a", COMMUNITY_STAFF),
    "party.edit_own_member": ("in_service_a", {"party_a"}),
    "party.reveal_member": ("member_a", COMMUNITY_STAFF),
    "party.create_street_committee": ("street", {"street_admin", "superuser"}),
    "party.create_organisation": ("branch_a", TREE_KEEPERS),
    "party.appoint_officer": ("branch_a", TREE_KEEPERS),
    "party.end_officer_term": ("officer_a", TREE_KEEPERS),
    "party.export_summary": ("community_a", COMMUNITY_STAFF),
    "party.create_post_from_case": (None, POST_MANAGERS),
}


def user_of(world, role):
    return world.users[role] or AnonymousUser()


def headers(user):
    return {"Authorization": f"Bearer {api_token_create(user=user).token}"}


@pytest.fixture
def party_world(world):
    return party_of_a(world)


def case_of_a(world):
    return case_services.case_report(actor=world.users["resident_a"],
                                     category=category(world.community_a),
                                     building=world.building_a1, description="楼道堆物")


def test_every_rule_is_in_the_table():
    # given the rules party registers, when compared with the table, then each is tested
    registered = {*rules.POST_ACTIONS, *rules.CLAIM_ACTIONS, *rules.MEMBER_ACTIONS,
                  *rules.ORGANISATION_ACTIONS, *rules.OFFICER_ACTIONS, rules.CREATE_POST,
                  rules.CREATE_MEMBER, rules.REGISTER_MEMBER, rules.EDIT_OWN_MEMBER,
                  rules.CREATE_STREET_COMMITTEE, rules.EXPORT, rules.CREATE_POST_FROM_CASE}
    assert registered == set(EXPECTED)


@pytest.mark.parametrize("rule", list(EXPECTED))
def test_each_rule_by_role(party_world, rule):
    # given A's party rows and every role
    w = party_world
    attribute, roles = EXPECTED[rule]
    row = case_of_a(w) if attribute is None else getattr(w, attribute)
    # when each role asks the rule about the row
    answers = {}
    for role in ROLES:
        user = user_of(w, role)
        allowed = user.has_perm(rule, row)
        # then the template's question and the API's list agree
        assert allowed == (rule in open_actions(user, row, [rule])), role
        answers[role] = allowed
    # and exactly the expected roles may take it
    assert {role for role, allowed in answers.items() if allowed} == roles


# the status a post is in -> the status changes staff may make
POST_CHANGES = {
    PostStatus.OPEN: {"party.close_post", "party.complete_post"},
    PostStatus.CLOSED: {"party.reopen_post", "party.complete_post"},
    PostStatus.DONE: {"party.reopen_post", "party.close_post"},
}


@pytest.mark.parametrize("status", PostStatus.values)
def test_post_actions_by_status(party_world, status):
    # given A's post in `status`
    w = party_world
    Post.objects.filter(pk=w.post_a.pk).update(status=status)
    post = Post.objects.get(pk=w.post_a.pk)
    # when its manager and a member of A ask which actions are open
    staff = open_actions(w.users["staff_a"], post, rules.POST_ACTIONS)
    member = open_actions(w.users["party_a"], post, rules.POST_ACTIONS)
    # then staff may make each change but to the status it is in; a member claims only an
    # open post
    assert set(staff) == POST_CHANGES[status]
    assert member == (["party.claim_post"] if status == PostStatus.OPEN else [])


@pytest.mark.parametrize("status", ClaimStatus.values)
def test_claim_actions_by_status(party_world, status):
    # given party_a's claim in `status`
    w = party_world
    Claim.objects.filter(pk=w.claim_a.pk).update(status=status, hours=2,
                                                 confirmed_at=datetime.datetime.now(
                                                     datetime.UTC))
    claim = Claim.objects.get(pk=w.claim_a.pk)
    # when the member and the organiser ask
    member = open_actions(w.users["party_a"], claim, rules.CLAIM_ACTIONS)
    staff = open_actions(w.users["staff_a"], claim, rules.CLAIM_ACTIONS)
    # then a claim is withdrawn or confirmed only while it is not yet confirmed
    open_now = status == ClaimStatus.CLAIMED
    assert member == (["party.withdraw_claim"] if open_now else [])
    assert staff == (["party.confirm_claim"] if open_now else [])


# ---- the services refuse as the rules say --------------------------------------------------

def test_a_post_set_to_its_own_status_is_refused_as_a_conflict(party_world):
    # given A's open post
    w = party_world
    # when staff set it open again
    with pytest.raises(PostStatusRefused) as error:
        services.post_set_status(actor=w.users["staff_a"], post=w.post_a, status="open")
    # then the state forbids it (409), and nothing changed
    assert (error.value.status, error.value.code) == (409, "post_status_refused")
    assert not AuditEntry.objects.filter(target_type="party.post", action="update").exists()


@pytest.mark.parametrize(("username", "error"), [("staff_b", NotFound),
                                                  ("party_a", PermissionDenied)])
def test_a_post_status_is_refused_by_who_may_see_it(party_world, username, error):
    # given an outsider of A, and a member of A who sees the post but may not manage it
    w = party_world
    # when they close it, then they are refused: not found, or forbidden; the post is open
    with pytest.raises(error):
        services.post_set_status(actor=w.users[username], post=w.post_a, status="closed")
    w.post_a.refresh_from_db()
    assert w.post_a.status == PostStatus.OPEN


def test_a_closed_post_refuses_claims_with_a_conflict(party_world):
    # given A's post, closed, and a member of A who has not claimed it (their claim withdrawn)
    w = party_world
    services.claim_withdraw(actor=w.users["party_a"], claim=w.claim_a)
    services.post_set_status(actor=w.users["staff_a"], post=w.post_a, status="closed")
    # when the member claims it
    with pytest.raises(PostClosed) as error:
        services.post_claim(actor=w.users["party_a"], post=w.post_a)
    # then the state forbids it, and there is no claim
    assert (error.value.status, error.value.code) == (409, "post_closed")
    assert not Claim.objects.filter(post=w.post_a).exists()


def test_a_confirmed_claim_can_be_neither_confirmed_again_nor_withdrawn(party_world):
    # given party_a's claim, confirmed by staff
    w = party_world
    services.claim_confirm(actor=w.users["staff_a"], claim=w.claim_a, work_done="巡逻",
                           hours="2")
    # when staff confirm it again and the member withdraws it
    with pytest.raises(ClaimConfirmed) as again:
        services.claim_confirm(actor=w.users["staff_a"], claim=w.claim_a, work_done="又巡逻",
                               hours="3")
    with pytest.raises(ClaimConfirmed) as withdrawn:
        services.claim_withdraw(actor=w.users["party_a"], claim=w.claim_a)
    # then both are state conflicts, and the confirmation stands
    assert (again.value.status, withdrawn.value.status) == (409, 409)
    claim = Claim.objects.get(pk=w.claim_a.pk)
    assert (claim.work_done, str(claim.hours)) == ("巡逻", "2.0")


# ---- pages and the API agree ---------------------------------------------------------------

POST_BUTTONS = {"party.claim_post": 'data-testid="claim"',
                "party.close_post": 'data-testid="close-post"',
                "party.complete_post": 'data-testid="complete-post"',
                "party.reopen_post": 'data-testid="reopen-post"'}


@pytest.mark.parametrize(("role", "status", "expected"), [
    ("staff_a", PostStatus.OPEN, {"party.close_post", "party.complete_post"}),
    ("grid_a1", PostStatus.CLOSED, {"party.reopen_post", "party.complete_post"}),
    ("party_a", PostStatus.OPEN, set()),  # party_a has claimed it already: no claim button
    ("street_admin", PostStatus.OPEN, set()),
])
def test_the_post_page_shows_the_buttons_the_api_lists(client, party_world, role, status,
                                                       expected):
    # given A's post in `status`
    w = party_world
    Post.objects.filter(pk=w.post_a.pk).update(status=status)
    user = w.users[role]
    # when the user opens its page and asks the API about it
    client.force_login(user)
    page = client.get(reverse("party:post_detail", args=[w.post_a.pk])).content.decode()
    body = client.get(f"/api/v1/party/posts/{w.post_a.pk}", headers=headers(user)).json()
    # then the page's buttons are the status changes the API lists
    shown = {rule for rule, marker in POST_BUTTONS.items() if marker in page}
    listed = set(body["actions"])
    assert shown == expected
    assert listed - {"party.claim_post"} == expected


def test_the_api_lists_the_actions_of_a_claim_a_member_and_an_organisation(client,
                                                                            party_world):
    # given A's secretary
    w = party_world
    auth = headers(w.users["secretary_a"])
    # when they read A's member and branch, and confirm party_a's claim
    member = client.get(f"/api/v1/party/members/{w.member_a.pk}", headers=auth).json()
    branch = client.get(f"/api/v1/party/organisations/{w.branch_a.pk}", headers=auth).json()
    confirmed = client.post(f"/api/v1/party/claims/{w.claim_a.pk}/confirm",
                            {"work_done": "巡逻", "hours": 2}, content_type="application/json",
                            headers=auth).json()
    # then each lists what they may do with it now
    assert member["actions"] == ["party.edit_member", "party.reveal_member"]
    assert branch["actions"] == ["party.create_organisation", "party.appoint_officer"]
    assert (confirmed["status"], confirmed["actions"]) == ("confirmed", [])


def test_a_member_reads_the_actions_of_their_claim(client, party_world):
    # given party_a, who claimed A's post
    w = party_world
    auth = headers(w.users["party_a"])
    # when they read the post and claim another
    post = client.get(f"/api/v1/party/posts/{w.post_a.pk}", headers=auth).json()
    other = services.post_create(actor=w.users["staff_a"], community=w.community_a,
                                 title="乙岗位", category="safety",
                                 date=datetime.date(2026, 4, 1), slots=1)
    claim = client.post(f"/api/v1/party/posts/{other.pk}/claims", headers=auth).json()
    # then the open post offers the claim rule (the service refuses a second claim), and the
    # new claim may be withdrawn
    assert post["actions"] == ["party.claim_post"]
    assert claim["actions"] == ["party.withdraw_claim"]


@pytest.mark.parametrize(("url", "data"), [
    ("party:post_status", {"status": "closed"}),
])
def test_a_member_who_sees_a_post_is_forbidden_its_status_on_the_page_as_in_the_api(
        client, party_world, url, data):
    # given a member of A, who sees A's post but may not manage it
    w = party_world
    client.force_login(w.users["party_a"])
    # when they post the status change on the page and through the API
    page = client.post(reverse(url, args=[w.post_a.pk]), data)
    api = client.post(f"/api/v1/party/posts/{w.post_a.pk}/status", data,
                      content_type="application/json", headers=headers(w.users["party_a"]))
    # then both answer forbidden (not "not found": they see the post), and it is still open
    assert (page.status_code, api.status_code) == (403, 403)
    w.post_a.refresh_from_db()
    assert w.post_a.status == PostStatus.OPEN


def test_the_street_admin_is_forbidden_to_edit_a_member_on_the_page_as_in_the_api(
        client, party_world):
    # given the street admin, who sees A's roll but may not change it
    w = party_world
    client.force_login(w.users["street_admin"])
    # when they open the member's edit page and patch it through the API
    page = client.get(reverse("party:member_edit", args=[w.member_a.pk]))
    api = client.patch(f"/api/v1/party/members/{w.member_a.pk}", {"skills": "街道改的"},
                       content_type="application/json", headers=headers(w.users["street_admin"]))
    # then both answer forbidden, and the status was not read for them
    assert (page.status_code, api.status_code) == (403, 403)
    assert not AuditEntry.objects.filter(target_type="organisations.member",
                                         action=Action.READ_SENSITIVE).exists()


# ---- the twins added: a street committee and the summary's export ---------------------------

def test_the_street_admin_sets_up_a_street_committee_through_the_api(client, world):
    # given a street without a working committee, and its admin
    auth = headers(world.users["street_admin"])
    # when they set one up through the API
    response = client.post("/api/v1/party/organisations",
                           {"street_id": world.street.pk, "name": "甲街党工委",
                            "founded_on": "2020-07-01"},
                           content_type="application/json", headers=auth)
    # then it exists, at the street, audited as the page's
    assert response.status_code == 201
    committee = Organisation.objects.get(pk=response.json()["id"])
    assert (committee.kind, committee.street_id, committee.community_id,
            str(committee.founded_on)) == ("street_committee", world.street.pk, None,
                                           "2020-07-01")
    assert AuditEntry.objects.filter(target_type="organisations.organisation",
                                     target_id=str(committee.pk), action="create").exists()


@pytest.mark.parametrize("username", ["staff_a", "other_district_admin"])
def test_who_does_not_keep_the_street_cannot_set_up_its_committee(client, world, username):
    # given community staff and another district's admin
    organisations = Organisation.objects.count()
    # when they try to set up the street's committee through the API
    response = client.post("/api/v1/party/organisations",
                           {"street_id": world.street.pk, "name": "外人党工委"},
                           content_type="application/json",
                           headers=headers(world.users[username]))
    # then the street answers as missing, and nothing was made
    assert response.status_code == 404
    assert Organisation.objects.count() == organisations


def test_staff_export_the_summary_through_the_api_as_the_page_does(client, party_world):
    # given A's staff, and party_a's confirmed service
    w = party_world
    services.claim_confirm(actor=w.users["staff_a"], claim=w.claim_a, work_done="巡逻",
                           hours="2")
    # when they export the year's summary through the API
    response = client.post("/api/v1/party/summary/export",
                           {"community_id": w.community_a.pk, "year": 2026},
                           content_type="application/json", headers=headers(w.users["staff_a"]))
    # then they get the page's workbook, and the export is in the audit trail
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(workbook["按党员"].iter_rows(values_only=True))
    assert ("甲单位", "甲党员") in {row[:2] for row in rows}
    entry = AuditEntry.objects.filter(action=Action.EXPORT).latest("pk")
    assert (entry.actor_id, entry.changes["after"]["what"]) == (w.users["staff_a"].pk,
                                                                "party.summary")


@pytest.mark.parametrize(("username", "expected"), [("staff_b", 404), ("resident_a", 403)])
def test_who_may_not_export_the_summary_gets_no_file(client, party_world, username, expected):
    # given another community's staff, and a resident
    w = party_world
    # when they ask for A's summary through the API
    response = client.post("/api/v1/party/summary/export",
                           {"community_id": w.community_a.pk, "year": 2026},
                           content_type="application/json", headers=headers(w.users[username]))
    # then they are refused, and nothing was exported
    assert response.status_code == expected
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()
