"""One rule per action of co-building: every action against every status and every role (the
adhocracy+ way), the pages showing exactly the buttons the API lists, and page and API
refusing alike."""

import datetime
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from gongzhi.accounts.services import api_token_create
from gongzhi.casework.models import Case
from gongzhi.casework.tests.test_rules import reported
from gongzhi.cobuilding import rules, services
from gongzhi.cobuilding.choices import MatchStatus, NeedStatus, ProjectStatus
from gongzhi.cobuilding.models import Match, Milestone, Need, ProgressReport, Project
from gongzhi.cobuilding.tests.factories import BANK, partner_contact, unit_with_resource
from gongzhi.core.actions import open_actions
from gongzhi.organisations import services as partner_services
from gongzhi.organisations.models import Agreement, PartnerUnit

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident_a", "staff_a", "secretary_a", "grid_a1", "staff_b",
         "street_admin", "district_admin", "other_district_admin", "superuser", "bank_contact"]
EDITORS = {"staff_a", "secretary_a", "grid_a1", "superuser"}       # cobuilding.change_lists
MANAGERS = {"staff_a", "secretary_a", "superuser"}                  # cobuilding.manage_partners

# rule -> (the statuses it is open in, the roles it is open to), written out here rather than
# read from cobuilding/states.py, so that a change of the table shows up as a failing test.
NEED_EXPECTED = {
    "cobuilding.change_need": ({"open", "matching", "in_project"}, EDITORS),
    "cobuilding.close_need": ({"open", "matching"}, EDITORS),
    "cobuilding.reopen_need": ({"closed"}, EDITORS),
    "cobuilding.propose_match": ({"open", "matching"}, EDITORS),
}
# the bank leads the project: its contact edits it, the community's staff run it
PROJECT_EXPECTED = {
    "cobuilding.create_report": ({"running"}, EDITORS | {"bank_contact"}),
    "cobuilding.create_milestone": ({"running"}, EDITORS | {"bank_contact"}),
    "cobuilding.set_project_lead": ({"running", "finished"}, EDITORS),
    "cobuilding.publish_project": ({"running"}, EDITORS),
    "cobuilding.change_project": ({"running", "finished"}, EDITORS | {"bank_contact"}),
    "cobuilding.evaluate_project": ({"finished"}, {"resident_a", "superuser"}),
}
MATCH_EXPECTED = {"cobuilding.respond_match": ({"proposed"}, {"bank_contact"})}


@pytest.fixture
def cobuilding(world):
    """The bank (a partner unit of A) with a talk to offer and a contact, and a need of A."""
    root = world.users["superuser"]
    world.bank, world.talk = unit_with_resource(root, world.community_a, BANK)
    world.users["bank_contact"] = partner_contact(world.community_a, world.bank, "bank_contact")
    world.need = services.need_create(actor=world.users["staff_a"], community=world.community_a,
                                      title="独居老人防诈骗宣传", category="safety")
    return world


def user_of(world, role):
    return world.users[role] or AnonymousUser()


def fresh(model, pk):
    """A newly loaded row: rules may remember their answers on a loaded row."""
    return model.objects.select_related().get(pk=pk)


def answers_by_status_and_role(world, rule, model, pk, statuses):
    answers = {}
    for status in statuses:
        # when the row is in `status`
        model.objects.filter(pk=pk).update(status=status)
        for role in ROLES:
            row = fresh(model, pk)
            user = user_of(world, role)
            # then the template's question and the API's list agree on the answer
            allowed = user.has_perm(rule, row)
            assert allowed == (rule in open_actions(user, row, [rule])), (status, role)
            answers[status, role] = allowed
    return {key for key, value in answers.items() if value}


def expected_pairs(statuses, expected_statuses, roles):
    return {(status, role) for status in statuses for role in ROLES
            if status in expected_statuses and role in roles}


def test_the_detail_actions_are_registered_rules():
    assert set(rules.NEED_ACTIONS) == set(NEED_EXPECTED)
    assert set(rules.PROJECT_ACTIONS) <= set(PROJECT_EXPECTED)


