"""Given / when / then tests of the party services and selectors."""

import datetime
from decimal import Decimal

import pytest

from gongzhi.accounts.choices import Role
from gongzhi.accounts.tests.factories import user_with_role
from gongzhi.activities.rota import services as rota_services
from gongzhi.audit.models import AuditEntry
from gongzhi.core.errors import NotFound, ValidationFailed
from gongzhi.organisations.models import Member
from gongzhi.party import selectors, services
from gongzhi.party.tests.factories import party_of_a
from gongzhi.people.services import person_flags


def test_party_age_counts_whole_years_from_the_full_member_date():
    full_on = datetime.date(2000, 7, 1)
    assert services.party_age(full_on, datetime.date(2026, 6, 30)) == 25
    assert services.party_age(full_on, datetime.date(2026, 7, 1)) == 26
    assert services.party_age(None, datetime.date(2026, 7, 1)) is None
    assert services.party_age(datetime.date(2027, 1, 1), datetime.date(2026, 7, 1)) is None


def test_tree_nests_organisations_and_counts_members_below(world):
    party_of_a(world)
    root = world.users["superuser"]
    second = services.organisation_create(actor=root, kind="branch", name="甲第二支部",
                                          parent=world.committee_a)
    person = world.person_resident_a
    services.member_create(actor=root, person=person, status="probationary",
                           status_dates={"probationary_on": "2025-07-01"},
                           organisation=second)

    tree = selectors.organisation_tree(world.users["staff_a"], today=datetime.date(2026, 1, 1))

    # staff of community A do not see the street committee: the community committee is a root
    assert [n.organisation.name for n in tree] == ["甲社区党委"]
    committee = tree[0]
    assert [c.organisation.name for c in committee.children] == ["甲党支部", "甲第二支部"]
    assert committee.total_members == 2   # in-service members hold membership elsewhere
    branch = committee.children[0]
    assert branch.total_members == 1
    assert branch.children[0].organisation.name == "甲党小组"
    assert branch.children[0].group_total == 1
    assert [o.holder_name for o in branch.organisation.current_officers] == ["甲居民"]
    street_tree = selectors.organisation_tree(world.users["street_admin"],
                                              today=datetime.date(2026, 1, 1))
    assert [n.organisation.name for n in street_tree] == ["甲街党工委"]


def test_tree_hides_officers_whose_term_ended(world):
    party_of_a(world)
    services.officer_end_term(actor=world.users["staff_a"], officer=world.officer_a,
                              term_end=datetime.date(2025, 12, 31))
    tree = selectors.organisation_tree(world.users["staff_a"], today=datetime.date(2026, 1, 1))
    assert tree[0].children[0].organisation.current_officers == []


def test_a_group_cannot_sit_under_the_committee(world):
    party_of_a(world)
    with pytest.raises(ValidationFailed) as error:
        services.organisation_create(actor=world.users["staff_a"], kind="group", name="乱放的",
                                     parent=world.committee_a)
    assert "parent" in error.value.detail


def test_staff_of_another_community_cannot_add_an_organisation_here(world):
    party_of_a(world)
    with pytest.raises(NotFound):
        services.organisation_create(actor=world.users["staff_b"], kind="branch", name="外人的",
                                     parent=world.committee_a)


def test_status_is_stored_encrypted_and_sets_the_person_party_flag(world):
    party_of_a(world)
    member = Member.objects.get(pk=world.member_a.pk)
    assert "full" not in member.status_encrypted
    assert "1990" not in member.status_encrypted
    assert services.member_status(member) == {"status": "full",
                                              "full_on": datetime.date(1990, 7, 1)}
    assert "party_member" in person_flags(world.person_a.__class__.objects.get(
        pk=world.person_a.pk))
    # the audit trail says the status was set, never what it is
    entry = AuditEntry.objects.filter(target_type="organisations.member", action="create",
                                      target_id=str(member.pk)).get()
    assert entry.changes["after"]["status"] == "（已加密）"
    assert "1990" not in str(entry.changes)


def test_going_back_to_applicant_clears_the_person_party_flag(world):
    party_of_a(world)
    services.member_update(actor=world.users["staff_a"], member=world.member_a, data={},
                           status="applicant", status_dates={"applied_on": "2020-01-01"})
    person = world.person_a.__class__.objects.get(pk=world.person_a.pk)
    assert person_flags(person) == {"low_income"}


def test_status_dates_must_follow_each_other(world):
    party_of_a(world)
    with pytest.raises(ValidationFailed) as error:
        services.member_update(actor=world.users["staff_a"], member=world.member_a, data={},
                               status="probationary",
                               status_dates={"applied_on": "2021-01-01",
                                             "probationary_on": "2020-01-01"})
    assert "probationary_on" in error.value.detail
    assert services.member_status(Member.objects.get(pk=world.member_a.pk))["status"] == "full"


