"""One rule per action of the rota: every action against every role (and, for posts and
sign-ups, every status), the privacy rule on who took a members-only post's shifts, the
services refusing as the rules say, and the pages showing exactly the buttons the API lists."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from gongzhi.accounts.services import api_token_create
from gongzhi.activities.rota import rules, services
from gongzhi.activities.rota.choices import PostStatus, ShiftSignUpStatus
from gongzhi.activities.rota.models import Post, ShiftSignUp
from gongzhi.activities.rota.states import PostClosed, PostStatusRefused, SignUpConfirmed
from gongzhi.activities.tests.factories import volunteer_of
from gongzhi.activities.volunteering.models import HoursEntry
from gongzhi.audit.models import AuditEntry
from gongzhi.casework import services as case_services
from gongzhi.casework.tests.factories import category
from gongzhi.core.actions import open_actions
from gongzhi.core.errors import NotFound, PermissionDenied
from gongzhi.party.tests.factories import party_of_a

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident_a", "party_a", "staff_a", "secretary_a", "grid_a1", "staff_b",
         "street_admin", "district_admin", "other_district_admin", "superuser"]
COMMUNITY_STAFF = {"staff_a", "secretary_a", "superuser"}
POST_MANAGERS = {"grid_a1", *COMMUNITY_STAFF}

# rule -> (the row it is asked about, the roles it is open to), written out here rather than
# read from the rules, so that a change of the role table shows up as a failing test. post_a
# is open to party members; party_a (in_service_a) took its shift (shift_signup_a); member_a
# has no login; resident_a is not on the roll.
EXPECTED = {
    "activities.take_shift": ("shift_a", {"party_a"}),
    "activities.assign_shift": ("shift_a", COMMUNITY_STAFF),
    "activities.change_shift_slots": ("shift_a", POST_MANAGERS),
    "activities.close_post": ("post_a", POST_MANAGERS),
    "activities.complete_post": ("post_a", POST_MANAGERS),
    "activities.reopen_post": ("post_a", set()),  # the post is open already
    "activities.add_shifts": ("post_a", POST_MANAGERS),
    # who took a members-only post's shifts is who is a party member: the roll keepers only
    "activities.view_shift_signups": ("post_a", COMMUNITY_STAFF),
    "activities.create_post": ("community_a", POST_MANAGERS),
    "activities.withdraw_shift": ("shift_signup_a", {"party_a"}),
    "activities.check_in_shift": ("shift_signup_a", {"party_a", *COMMUNITY_STAFF}),
    "activities.check_out_shift": ("shift_signup_a", set()),  # not checked in yet
    "activities.confirm_shift": ("shift_signup_a", COMMUNITY_STAFF),
    "activities.create_post_from_case": (None, POST_MANAGERS),
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
    # given the rules the rota registers, when compared with the table, then each is tested
    registered = {*rules.POST_ACTIONS, *rules.SHIFT_ACTIONS, *rules.SIGNUP_ACTIONS,
                  rules.CREATE_POST, rules.CREATE_POST_FROM_CASE}
    assert registered == set(EXPECTED)


@pytest.mark.parametrize("rule", list(EXPECTED))
def test_each_rule_by_role(party_world, rule):
    # given A's members' post, its shift taken by party_a, and every role
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


def test_on_a_post_open_to_any_volunteer_the_organisers_see_who_took_it(party_world):
    # given A's post open to any registered volunteer, its shift taken by a volunteer
    w = party_world
    post = services.post_create(actor=w.users["staff_a"], community=w.community_a,
                                title="楼道清扫", open_to="volunteers",
                                shift=services.one_shift(date=datetime.date(2026, 3, 2),
                                                         slots=2))
    signup = services.shift_assign(actor=w.users["staff_a"], shift=post.shifts.get(),
                                   volunteer=volunteer_of(w.person_resident_a))
    # when each role asks who may see the names and confirm
    seers = {role for role in ROLES if user_of(w, role).has_perm(rules.SEE_SIGNUPS, post)}
    confirmers = {role for role in ROLES if user_of(w, role).has_perm(rules.CONFIRM, signup)}
    # then the grid worker who organises it sees them too; the hours stay with staff
    assert seers == POST_MANAGERS
    assert confirmers == COMMUNITY_STAFF


# the status a post is in -> the status changes staff may make
POST_CHANGES = {
    PostStatus.OPEN: {"activities.close_post", "activities.complete_post"},
    PostStatus.CLOSED: {"activities.reopen_post", "activities.complete_post"},
    PostStatus.DONE: {"activities.reopen_post", "activities.close_post"},
}
LAID_OUT = {PostStatus.OPEN, PostStatus.CLOSED}


@pytest.mark.parametrize("status", PostStatus.values)
def test_post_actions_by_status(party_world, status):
    # given A's post in `status`
    w = party_world
    Post.objects.filter(pk=w.post_a.pk).update(status=status)
    post = Post.objects.get(pk=w.post_a.pk)
    shift = post.shifts.get()
    # when its manager and a member of A ask which actions are open
    staff = open_actions(w.users["grid_a1"], post, rules.POST_ACTIONS)
    member = open_actions(w.users["party_a"], shift, rules.SHIFT_ACTIONS)
    # then staff may make each change but to the status it is in, and add shifts until it is
    # done; a member takes a shift of an open post only
    assert set(staff) == POST_CHANGES[status] | (
        {"activities.add_shifts"} if status in LAID_OUT else set())
    assert member == (["activities.take_shift"] if status == PostStatus.OPEN else [])


@pytest.mark.parametrize("status", ShiftSignUpStatus.values)
def test_signup_actions_by_status(party_world, status):
    # given party_a's sign-up in `status`
    w = party_world
    ShiftSignUp.objects.filter(pk=w.shift_signup_a.pk).update(
        status=status, hours=2, confirmed_at=datetime.datetime.now(datetime.UTC))
    signup = ShiftSignUp.objects.get(pk=w.shift_signup_a.pk)
    # when the member and the organiser ask
    member = open_actions(w.users["party_a"], signup, rules.SIGNUP_ACTIONS)
    staff = open_actions(w.users["staff_a"], signup, rules.SIGNUP_ACTIONS)
    # then a sign-up is checked in, withdrawn or confirmed only while it is not confirmed
    taken = status == ShiftSignUpStatus.TAKEN
    assert member == (["activities.check_in_shift", "activities.withdraw_shift"] if taken
                      else [])
    assert staff == (["activities.check_in_shift", "activities.confirm_shift"] if taken
                     else [])


# ---- the services refuse as the rules say --------------------------------------------------

def test_a_post_set_to_its_own_status_is_refused_as_a_conflict(party_world):
    w = party_world
    with pytest.raises(PostStatusRefused) as error:
        services.post_set_status(actor=w.users["staff_a"], post=w.post_a, status="open")
    assert (error.value.status, error.value.code) == (409, "post_status_refused")
    assert not AuditEntry.objects.filter(target_type="activities.post",
                                         action="update").exists()


@pytest.mark.parametrize(("username", "error"), [("staff_b", NotFound),
                                                  ("party_a", PermissionDenied)])
def test_a_post_status_is_refused_by_who_may_see_it(party_world, username, error):
    # given an outsider of A, and a member of A who sees the post but may not manage it
    w = party_world
    with pytest.raises(error):
        services.post_set_status(actor=w.users[username], post=w.post_a, status="closed")
    w.post_a.refresh_from_db()
    assert w.post_a.status == PostStatus.OPEN


def test_a_closed_post_refuses_sign_ups_with_a_conflict(party_world):
    # given A's post, closed, and a member of A who no longer has its shift
    w = party_world
    services.signup_withdraw(actor=w.users["party_a"], signup=w.shift_signup_a)
    services.post_set_status(actor=w.users["staff_a"], post=w.post_a, status="closed")
    # when the member takes the shift
    with pytest.raises(PostClosed) as error:
        services.shift_take(actor=w.users["party_a"], shift=w.shift_a)
    # then the state forbids it, and nobody is on the shift
    assert (error.value.status, error.value.code) == (409, "post_closed")
    assert not ShiftSignUp.objects.filter(shift=w.shift_a).exists()


def test_a_confirmed_sign_up_can_be_neither_confirmed_again_nor_withdrawn(party_world):
    w = party_world
    services.signup_confirm(actor=w.users["staff_a"], signup=w.shift_signup_a, work_done="巡逻",
                            hours="2")
    with pytest.raises(SignUpConfirmed) as again:
        services.signup_confirm(actor=w.users["staff_a"], signup=w.shift_signup_a,
                                work_done="又巡逻", hours="3")
    with pytest.raises(SignUpConfirmed) as withdrawn:
        services.signup_withdraw(actor=w.users["party_a"], signup=w.shift_signup_a)
    # then both are state conflicts; the confirmation and its one ledger row stand
    assert (again.value.status, withdrawn.value.status) == (409, 409)
    signup = ShiftSignUp.objects.get(pk=w.shift_signup_a.pk)
    assert (signup.work_done, str(signup.hours)) == ("巡逻", "2.0")
    assert [str(e.hours) for e in HoursEntry.objects.filter(shift_signup=signup)] == ["2.0"]


# ---- pages and the API agree ---------------------------------------------------------------

POST_BUTTONS = {"activities.close_post": 'data-testid="close-post"',
                "activities.complete_post": 'data-testid="complete-post"',
                "activities.reopen_post": 'data-testid="reopen-post"',
                "activities.add_shifts": 'data-testid="add-shift"'}


@pytest.mark.parametrize(("role", "status", "expected"), [
    ("staff_a", PostStatus.OPEN, {"activities.close_post", "activities.complete_post",
                                  "activities.add_shifts"}),
    ("grid_a1", PostStatus.CLOSED, {"activities.reopen_post", "activities.complete_post",
                                    "activities.add_shifts"}),
    ("party_a", PostStatus.OPEN, set()),
    ("street_admin", PostStatus.OPEN, set()),
])
def test_the_post_page_shows_the_buttons_the_api_lists(client, party_world, role, status,
                                                       expected):
    w = party_world
    Post.objects.filter(pk=w.post_a.pk).update(status=status)
    user = w.users[role]
    client.force_login(user)
    page = client.get(reverse("activities:post_detail", args=[w.post_a.pk])).content.decode()
    body = client.get(f"/api/v1/activities/posts/{w.post_a.pk}", headers=headers(user)).json()
    shown = {rule for rule, marker in POST_BUTTONS.items() if marker in page}
    assert shown == expected
    assert set(body["actions"]) - {"activities.view_shift_signups"} == expected


def test_a_member_reads_the_actions_of_their_shift_and_sign_up(client, party_world):
    # given party_a, who took A's shift
    w = party_world
    auth = headers(w.users["party_a"])
    # when they read the post and take a shift of another members' post
    post = client.get(f"/api/v1/activities/posts/{w.post_a.pk}", headers=auth).json()
    other = services.post_create(actor=w.users["staff_a"], community=w.community_a,
                                 title="乙岗位", open_to="members",
                                 shift=services.one_shift(date=datetime.date(2026, 4, 1),
                                                          slots=1))
    taken = client.post(f"/api/v1/activities/shifts/{other.shifts.get().pk}/signups",
                        headers=auth)
    # then their own sign-up shows on the shift, and the new one may be checked in or withdrawn
    assert post["actions"] == []
    assert post["shifts"][0]["own_signup_id"] == w.shift_signup_a.pk
    assert taken.status_code == 201
    assert taken.json()["actions"] == ["activities.check_in_shift",
                                       "activities.withdraw_shift"]


def test_a_member_who_sees_a_post_is_forbidden_its_status_on_the_page_as_in_the_api(
        client, party_world):
    w = party_world
    client.force_login(w.users["party_a"])
    page = client.post(reverse("activities:post_action", args=[w.post_a.pk, "status"]),
                       {"status": "closed"})
    api = client.post(f"/api/v1/activities/posts/{w.post_a.pk}/status", {"status": "closed"},
                      content_type="application/json", headers=headers(w.users["party_a"]))
    assert (page.status_code, api.status_code) == (403, 403)
    w.post_a.refresh_from_db()
    assert w.post_a.status == PostStatus.OPEN


def test_volunteers_see_the_posts_open_to_them_and_staff_see_all(party_world):
    # given A's members' post (post_a), a post for any volunteer, and one for the bank's staff
    from gongzhi.activities.rota.rules import visible_posts
    from gongzhi.organisations.models import PartnerUnit

    w = party_world
    bank = PartnerUnit.objects.create(community=w.community_a, name="甲银行", kind="bank")
    for_all = services.post_create(actor=w.users["staff_a"], community=w.community_a,
                                   title="楼道清扫", open_to="volunteers",
                                   shift=services.one_shift(date=datetime.date(2026, 3, 2),
                                                            slots=2))
    for_bank = services.post_create(actor=w.users["staff_a"], community=w.community_a,
                                    title="银行志愿岗", open_to="partner_staff", unit=bank,
                                    shift=services.one_shift(date=datetime.date(2026, 3, 2),
                                                             slots=2))
    # when each reads the posts
    seen = {role: set(visible_posts(user_of(w, role)).values_list("pk", flat=True))
            for role in ROLES}
    # then staff of A and above see all three, a member of A the members' and the open one,
    # a resident the open one; outsiders none
    everything = {w.post_a.pk, for_all.pk, for_bank.pk}
    assert {role for role, posts in seen.items() if posts == everything} == {
        "staff_a", "secretary_a", "grid_a1", "street_admin", "district_admin", "superuser"}
    assert seen["party_a"] == {w.post_a.pk, for_all.pk}
    assert seen["resident_a"] == {for_all.pk}
    assert seen["staff_b"] == seen["other_district_admin"] == seen["anonymous"] == set()