@pytest.mark.parametrize("rule", list(NEED_EXPECTED))
def test_each_need_rule_by_status_and_role(cobuilding, rule):
    # given a need of community A, and every role
    statuses, roles = NEED_EXPECTED[rule]
    # when it passes through every status, then exactly the table's pairs are open
    assert answers_by_status_and_role(cobuilding, rule, Need, cobuilding.need.pk,
                                      NeedStatus.values) == expected_pairs(
        NeedStatus.values, statuses, roles)


@pytest.mark.parametrize("rule", list(PROJECT_EXPECTED))
def test_each_project_rule_by_status_and_role(cobuilding, rule):
    # given a project of A led by the bank
    project = Project.objects.create(community=cobuilding.community_a, title="防诈骗讲座",
                                     lead_unit=cobuilding.bank)
    statuses, roles = PROJECT_EXPECTED[rule]
    # when it is running and finished, then exactly the table's pairs are open
    assert answers_by_status_and_role(cobuilding, rule, Project, project.pk,
                                      ProjectStatus.values) == expected_pairs(
        ProjectStatus.values, statuses, roles)


def test_the_match_rule_by_status_and_role(cobuilding):
    # given the bank's talk proposed for the need
    match = services.match_propose(actor=cobuilding.users["staff_a"], need=cobuilding.need,
                                   resource=cobuilding.talk)
    statuses, roles = MATCH_EXPECTED["cobuilding.respond_match"]
    # then only the bank's contact answers, and only while it is proposed
    assert answers_by_status_and_role(
        cobuilding, "cobuilding.respond_match", Match, match.pk, MatchStatus.values) == (
        expected_pairs(MatchStatus.values, statuses, roles))


@pytest.mark.parametrize("rule", ["cobuilding.change_unit", "cobuilding.add_contact",
                                  "cobuilding.create_agreement"])
def test_each_unit_rule_by_role(cobuilding, rule):
    # given the bank; then exactly the community's secretary and staff manage it
    open_to = {role for role in ROLES
               if user_of(cobuilding, role).has_perm(rule, fresh(PartnerUnit,
                                                                 cobuilding.bank.pk))}
    assert open_to == MANAGERS


def test_an_agreement_is_renewed_once_by_its_managers(cobuilding):
    # given an agreement with the bank
    staff = cobuilding.users["staff_a"]
    agreement = partner_services.agreement_create(
        actor=staff, unit=cobuilding.bank, title="共建协议",
        starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 12, 31))
    for rule in ("cobuilding.change_agreement", "cobuilding.review_agreement",
                 "cobuilding.renew_agreement"):
        assert {role for role in ROLES if user_of(cobuilding, role).has_perm(
            rule, fresh(Agreement, agreement.pk))} == MANAGERS, rule
    # when it is renewed
    partner_services.agreement_renew(actor=staff, agreement=agreement,
                             starts_on=datetime.date(2027, 1, 1),
                             ends_on=datetime.date(2027, 12, 31))
    # then the rule is closed and the service refuses with the app's 409
    agreement = fresh(Agreement, agreement.pk)
    assert not staff.has_perm("cobuilding.renew_agreement", agreement)
    assert staff.has_perm("cobuilding.change_agreement", agreement)
    with pytest.raises(services.DomainError) as refused:
        partner_services.agreement_renew(actor=staff, agreement=agreement,
                                 starts_on=datetime.date(2028, 1, 1),
                                 ends_on=datetime.date(2028, 12, 31))
    assert (refused.value.status, refused.value.code) == (409, "already_renewed")
    assert Agreement.objects.filter(unit=cobuilding.bank).count() == 2


