"""One rule per action of party building: every action against every role, the service refusing
as the rule says, and the pages showing exactly the buttons the API lists (posts and shifts:
activities/tests/rota/test_rules.py)."""

import io

import openpyxl
import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from gongzhi.accounts.services import api_token_create
from gongzhi.activities.rota import services as rota_services
from gongzhi.audit.choices import Action
from gongzhi.audit.models import AuditEntry
from gongzhi.core.actions import open_actions
from gongzhi.organisations.models import Organisation
from gongzhi.party import rules
from gongzhi.party.tests.factories import party_of_a

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident_a", "party_a", "staff_a", "secretary_a", "grid_a1", "staff_b",
         "street_admin", "district_admin", "other_district_admin", "superuser"]
COMMUNITY_STAFF = {"staff_a", "secretary_a", "superuser"}
TREE_KEEPERS = {"street_admin", *COMMUNITY_STAFF}

# rule -> (the row it is asked about, the roles it is open to), written out here rather than
# read from the rules, so that a change of the role table shows up as a failing test. The post
# is open and claimed by party_a; member_a has no login; in_service_a is party_a's own entry.
EXPECTED = {
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
}


def user_of(world, role):
    return world.users[role] or AnonymousUser()


def headers(user):
    return {"Authorization": f"Bearer {api_token_create(user=user).token}"}


@pytest.fixture
def party_world(world):
    return party_of_a(world)


def test_every_rule_is_in_the_table():
    # given the rules party registers, when compared with the table, then each is tested
    registered = {*rules.MEMBER_ACTIONS, *rules.ORGANISATION_ACTIONS, *rules.OFFICER_ACTIONS,
                  rules.CREATE_MEMBER, rules.REGISTER_MEMBER, rules.EDIT_OWN_MEMBER,
                  rules.CREATE_STREET_COMMITTEE, rules.EXPORT}
    assert registered == set(EXPECTED)


@pytest.mark.parametrize("rule", list(EXPECTED))
def test_each_rule_by_role(party_world, rule):
    # given A's party rows and every role
    w = party_world
    attribute, roles = EXPECTED[rule]
    row = getattr(w, attribute)
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


# ---- pages and the API agree ---------------------------------------------------------------

def test_the_api_lists_the_actions_of_a_member_and_an_organisation(client, party_world):
    # given A's secretary
    w = party_world
    auth = headers(w.users["secretary_a"])
    # when they read A's member and branch
    member = client.get(f"/api/v1/party/members/{w.member_a.pk}", headers=auth).json()
    branch = client.get(f"/api/v1/party/organisations/{w.branch_a.pk}", headers=auth).json()
    # then each lists what they may do with it now
    assert member["actions"] == ["party.edit_member", "party.reveal_member"]
    assert branch["actions"] == ["party.create_organisation", "party.appoint_officer"]


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
    rota_services.signup_confirm(actor=w.users["staff_a"], signup=w.shift_signup_a,
                                 work_done="巡逻", hours="2")
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