def test_one_member_per_person(world):
    party_of_a(world)
    with pytest.raises(ValidationFailed):
        services.member_create(actor=world.users["staff_a"], person=world.person_a,
                               status="applicant", status_dates={"applied_on": "2020-01-01"},
                               organisation=world.branch_a)
    assert Member.objects.filter(person=world.person_a).count() == 1


def test_reveal_needs_a_reason_and_permission_and_is_audited(world):
    party_of_a(world)
    secretary = world.users["secretary_a"]
    before = AuditEntry.objects.filter(action="read_sensitive").count()

    status = services.member_status_reveal(actor=secretary, member=world.member_a,
                                           reason="组织关系和党务工作")

    assert status["status"] == "full"
    assert status["full_on"] == datetime.date(1990, 7, 1)
    assert status["party_age"] is not None and status["party_age"] >= 35
    entry = AuditEntry.objects.filter(action="read_sensitive").latest("pk")
    assert (entry.target_type, entry.target_id, entry.changes, entry.reason) == (
        "organisations.member", str(world.member_a.pk), {"fields": ["status"]},
        "组织关系和党务工作")
    assert entry.actor == secretary
    assert AuditEntry.objects.filter(action="read_sensitive").count() == before + 1
    # a grid worker does not keep the roll: the member is not even there for them, and the
    # refused attempt is audited
    with pytest.raises(NotFound):
        services.member_status_reveal(actor=world.users["grid_a1"], member=world.member_a,
                                      reason="x")
    refused = AuditEntry.objects.filter(action="read_sensitive").latest("pk")
    assert (refused.actor, refused.outcome) == (world.users["grid_a1"], "failure")
    with pytest.raises(NotFound):
        services.member_status_reveal(actor=world.users["staff_b"], member=world.member_a,
                                      reason="x")
    assert AuditEntry.objects.filter(action="read_sensitive", outcome="success").count() == \
        before + 1
    assert AuditEntry.objects.filter(action="read_sensitive", outcome="failure").count() == 2


def test_partner_contact_and_resident_cannot_see_members(world):
    party_of_a(world)
    contact = user_with_role(Role.PARTNER_CONTACT, world.community_a, username="contact_a")
    for user in (contact, world.users["resident_a"], world.users["party_a"]):
        assert not selectors.member_list(user).exists()
        assert not selectors.organisation_list(user).exists()
        with pytest.raises(NotFound):
            services.member_status_reveal(actor=user, member=world.member_a, reason="x")


def confirmed(world, *, title, date, hours, work, member_user):
    """member_user takes the shift of a new members' post on `date`; staff confirm it."""
    post = rota_services.post_create(actor=world.users["staff_a"], community=world.community_a,
                                     title=title, open_to="members",
                                     shift=rota_services.one_shift(date=date, slots=3))
    signup = rota_services.shift_take(actor=member_user, shift=post.shifts.get())
    rota_services.signup_confirm(actor=world.users["staff_a"], signup=signup, work_done=work,
                                 hours=hours)
    return signup


def test_yearly_summary_adds_up_the_ledger_of_the_year_by_quarter(world, settings):
    settings.PARTY_YEARLY_MIN_HOURS = 3
    party_of_a(world)
    party = world.users["party_a"]
    rota_services.signup_confirm(actor=world.users["staff_a"], signup=world.shift_signup_a,
                                 work_done="巡查", hours="2")          # 2026-03-01: Q1
    confirmed(world, title="讲座", date=datetime.date(2026, 6, 1), hours="1.5", work="讲解",
              member_user=party)                                     # Q2
    confirmed(world, title="去年的", date=datetime.date(2025, 12, 31), hours="4", work="旧",
              member_user=party)                                     # another year

    summary = selectors.yearly_summary(world.users["staff_a"], year=2026)

    assert summary["totals"] == {
        "reported": 1, "shifts": 2, "hours": Decimal("3.5"),
        "quarters": [Decimal("2.0"), Decimal("1.5"), Decimal("0"), Decimal("0")],
        "below_minimum": 0}
    (unit,) = summary["units"]
    assert (unit.name, unit.reported, unit.active, unit.shifts, unit.hours, unit.quarters) == (
        "甲单位", 1, 1, 2, Decimal("3.5"),
        [Decimal("2.0"), Decimal("1.5"), Decimal("0"), Decimal("0")])
    assert [w[1:] for w in summary["members"][0].work] == [("甲岗位", "巡查"), ("讲座", "讲解")]
    assert selectors.yearly_summary(world.users["staff_a"], year=2025)["totals"]["hours"] == 4
    # another community's staff see none of A's members
    assert selectors.yearly_summary(world.users["staff_b"], year=2026)["totals"]["shifts"] == 0


def test_a_member_with_no_service_is_reported_below_the_minimum(world, settings):
    settings.PARTY_YEARLY_MIN_HOURS = 50
    party_of_a(world)
    summary = selectors.yearly_summary(world.users["staff_a"], year=2026)
    (row,) = summary["members"]
    assert (row.member, row.hours, row.shifts, row.below_minimum) == (
        world.in_service_a, Decimal("0"), 0, True)
    assert summary["min_hours"] == 50