def test_a_milestone_is_completed_once(cobuilding):
    # given a running project's milestone
    project = Project.objects.create(community=cobuilding.community_a, title="防诈骗讲座",
                                     lead_unit=cobuilding.bank)
    contact = cobuilding.users["bank_contact"]
    milestone = services.milestone_create(actor=contact, project=project, title="第一场")
    assert contact.has_perm("cobuilding.complete_milestone", fresh(Milestone, milestone.pk))
    # when it is completed
    services.milestone_done(actor=contact, milestone=milestone,
                            done_on=datetime.date(2026, 3, 1))
    # then its rule is closed, and a second completion is refused without changing the date
    milestone = fresh(Milestone, milestone.pk)
    assert not contact.has_perm("cobuilding.complete_milestone", milestone)
    with pytest.raises(services.Conflict):
        services.milestone_done(actor=contact, milestone=milestone,
                                done_on=datetime.date(2026, 4, 1))
    assert fresh(Milestone, milestone.pk).done_on == datetime.date(2026, 3, 1)


# ---- the page shows exactly the buttons the API lists ----------------------------------------

def api_get(client, user, path):
    headers = {"Authorization": f"Bearer {api_token_create(user=user).token}"}
    return client.get(path, headers=headers)


NEED_BUTTONS = {  # the link or form of each action on the need's page
    "cobuilding.change_need": "cobuilding:need_edit",
    "cobuilding.close_need": "cobuilding:need_close",
    "cobuilding.reopen_need": "cobuilding:need_reopen",
    "cobuilding.propose_match": "cobuilding:match_propose",
}

NEED_SCENARIOS = [
    ("staff_a", NeedStatus.OPEN, {"cobuilding.change_need", "cobuilding.close_need",
                                  "cobuilding.propose_match"}),
    ("staff_a", NeedStatus.IN_PROJECT, {"cobuilding.change_need"}),
    ("grid_a1", NeedStatus.CLOSED, {"cobuilding.reopen_need"}),
    ("staff_a", NeedStatus.DONE, set()),
    ("street_admin", NeedStatus.OPEN, set()),
]


@pytest.mark.parametrize(("role", "status", "expected"), NEED_SCENARIOS)
def test_the_need_page_shows_exactly_the_buttons_the_api_lists(client, cobuilding, role,
                                                               status, expected):
    # given a need in `status` (a second resource, so that a suggestion can be proposed)
    Need.objects.filter(pk=cobuilding.need.pk).update(status=status)
    need = cobuilding.need
    user = cobuilding.users[role]
    # when the user opens its page and asks the API about it
    client.force_login(user)
    html = client.get(reverse("cobuilding:need_detail", args=[need.pk])).content.decode()
    shown = {rule for rule, url in NEED_BUTTONS.items()
             if reverse(url, args=[need.pk]) in html}
    listed = set(api_get(client, user, f"/api/v1/cobuilding/needs/{need.pk}").json()["actions"])
    # then both are the rules open to them
    assert listed == expected
    if rule_shown_needs_suggestion := {"cobuilding.propose_match"} & expected:
        # the propose button comes with a suggestion: the bank's talk suits a safety need
        assert rule_shown_needs_suggestion <= shown
    assert shown == expected


PROJECT_BUTTONS = {
    "cobuilding.create_report": "cobuilding:report_create",
    "cobuilding.create_milestone": "cobuilding:milestone_create",
    "cobuilding.set_project_lead": "cobuilding:project_lead",
    "cobuilding.publish_project": "cobuilding:project_publish",
}

PROJECT_SCENARIOS = [
    ("staff_a", ProjectStatus.RUNNING, set(PROJECT_BUTTONS)),
    ("bank_contact", ProjectStatus.RUNNING, {"cobuilding.create_report",
                                             "cobuilding.create_milestone"}),
    ("staff_a", ProjectStatus.FINISHED, {"cobuilding.set_project_lead"}),
    ("street_admin", ProjectStatus.RUNNING, set()),
]


