"""The rota's pages: the post list and its to-confirm queue, the post page within the privacy
rule, taking and confirming through the pages, the rota template with its preview, my shifts,
a request published as a volunteer task, and party's old addresses."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from gongzhi.accounts.services import api_token_create
from gongzhi.activities.rota import services
from gongzhi.activities.rota.models import Post, ShiftSignUp
from gongzhi.activities.tests.factories import post_in, shift_of, taken, volunteer_of
from gongzhi.activities.volunteering.models import HoursEntry
from gongzhi.party.tests.factories import party_of_a

pytestmark = pytest.mark.django_db


def test_a_grid_worker_sees_how_many_took_a_members_post_but_not_who(client, world):
    # given a members' post of grid A1's community with one member's sign-up
    party_of_a(world)
    name = world.shift_signup_a.volunteer.display_name
    # when the grid worker opens the post, the sign-ups list and tries to confirm
    client.force_login(world.users["grid_a1"])
    page = client.get(reverse("activities:post_detail", args=[world.post_a.pk]))
    listed = client.get("/api/v1/activities/shift-signups", headers={
        "Authorization": f"Bearer {api_token_create(user=world.users['grid_a1']).token}"})
    confirm = client.post(reverse("activities:shift_signup_action",
                                  args=[world.shift_signup_a.pk, "confirm"]),
                          {"work_done": "巡逻", "hours": "2"})
    # then the count is there, the member's name nowhere, and the sign-up is unchanged
    content = page.content.decode()
    assert page.status_code == 200
    assert f'data-testid="shift-fill-{world.shift_a.pk}"' in content and "1/2" in content
    assert name not in content
    assert listed.json()["count"] == 0
    assert confirm.status_code == 404
    world.shift_signup_a.refresh_from_db()
    assert world.shift_signup_a.status == "taken"


def test_staff_see_who_took_the_shift_with_the_confirmation_form(client, world):
    party_of_a(world)
    client.force_login(world.users["staff_a"])
    page = client.get(reverse("activities:post_detail", args=[world.post_a.pk])).content.decode()
    assert world.shift_signup_a.volunteer.display_name in page
    assert f'data-testid="confirm-{world.shift_signup_a.pk}"' in page


def test_take_and_confirm_through_the_pages(client, world):
    party_of_a(world)
    post = services.post_create(actor=world.users["superuser"], community=world.community_a,
                                title="义诊协助", category="health", open_to="members",
                                shift=services.one_shift(date=datetime.date(2026, 4, 12),
                                                         start_time=datetime.time(9),
                                                         end_time=datetime.time(12), slots=3))
    shift = post.shifts.get()
    client.force_login(world.users["party_a"])
    page = client.get(reverse("activities:post_detail", args=[post.pk])).content.decode()
    assert f'data-testid="take-{shift.pk}"' in page
    response = client.post(reverse("activities:shift_action", args=[shift.pk, "take"]))
    assert response.status_code == 302
    signup = ShiftSignUp.objects.get(shift=shift)
    page = client.get(reverse("activities:post_detail", args=[post.pk])).content.decode()
    assert f'data-testid="own-signup-{shift.pk}"' in page
    assert f'data-testid="take-{shift.pk}"' not in page
    client.force_login(world.users["staff_a"])
    page = client.get(reverse("activities:post_detail", args=[post.pk])).content.decode()
    assert 'value="3.0"' in page          # prefilled with the shift's length
    client.post(reverse("activities:shift_signup_action", args=[signup.pk, "confirm"]),
                {"work_done": "协助测血压", "hours": "3"})
    signup.refresh_from_db()
    assert (signup.status, signup.hours) == ("confirmed", Decimal("3.0"))
    assert HoursEntry.objects.get(shift_signup=signup).hours == Decimal("3.0")


def test_the_list_filters_and_the_to_confirm_queue(client, world):
    party_of_a(world)
    services.post_create(actor=world.users["staff_a"], community=world.community_a,
                         title="夜间巡逻", kind="patrol", open_to="volunteers",
                         shift=services.one_shift(date=datetime.date(2099, 1, 1), slots=2))
    client.force_login(world.users["staff_a"])
    url = reverse("activities:post_list")
    patrols = client.get(url, {"kind": "patrol"}).content.decode()
    members = client.get(url, {"open_to": "members"}).content.decode()
    queue = client.get(url, {"to_confirm": "1"})
    assert "夜间巡逻" in patrols and "甲岗位" not in patrols
    assert "甲岗位" in members and "夜间巡逻" not in members
    # the queue: the world's post (its day has come, its sign-up waits) and not the future one
    assert [post.title for post in queue.context["page"]] == ["甲岗位"]
    assert 'data-testid="post-queue"' in queue.content.decode()


def test_staff_preview_a_rota_then_publish_it(client, world):
    client.force_login(world.users["staff_a"])
    url = reverse("activities:post_create")
    data = {"community": world.community_a.pk, "title": "小区东门卡点", "kind": "checkpoint",
            "category": "safety", "open_to": "volunteers", "layout": "rota", "slots": 2,
            "first_day": "2026-03-01", "days": 14, "starts": "00:00，08:00, 16:00", "hours": 8}
    preview = client.post(url, {**data, "preview": "1"})
    assert preview.status_code == 200
    assert len(preview.context["preview"]) == 42
    assert 'data-testid="rota-preview-list"' in preview.content.decode()
    assert not Post.objects.exists()
    published = client.post(url, data)
    post = Post.objects.get()
    assert published["Location"] == reverse("activities:post_detail", args=[post.pk])
    assert (post.kind, post.shifts.count(), post.rota["starts"]) == (
        "checkpoint", 42, ["00:00", "08:00", "16:00"])


def test_a_rota_that_overlaps_is_shown_back_with_the_error(client, world):
    client.force_login(world.users["staff_a"])
    response = client.post(reverse("activities:post_create"), {
        "community": world.community_a.pk, "title": "卡点", "kind": "checkpoint",
        "category": "safety", "open_to": "volunteers", "layout": "rota", "slots": 2,
        "first_day": "2026-03-01", "days": 2, "starts": "00:00, 06:00", "hours": 8})
    assert response.status_code == 200
    assert "班次之间有重叠" in response.content.decode()
    assert not Post.objects.exists()


def test_my_shifts_offers_check_in_and_the_posts_open_to_me(client, world):
    # given a resident volunteer on today's untimed task, and an open post for volunteers
    volunteer_of(world.person_resident_a)
    today = timezone.localdate()
    post = services.post_create(actor=world.users["staff_a"], community=world.community_a,
                                title="楼道清扫", open_to="volunteers",
                                shift=services.one_shift(date=today, slots=2))
    other = services.post_create(actor=world.users["staff_a"], community=world.community_a,
                                 title="陪护老人", kind="escort", open_to="volunteers",
                                 shift=services.one_shift(date=today, slots=2))
    members_only = services.post_create(actor=world.users["staff_a"],
                                        community=world.community_a, title="党员先锋岗",
                                        open_to="members",
                                        shift=services.one_shift(date=today, slots=2))
    signup = services.shift_take(actor=world.users["resident_a"], shift=post.shifts.get())
    client.force_login(world.users["resident_a"])
    page = client.get(reverse("activities:my_shifts"))
    content = page.content.decode()
    assert page.context["upcoming"] == [signup]
    assert f'data-testid="check-in-{signup.pk}"' in content
    assert [p.pk for p in page.context["open_posts"]] == [post.pk, other.pk]
    assert members_only.title not in content
    response = client.post(reverse("activities:shift_signup_action", args=[signup.pk, "check_in"]),
                           {"next": "mine"})
    assert response["Location"] == reverse("activities:my_shifts")
    signup.refresh_from_db()
    assert signup.checked_in_at is not None


def test_a_request_is_published_as_a_volunteer_task_from_its_page(client, world):
    from gongzhi.casework import services as case_services
    from gongzhi.casework.tests.factories import category

    case = case_services.case_report(
        actor=world.users["resident_a"], category=category(world.community_a),
        building=world.building_a1, description="独居老人需要陪同就医，电话13800138001")
    client.force_login(world.users["staff_a"])
    case_url = reverse("casework:case_detail", kwargs={"pk": case.pk})
    assert 'data-testid="convert-to-post"' in client.get(case_url).content.decode()
    form_url = reverse("activities:post_create") + f"?case={case.pk}"
    form_page = client.get(form_url).content.decode()
    assert 'data-testid="post-from-case"' in form_page and "13800138001" not in form_page
    response = client.post(form_url, {
        "community": world.community_a.pk, "case": case.pk, "title": "陪同老人就医",
        "kind": "escort", "category": "hardship", "open_to": "volunteers",
        "description": "周三上午陪同就医", "place": "甲楼", "layout": "one",
        "date": "2026-12-02", "slots": 1})
    assert response.status_code == 302, response.content.decode()[-3000:]
    post = Post.objects.get(source_case=case)
    assert response["Location"] == reverse("activities:post_detail", kwargs={"pk": post.pk})
    page = client.get(case_url).content.decode()
    assert reverse("activities:post_detail", kwargs={"pk": post.pk}) in page
    assert 'data-testid="convert-to-post"' not in page
    client.force_login(world.users["staff_b"])
    assert client.get(form_url).status_code == 404
    assert Post.objects.filter(source_case=case).count() == 1


def test_partys_old_post_addresses_move_permanently(client, world):
    party_of_a(world)
    client.force_login(world.users["staff_a"])
    listing = client.get("/party/posts/")
    detail = client.get(f"/party/posts/{world.post_a.pk}/")
    assert (listing.status_code, listing["Location"]) == (301, reverse("activities:post_list"))
    assert (detail.status_code, detail["Location"]) == (
        301, reverse("activities:post_detail", args=[world.post_a.pk]))


def test_shifts_gone_by_with_nothing_to_confirm_fold_away(client, world):
    # given a post with a shift settled last week, one last week still to confirm, and one ahead
    today = timezone.localdate()
    post = post_in(world.community_a, world.users["superuser"], title="长期值守")
    settled = shift_of(post, date=today - datetime.timedelta(days=7), slots=1)
    pending = shift_of(post, date=today - datetime.timedelta(days=6), slots=1)
    ahead = shift_of(post, date=today + datetime.timedelta(days=1), slots=1)
    volunteer = volunteer_of(world.person_resident_a)
    taken(settled, volunteer, status="confirmed", hours=2, confirmed_at=timezone.now(),
          confirmed_by=world.users["staff_a"])
    taken(pending, volunteer)
    assert ShiftSignUp.objects.count() == 2
    # when staff open it
    client.force_login(world.users["staff_a"])
    response = client.get(reverse("activities:post_detail", args=[post.pk]))
    # then the settled shift is folded, the one to confirm and the one ahead are not
    assert [s.pk for s in response.context["current_shifts"]] == [pending.pk, ahead.pk]
    assert [s.pk for s in response.context["settled_shifts"]] == [settled.pk]
    assert 'data-testid="settled-shifts"' in response.content.decode()
