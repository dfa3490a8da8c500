
"""The party pages: masking, audited reveal, the claim flow, the summary and its export."""

import datetime
import io
from decimal import Decimal

import openpyxl
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.accounts.services import api_token_create
from gongzhi.audit.models import AuditEntry
from gongzhi.organisations.models import Member
from gongzhi.party import services
from gongzhi.party.models import Claim, Post
from gongzhi.party.tests.factories import party_of_a
from gongzhi.people import services as people_services


def test_member_list_masks_the_status(client, world):
    party_of_a(world)
    client.force_login(world.users["staff_a"])
    before = AuditEntry.objects.filter(action="read_sensitive").count()
    content = client.get(reverse("party:member_list")).content.decode()
    assert "甲居民" in content and "甲党员" in content
    assert "党员信息已隐藏" in content
    assert "正式党员" not in content and "1990" not in content
    assert AuditEntry.objects.filter(action="read_sensitive").count() == before


def test_member_list_filters_by_branch_kind_and_grid(client, world):
    party_of_a(world)
    client.force_login(world.users["staff_a"])
    url = reverse("party:member_list")
    by_branch = client.get(url, {"organisation": world.branch_a.pk}).content.decode()
    assert "甲居民" in by_branch and "甲党员" not in by_branch
    by_committee = client.get(url, {"organisation": world.committee_a.pk}).content.decode()
    assert "甲居民" in by_committee  # members of the branches below count for the committee
    by_kind = client.get(url, {"kind": "in_service"}).content.decode()
    assert "甲党员" in by_kind and "甲居民" not in by_kind
    by_grid = client.get(url, {"grid": world.grid_a2.pk}).content.decode()
    assert "甲党员" in by_grid and "甲居民" not in by_grid


def test_member_list_queries_do_not_grow_with_the_data(client, world):
    party_of_a(world)
    client.force_login(world.users["staff_a"])
    root = world.users["superuser"]

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("party:member_list")).status_code == 200
        return len(queries)

    def add(n, start):
        for i in range(n):
            person = people_services.person_create(actor=root, community=world.community_a,
                                                   name=f"党员{start + i}", sex="female")
            services.member_create(actor=root, person=person, status="full",
                                   status_dates={"full_on": "2000-07-01"},
                                   organisation=world.branch_a, group=world.group_a,
                                   grid=world.grid_a1)

    before = count()
    add(6, 0)
    assert count() == before
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("party:home"))
    tree_queries = len(queries)
    add(3, 10)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("party:home"))
    assert len(queries) == tree_queries