@pytest.mark.parametrize(("role", "status", "expected"), PROJECT_SCENARIOS)
def test_the_project_page_shows_exactly_the_buttons_the_api_lists(client, cobuilding, role,
                                                                  status, expected):
    # given a project led by the bank in `status`
    project = Project.objects.create(community=cobuilding.community_a, title="防诈骗讲座",
                                     lead_unit=cobuilding.bank, status=status)
    user = cobuilding.users[role]
    # when the user opens its page and asks the API about it
    client.force_login(user)
    html = client.get(reverse("cobuilding:project_detail", args=[project.pk])).content.decode()
    shown = {rule for rule, url in PROJECT_BUTTONS.items()
             if reverse(url, args=[project.pk]) in html}
    response = api_get(client, user, f"/api/v1/cobuilding/projects/{project.pk}")
    # then both are the rules open to them
    assert set(response.json()["actions"]) == expected
    assert shown == expected


def test_unit_and_agreement_details_list_their_actions(client, cobuilding):
    # given the bank, and a street admin who sees it but does not manage it
    secretary, street = cobuilding.users["secretary_a"], cobuilding.users["street_admin"]
    path = f"/api/v1/cobuilding/units/{cobuilding.bank.pk}"
    # then the secretary may do everything a unit offers, the street admin nothing
    assert api_get(client, secretary, path).json()["actions"] == [
        "cobuilding.change_unit", "cobuilding.add_contact", "cobuilding.create_agreement"]
    assert api_get(client, street, path).json()["actions"] == []
    # and a resource lists its edit for the community's editors only
    path = f"/api/v1/cobuilding/resources/{cobuilding.talk.pk}"
    assert api_get(client, secretary, path).json()["actions"] == ["cobuilding.change_resource"]
    assert api_get(client, street, path).json()["actions"] == []


# ---- page and API refuse alike ----------------------------------------------------------------

@pytest.mark.parametrize(("role", "status"), [("street_admin", 403), ("staff_b", 404)])
def test_a_need_is_edited_under_one_rule_in_page_and_api(client, cobuilding, role, status):
    # given a need of A, and a street admin (sees it, may not change it) or B's staff
    need = cobuilding.need
    user = cobuilding.users[role]
    client.force_login(user)
    headers = {"Authorization": f"Bearer {api_token_create(user=user).token}"}
    # when they open the edit page, post it, and patch it through the API
    page = client.get(reverse("cobuilding:need_edit", args=[need.pk]))
    posted = client.post(reverse("cobuilding:need_edit", args=[need.pk]),
                         {"title": "改了", "category": "safety", "urgency": "medium"})
    patched = client.patch(f"/api/v1/cobuilding/needs/{need.pk}", {"title": "改了"},
                           content_type="application/json", headers=headers)
    # then all three answer alike, and nothing changed
    assert (page.status_code, posted.status_code, patched.status_code) == (status,) * 3
    assert fresh(Need, need.pk).title == "独居老人防诈骗宣传"


def test_a_finished_need_is_refused_alike_in_page_and_api(client, cobuilding):
    # given a done need
    need = cobuilding.need
    Need.objects.filter(pk=need.pk).update(status=NeedStatus.DONE)
    staff = cobuilding.users["staff_a"]
    client.force_login(staff)
    # when staff post the edit page and patch through the API
    page = client.post(reverse("cobuilding:need_edit", args=[need.pk]),
                       {"title": "改了", "category": "safety", "urgency": "medium"})
    patched = client.patch(f"/api/v1/cobuilding/needs/{need.pk}", {"title": "改了"},
                           content_type="application/json",
                           headers={"Authorization":
                                    f"Bearer {api_token_create(user=staff).token}"})
    # then the page shows the state's refusal on its form, the API answers 409; nothing changed
    assert page.status_code == 200 and "需求已完成或已关闭，不能修改。" in page.content.decode()
    assert patched.status_code == 409 and patched.json()["code"] == "need_closed"
    assert fresh(Need, need.pk).title == "独居老人防诈骗宣传"


# ---- the new API twins ------------------------------------------------------------------------

