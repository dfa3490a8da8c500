"""One rule per action on a request: every action against every status and every role (the
adhocracy+ way), and the request's page showing exactly the buttons the API lists."""

import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from gongzhi.accounts.services import api_token_create
from gongzhi.casework import rules, services
from gongzhi.casework.choices import Status
from gongzhi.casework.models import Case
from gongzhi.casework.tests.factories import category
from gongzhi.core.actions import open_actions

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident_a", "staff_a", "secretary_a", "grid_a1", "staff_b",
         "street_admin", "district_admin", "other_district_admin", "superuser"]
DISPATCHERS = {"staff_a", "secretary_a", "superuser"}

# rule -> (the statuses it is open in, the roles it is open to), written out here rather than
# read from casework/states.py, so that a change of the table shows up as a failing test.
# resident_a reported the request; grid_a1 is its handler.
EXPECTED = {
    "casework.dispatch_case": ({"new", "returned", "reopened"}, DISPATCHERS),
    "casework.accept_case": ({"dispatched", "reopened"}, {"grid_a1"}),
    "casework.return_case": ({"dispatched"}, {"grid_a1"}),
    "casework.escalate_case": ({"new", "dispatched", "returned", "accepted", "reopened"},
                               DISPATCHERS),
    "casework.extend_case": ({"accepted"}, {"grid_a1"}),
    "casework.answer_case": ({"accepted"}, {"grid_a1"}),
    "casework.follow_up_case": ({"answered"}, {"resident_a", *DISPATCHERS}),
    "casework.mark_unreasonable_case": ({"accepted", "answered", "reopened"}, DISPATCHERS),
    "casework.review_case": ({"review"}, {"street_admin", "superuser"}),
    "casework.merge_case": ({"new", "dispatched", "returned"}, DISPATCHERS),
}


def reported(world, description="顶楼天花板漏水"):
    """A roof leak that resident_a reported in building a1 (grid a1)."""
    return services.case_report(actor=world.users["resident_a"],
                                category=category(world.community_a),
                                building=world.building_a1, description=description)


def set_status(case, status) -> Case:
    Case.objects.filter(pk=case.pk).update(status=status, handler=case.handler_id,
                                           due_at=timezone.now() + datetime.timedelta(days=3))
    return Case.objects.get(pk=case.pk)


def user_of(world, role):
    return world.users[role] or AnonymousUser()


def test_the_rules_are_the_actions_of_a_request():
    assert set(rules.CASE_ACTIONS) == set(EXPECTED)


@pytest.mark.parametrize("rule", list(EXPECTED))
def test_each_rule_by_status_and_role(world, rule):
    # given a request handled by grid_a1, and every role
    case = reported(world)
    Case.objects.filter(pk=case.pk).update(handler=world.users["grid_a1"])
    case.refresh_from_db()
    statuses, roles = EXPECTED[rule]
    answers, expected = {}, {}
    for status in Status.values:
        # when the request is in `status`
        case = set_status(case, status)
        for role in ROLES:
            user = user_of(world, role)
            # then the template's question and the API's list agree on the answer
            allowed = user.has_perm(rule, case)
            assert allowed == (rule in open_actions(user, case, [rule])), (status, role)
            answers[status, role] = allowed
            expected[status, role] = status in statuses and role in roles
    assert {key for key, value in answers.items() if value} == {
        key for key, value in expected.items() if value}


def test_a_request_is_escalated_once(world):
    # given a request the community has escalated to the street
    case = set_status(reported(world), Status.DISPATCHED)
    staff = world.users["staff_a"]
    assert staff.has_perm("casework.escalate_case", case)
    services.case_escalate(actor=staff, case=case, note="需要街道协调")
    # when staff ask again, then the rule is closed and the service refuses with the reason
    case.refresh_from_db()
    assert not staff.has_perm("casework.escalate_case", case)
    with pytest.raises(services.TransitionRefused, match="已上报街道"):
        services.case_escalate(actor=staff, case=case, note="再吹一次")


def page_actions(client, case) -> set[str]:
    """The actions whose forms the request's page shows."""
    html = client.get(reverse("casework:case_detail", args=[case.pk])).content.decode()
    pattern = re.escape(reverse("casework:case_action", args=[case.pk, "ACTION"])).replace(
        "ACTION", r"(\w+)")
    return {rules.case_action_rule(action) for action in re.findall(pattern, html)}


def api_actions(client, user, case) -> set[str]:
    headers = {"Authorization": f"Bearer {api_token_create(user=user).token}"}
    response = client.get(f"/api/v1/casework/cases/{case.pk}", headers=headers)
    assert response.status_code == 200
    return set(response.json()["actions"])


SCENARIOS = [
    ("staff_a", Status.NEW, {"casework.dispatch_case", "casework.escalate_case",
                             "casework.merge_case"}),
    ("grid_a1", Status.DISPATCHED, {"casework.accept_case", "casework.return_case"}),
    ("grid_a1", Status.ACCEPTED, {"casework.answer_case", "casework.extend_case"}),
    ("staff_a", Status.ACCEPTED, {"casework.escalate_case", "casework.mark_unreasonable_case"}),
    ("resident_a", Status.ANSWERED, {"casework.follow_up_case"}),
    ("secretary_a", Status.ANSWERED, {"casework.follow_up_case",
                                      "casework.mark_unreasonable_case"}),
    ("street_admin", Status.REVIEW, {"casework.review_case"}),
    ("superuser", Status.CLOSED, set()),
    ("superuser", Status.RETURNED, {"casework.dispatch_case", "casework.escalate_case",
                                    "casework.merge_case"}),
]


@pytest.mark.parametrize(("role", "status", "expected"), SCENARIOS)
def test_the_page_shows_exactly_the_buttons_the_api_lists(client, world, role, status,
                                                          expected):
    # given a request handled by grid_a1, with a likely duplicate (so that merge can show)
    reported(world, description="顶楼天花板又漏水了")
    case = reported(world)
    Case.objects.filter(pk=case.pk).update(handler=world.users["grid_a1"])
    case = set_status(Case.objects.get(pk=case.pk), status)
    user = world.users[role]
    # when the user opens its page and asks the API about it
    client.force_login(user)
    shown = page_actions(client, case)
    listed = api_actions(client, user, case)
    # then both offer the same actions, and exactly those the rules open
    assert shown == listed == expected