def test_reveal_shows_the_status_and_party_age_and_is_audited(client, world):
    party_of_a(world)
    client.force_login(world.users["secretary_a"])
    detail = client.get(reverse("party:member_detail", args=[world.member_a.pk])).content
    assert "党员信息已隐藏" in detail.decode() and "正式党员" not in detail.decode()

    response = client.post(reverse("party:member_reveal", args=[world.member_a.pk]),
                           {"reason": "party_work"}, headers={"HX-Request": "true"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "正式党员" in content and "1990-07-01" in content and "党龄" in content
    entry = AuditEntry.objects.filter(action="read_sensitive").latest("pk")
    assert (entry.target_type, entry.actor, entry.reason) == (
        "organisations.member", world.users["secretary_a"], "组织关系和党务工作")


def test_grid_worker_does_not_see_the_roll(client, world):
    """Being on the roll is party membership: only those who keep it see it (roles.py)."""
    party_of_a(world)
    client.force_login(world.users["grid_a1"])
    assert client.get(reverse("party:member_list")).status_code == 403
    assert client.get(reverse("party:member_detail",
                              args=[world.member_a.pk])).status_code == 404
    response = client.post(reverse("party:member_reveal", args=[world.member_a.pk]),
                           {"reason": "contact"})
    assert response.status_code == 404


def test_a_grid_worker_sees_how_many_claimed_a_post_but_not_who(client, world):
    # given a post of grid A1's community with one member's claim
    party_of_a(world)
    name = world.claim_a.member.person.name

    # when the grid worker opens the post, the claims list and tries to confirm the claim
    client.force_login(world.users["grid_a1"])
    page = client.get(reverse("party:post_detail", args=[world.post_a.pk]))
    listed = client.get("/api/v1/party/claims", headers={
        "Authorization": f"Bearer {api_token_create(user=world.users['grid_a1']).token}"})
    confirm = client.post(reverse("party:claim_confirm", args=[world.claim_a.pk]),
                          {"work_done": "巡逻", "hours": "2"})

    # then the count is there, the claimant's name nowhere, and the claim is unchanged
    assert page.status_code == 200
    assert 'data-testid="slots"' in page.content.decode()
    assert name not in page.content.decode()
    assert listed.json()["count"] == 0
    assert confirm.status_code == 404
    world.claim_a.refresh_from_db()
    assert world.claim_a.status == "claimed"


def test_staff_see_the_claimants_of_a_post(client, world):
    # given a post with one member's claim
    party_of_a(world)

    # when the community's staff open it
    client.force_login(world.users["staff_a"])
    page = client.get(reverse("party:post_detail", args=[world.post_a.pk])).content.decode()

    # then the claimant is listed with the confirmation form
    assert world.claim_a.member.person.name in page
    assert f'data-testid="confirm-{world.claim_a.pk}"' in page


def test_staff_register_an_in_service_member(client, world):
    party_of_a(world)
    client.force_login(world.users["staff_a"])
    url = reverse("party:member_register") + f"?person={world.person_resident_a.pk}"
    response = client.post(url, {
        "kind": "in_service", "status": "full", "full_on": "2012-07-01",
        "work_unit_name": "黄花小学", "unit_party_organisation": "黄花小学党支部",
        "skills": "教学辅导", "preferred_categories": ["culture", "hardship"],
        "grid": world.grid_a2.pk, "registered_on": "2026-02-01"})
    member = Member.objects.get(person=world.person_resident_a)
    assert response.status_code == 302
    assert (member.kind, member.work_unit_name, member.preferred_categories, member.grid) == (
        "in_service", "黄花小学", ["hardship", "culture"], world.grid_a2)
    assert services.member_status(member)["full_on"] == datetime.date(2012, 7, 1)


def test_my_party_page_shows_own_status_and_open_posts(client, world):
    party_of_a(world)
    client.force_login(world.users["party_a"])
    response = client.get(reverse("party:home"))
    assert response.status_code == 302 and response["Location"] == reverse("party:my_party")
    content = client.get(reverse("party:my_party")).content.decode()
    assert "正式党员" in content and "甲岗位" in content
    entry = AuditEntry.objects.filter(action="read_sensitive").latest("pk")
    assert (entry.actor, entry.reason) == (world.users["party_a"], "本人查看")
    assert client.get(reverse("party:member_list")).status_code == 403


def test_claim_and_confirm_through_the_pages(client, world):
    party_of_a(world)
    root = world.users["superuser"]
    post = services.post_create(actor=root, community=world.community_a, title="义诊协助",
                                category="health", date=datetime.date(2026, 4, 12), slots=3)
    client.force_login(world.users["party_a"])
    assert client.post(reverse("party:post_claim", args=[post.pk])).status_code == 302
    claim = Claim.objects.get(post=post)
    client.force_login(world.users["staff_a"])
    client.post(reverse("party:claim_confirm", args=[claim.pk]),
                {"work_done": "协助测血压", "hours": "3"})
    claim.refresh_from_db()
    assert (claim.status, claim.hours) == ("confirmed", Decimal("3.0"))


def _summary_world(world):
    party_of_a(world)
    staff = world.users["staff_a"]
    services.claim_confirm(actor=staff, claim=world.claim_a, work_done="巡查", hours="2")
    post = services.post_create(actor=staff, community=world.community_a, title="讲座",
                                category="legal", date=datetime.date(2026, 6, 1), slots=2)
    claim = services.post_claim(actor=world.users["party_a"], post=post)
    services.claim_confirm(actor=staff, claim=claim, work_done="法律咨询", hours="1.5")
    # a claim not yet confirmed counts for nothing
    post = services.post_create(actor=staff, community=world.community_a, title="未确认",
                                category="legal", date=datetime.date(2026, 7, 1), slots=2)
    services.post_claim(actor=world.users["party_a"], post=post)


def test_summary_page_and_xlsx_agree_with_the_numbers_by_hand(client, world):
    _summary_world(world)
    # by hand: 甲党员 of 甲单位, confirmed 2 h (巡查) + 1.5 h (法律咨询) in 2026 = 2 claims, 3.5 h
    client.force_login(world.users["secretary_a"])
    response = client.get(reverse("party:summary"), {"year": "2026"})
    assert response.context["totals"] == {"reported": 1, "claims": 2, "hours": Decimal("3.5")}
    content = response.content.decode()
    assert "甲单位" in content and "3.5" in content and "法律咨询" in content

    exported = client.post(reverse("party:summary_export"),
                           {"community": world.community_a.pk, "year": "2026",
                            "work_unit": "甲单位"})
    assert exported.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(exported.content))
    units = list(book["按单位"].iter_rows(min_row=3, values_only=True))
    assert units == [("甲单位", "甲单位党支部", 1, 1, 2, 3.5)]
    members = list(book["按党员"].iter_rows(min_row=2, values_only=True))
    assert [row[:2] + row[3:5] for row in members] == [("甲单位", "甲党员", 2, 3.5)]
    assert "法律咨询" in members[0][5]
    entry = AuditEntry.objects.filter(action="export").latest("pk")
    assert entry.changes["after"]["what"] == "party.summary"
    assert entry.changes["after"]["year"] == 2026 and entry.actor == world.users["secretary_a"]


def test_grid_worker_cannot_export_the_summary(client, world):
    _summary_world(world)
    client.force_login(world.users["grid_a1"])
    before = AuditEntry.objects.filter(action="export").count()
    response = client.post(reverse("party:summary_export"),
                           {"community": world.community_a.pk, "year": "2026"})
    assert response.status_code in (403, 404)
    assert AuditEntry.objects.filter(action="export").count() == before


def test_partner_contact_and_resident_see_no_party_pages(client, world):
    from gongzhi.accounts.choices import Role
    from gongzhi.accounts.tests.factories import user_with_role

    party_of_a(world)
    contact = user_with_role(Role.PARTNER_CONTACT, world.community_a, username="contact_a")
    for user in (contact, world.users["resident_a"]):
        client.force_login(user)
        assert client.get(reverse("party:member_list")).status_code == 403
        assert client.get(reverse("party:home")).status_code == 403
        assert client.get(reverse("party:member_detail",
                                  args=[world.member_a.pk])).status_code == 404
        assert client.get(reverse("party:summary")).status_code == 403
        assert f'href="{reverse("party:home")}"' not in client.get(
            reverse("workbench:home")).content.decode()


def test_staff_and_party_members_see_the_nav_entry(client, world):
    party_of_a(world)
    for name in ("staff_a", "party_a"):
        client.force_login(world.users[name])
        content = client.get(reverse("workbench:home")).content.decode()
        assert f'href="{reverse("party:home")}"' in content


def test_staff_add_a_group_appoint_an_officer_and_end_the_term(client, world):
    from gongzhi.organisations.models import Officer, Organisation

    party_of_a(world)
    client.force_login(world.users["secretary_a"])
    page = client.get(reverse("party:organisation_detail", args=[world.branch_a.pk]))
    assert "登记任职" in page.content.decode()
    client.post(reverse("party:organisation_create", args=[world.branch_a.pk]),
                {"kind": "group", "name": "甲第二小组"})
    group = Organisation.objects.get(name="甲第二小组")
    assert (group.parent, group.community) == (world.branch_a, world.community_a)
    client.post(reverse("party:officer_appoint", args=[world.branch_a.pk]),
                {"title": "publicity", "member": world.member_a.pk, "term_start": "2026-01-01"})
    officer = Officer.objects.get(title="publicity")
    assert officer.member == world.member_a and officer.term_end is None
    client.post(reverse("party:officer_end", args=[officer.pk]), {"term_end": "2026-06-30"})
    officer.refresh_from_db()
    assert officer.term_end == datetime.date(2026, 6, 30)


def test_grid_worker_cannot_change_the_tree(client, world):
    from gongzhi.organisations.models import Organisation

    party_of_a(world)
    client.force_login(world.users["grid_a1"])
    response = client.post(reverse("party:organisation_create", args=[world.branch_a.pk]),
                           {"kind": "group", "name": "网格员加的"})
    # they see the branch (party.view_organisation) but may not add to it: forbidden, as the
    # API answers (issue 13: 404 only for a row the actor cannot see)
    assert response.status_code == 403
    assert not Organisation.objects.filter(name="网格员加的").exists()


def test_a_request_is_published_as_a_volunteer_task_from_its_page(client, world):
    from gongzhi.casework import services as case_services
    from gongzhi.casework.tests.factories import category

    case = case_services.case_report(
        actor=world.users["resident_a"], category=category(world.community_a),
        building=world.building_a1, description="独居老人需要陪同就医，电话13800138001")
    client.force_login(world.users["staff_a"])
    case_url = reverse("casework:case_detail", kwargs={"pk": case.pk})
    assert 'data-testid="convert-to-post"' in client.get(case_url).content.decode()
    form_url = reverse("party:post_create") + f"?case={case.pk}"
    form_page = client.get(form_url).content.decode()
    assert 'data-testid="post-from-case"' in form_page and "13800138001" not in form_page
    response = client.post(form_url, {
        "community": world.community_a.pk, "case": case.pk, "title": "陪同老人就医",
        "category": "hardship", "description": "周三上午陪同就医", "place": "甲楼",
        "date": "2026-12-02", "slots": 1})
    assert response.status_code == 302, response.content.decode()[-3000:]
    post = Post.objects.get(source_case=case)
    assert response["Location"] == reverse("party:post_detail", kwargs={"pk": post.pk})
    page = client.get(case_url).content.decode()
    assert reverse("party:post_detail", kwargs={"pk": post.pk}) in page
    assert 'data-testid="convert-to-post"' not in page
    # another community's staff cannot publish it
    client.force_login(world.users["staff_b"])
    assert client.get(form_url).status_code == 404
    assert Post.objects.filter(source_case=case).count() == 1


def test_the_party_tabs_offer_the_roll_only_to_those_who_keep_it(client, world):
    party_of_a(world)
    client.force_login(world.users["district_admin"])
    page = client.get(reverse("party:home")).content.decode()
    assert reverse("party:member_list") not in page and reverse("party:summary") not in page
    client.force_login(world.users["staff_a"])
    page = client.get(reverse("party:home")).content.decode()
    assert reverse("party:member_list") in page and reverse("party:summary") in page