def test_the_api_hands_a_request_on_as_a_need_once(client, cobuilding):
    # given a resident's request in A
    case = reported(cobuilding)
    headers = {"Authorization":
               f"Bearer {api_token_create(user=cobuilding.users['staff_a']).token}"}
    path = f"/api/v1/cobuilding/needs/from-case/{case.pk}"
    # when staff hand it on through the API
    response = client.post(path, {"category": "safety"}, content_type="application/json",
                           headers=headers)
    # then the need is linked to the request, and lists what staff may do next
    assert response.status_code == 201
    body = response.json()
    need = Need.objects.get(pk=body["id"])
    assert (need.source_case_id, need.category, body["source_case_id"]) == (
        case.pk, "safety", case.pk)
    assert "cobuilding.propose_match" in body["actions"]
    # and a second hand-on is refused without a second need
    again = client.post(path, {}, content_type="application/json", headers=headers)
    assert again.status_code == 400 and again.json()["code"] == "already_converted"
    assert Need.objects.filter(source_case=case).count() == 1


def test_the_api_hand_on_refuses_outsiders_like_the_page(client, cobuilding):
    # given a request of A, and B's staff
    case = reported(cobuilding)
    outsider = cobuilding.users["staff_b"]
    client.force_login(outsider)
    # when they try through the page and the API
    page = client.post(reverse("cobuilding:need_from_case", args=[case.pk]), {})
    api = client.post(f"/api/v1/cobuilding/needs/from-case/{case.pk}", {},
                      content_type="application/json",
                      headers={"Authorization":
                               f"Bearer {api_token_create(user=outsider).token}"})
    # then both answer not found, and no need was made
    assert (page.status_code, api.status_code) == (404, 404)
    assert not Need.objects.filter(source_case=case).exists()
    assert Case.objects.filter(pk=case.pk).exists()


def test_the_lead_units_contact_reports_progress_through_the_api(client, cobuilding):
    # given a running project led by the bank
    project = Project.objects.create(community=cobuilding.community_a, title="防诈骗讲座",
                                     lead_unit=cobuilding.bank)
    contact = cobuilding.users["bank_contact"]
    headers = {"Authorization": f"Bearer {api_token_create(user=contact).token}"}
    path = f"/api/v1/cobuilding/projects/{project.pk}/reports"
    # when the bank's contact reports
    response = client.post(path, {"text": "第一场讲座完成"}, content_type="application/json",
                           headers=headers)
    # then the report is recorded as theirs
    assert response.status_code == 201
    report = ProgressReport.objects.get(pk=response.json()["id"])
    assert (report.project_id, report.text, report.author_id) == (
        project.pk, "第一场讲座完成", contact.pk)
    # and once the project is finished, the state refuses with the app's 409
    Project.objects.filter(pk=project.pk).update(status=ProjectStatus.FINISHED)
    late = client.post(path, {"text": "补记"}, content_type="application/json",
                       headers=headers)
    assert late.status_code == 409 and late.json()["code"] == "project_finished"
    assert ProgressReport.objects.filter(project=project).count() == 1


def test_a_street_admin_sees_a_project_but_may_not_report_on_it(client, cobuilding):
    # given a running project, and the street admin who sees it
    project = Project.objects.create(community=cobuilding.community_a, title="防诈骗讲座",
                                     lead_unit=cobuilding.bank)
    street = cobuilding.users["street_admin"]
    client.force_login(street)
    # when they post a report through the page and the API
    page = client.post(reverse("cobuilding:report_create", args=[project.pk]), {"text": "x"})
    api = client.post(f"/api/v1/cobuilding/projects/{project.pk}/reports", {"text": "x"},
                      content_type="application/json",
                      headers={"Authorization": f"Bearer {api_token_create(user=street).token}"})
    # then both say forbidden, and nothing was recorded
    assert (page.status_code, api.status_code) == (403, 403)
    assert not ProgressReport.objects.filter(project=project).exists()


def test_the_buttons_are_asked_of_rules_not_statuses():
    # the templates decide no button by a status string (issue 13)
    folder = Path(rules.__file__).parent / "templates" / "cobuilding"
    for name in ("need_detail.html", "project_detail.html", "unit_detail.html",
                 "agreement_detail.html"):
        text = (folder / name).read_text()
        assert not re.search(r"{% (?:el)?if [^%]*\.status ==[^%]*%}\s*(?:<details|<a|<form)",
                             text), name
