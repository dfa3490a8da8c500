"""The activity pages: the residents' calendar and sign-up, the staff planner, attendance
with the probationary mark of a themed party day, the check-in code and the page it opens."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from gongzhi.accounts.services import api_token_create
from gongzhi.activities.events import checkin
from gongzhi.activities.events.choices import ActivityStatus, SignUpStatus
from gongzhi.activities.events.models import SignUp
from gongzhi.activities.tests.events.factories import activity_of, signup_of
from gongzhi.activities.tests.factories import at
from gongzhi.audit.choices import Action
from gongzhi.audit.models import AuditEntry
from gongzhi.core import crypto
from gongzhi.party.tests.factories import party_of_a

pytestmark = pytest.mark.django_db

TODAY = at("2026-03-05", 10)


@pytest.fixture
def clock():
    with time_machine.travel(TODAY, tick=False):
        yield


def test_the_calendar_groups_the_month_by_day_and_shows_my_sign_up(client, world, clock):
    # given
    mine = activity_of(world, title="义诊", starts_at=at("2026-03-10", 9))
    activity_of(world, title="讲座", starts_at=at("2026-03-10", 14))
    activity_of(world, title="内部筹备", status=ActivityStatus.DRAFT)
    activity_of(world, title="四月讲座", starts_at=at("2026-04-02", 9))
    signup_of(mine, world.person_resident_a)
    client.force_login(world.users["resident_a"])
    # when
    page = client.get(reverse("activities:calendar")).content.decode()
    # then
    assert page.count('data-testid="calendar-day"') == 1
    assert page.index("义诊") < page.index("讲座")
    assert "内部筹备" not in page and "四月讲座" not in page
    assert "已报名" in page
    mine_page = client.get(reverse("activities:calendar") + "?mine=1").content.decode()
    assert "义诊" in mine_page and "讲座" not in mine_page
    april = client.get(reverse("activities:calendar") + "?month=2026-04").content.decode()
    assert "四月讲座" in april


def test_a_resident_signs_up_from_the_activity_page(client, world, clock):
    activity = activity_of(world)
    client.force_login(world.users["resident_a"])
    page = client.get(reverse("activities:activity_detail", args=[activity.pk]))
    assert 'data-testid="join"' in page.content.decode()
    response = client.post(reverse("activities:activity_join", args=[activity.pk]))
    assert response.status_code == 302
    assert SignUp.objects.get().person == world.person_resident_a
    page = client.get(reverse("activities:activity_detail", args=[activity.pk])).content.decode()
    assert 'data-testid="cancel-signup"' in page and 'data-testid="join"' not in page


def test_a_resident_not_in_the_audience_reads_why(client, world, clock):
    activity = activity_of(world, audience="over_60")
    client.force_login(world.users["resident_a"])
    page = client.get(reverse("activities:activity_detail", args=[activity.pk])).content.decode()
    assert "本活动面向 60 岁以上居民（按活动当天计算），您暂不符合报名条件。" in page
    response = client.post(reverse("activities:activity_join", args=[activity.pk]),
                           follow=True)
    assert "60 岁以上" in response.content.decode()
    assert SignUp.objects.count() == 0


def test_the_planner_counts_signed_up_waiting_and_came(client, world, clock):
    activity = activity_of(world, capacity=1)
    signup_of(activity, world.person_resident_a, checked_in_at=at("2026-03-10", 9))
    signup_of(activity, world.person_a, status=SignUpStatus.WAITING)
    client.force_login(world.users["staff_a"])
    page = client.get(reverse("activities:planner")).content.decode()
    row = page[page.index('data-testid="planner-row"'):]
    assert ">1/1<" in row and ">1<" in row
    client.force_login(world.users["resident_a"])
    assert client.get(reverse("activities:planner")).status_code == 403


def test_the_party_day_marks_probationary_members_to_the_roll_keepers_and_audits(client,
                                                                                 world, clock):
    # given: 甲居民 becomes a probationary member
    party_of_a(world)
    world.member_a.status_encrypted = crypto.encrypt(
        '{"status": "probationary", "probationary_on": "2025-07-01"}')
    world.member_a.save(update_fields=["status_encrypted"])
    activity = activity_of(world, kind="party_day", title="主题党日")
    signup_of(activity, world.person_a)
    url = reverse("activities:attendance", args=[activity.pk])
    # when: the roll's keeper reads the list
    client.force_login(world.users["staff_a"])
    page = client.get(url).content.decode()
    # then
    assert 'data-testid="probationary"' in page
    assert AuditEntry.objects.filter(action=Action.READ_SENSITIVE,
                                     target_id=str(activity.pk)).count() == 1
    # a grid worker organises but holds no party.view_member: the list of members is refused
    client.force_login(world.users["grid_a1"])
    response = client.get(url)
    assert response.status_code == 403 and "甲居民" not in response.content.decode()
    assert AuditEntry.objects.filter(action=Action.READ_SENSITIVE).count() == 1


def test_the_attendance_list_is_the_organisers(client, world, clock):
    activity = activity_of(world)
    client.force_login(world.users["resident_a"])
    assert client.get(reverse("activities:attendance", args=[activity.pk])).status_code == 404


def test_staff_check_a_resident_in_from_the_list(client, world, clock):
    activity = activity_of(world)
    signup = signup_of(activity, world.person_a)
    client.force_login(world.users["staff_a"])
    client.post(reverse("activities:signup_action", args=[signup.pk, "staff_checkin"]),
                {"next": "attendance"})
    signup.refresh_from_db()
    assert (signup.checked_in_at, signup.checked_in_by) == (TODAY, world.users["staff_a"])


def test_the_code_page_shows_an_svg_qr_that_refreshes(client, world, clock):
    activity = activity_of(world)
    client.force_login(world.users["staff_a"])
    page = client.get(reverse("activities:checkin_code", args=[activity.pk])).content.decode()
    assert '<svg role="img" class="gz-checkin-svg"' in page
    assert 'hx-trigger="every 900s"' in page
    fragment = client.get(reverse("activities:checkin_code", args=[activity.pk]),
                          headers={"HX-Request": "true"}).content.decode()
    assert fragment.startswith('<div id="checkin-qr"')


def test_the_code_opens_the_check_in_page_and_checks_in(client, world, clock):
    activity = activity_of(world, starts_at=at("2026-03-05", 10, 30))
    signup = signup_of(activity, world.person_resident_a)
    url = reverse("activities:checkin", args=[checkin.token_for(activity, now=TODAY)])
    # not logged in: the login page first, then back here
    response = client.get(url)
    assert response.status_code == 302 and "next=" in response["Location"]
    client.force_login(world.users["resident_a"])
    page = client.get(url).content.decode()
    assert 'data-testid="checkin-button"' in page and "甲社区义诊" in page
    page = client.post(url).content.decode()
    assert 'data-testid="checked-in"' in page
    signup.refresh_from_db()
    assert signup.checked_in_at == TODAY


def test_the_organiser_opening_the_code_sees_what_it_is_and_checks_no_one_in(client, world,
                                                                           clock):
    # given the code of an activity with one resident signed up
    activity = activity_of(world, starts_at=at("2026-03-05", 10, 30))
    signup = signup_of(activity, world.person_resident_a)
    url = reverse("activities:checkin", args=[checkin.token_for(activity, now=TODAY)])
    # when its organiser opens it, then they read what it is and where to check people in
    client.force_login(world.users["staff_a"])
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="checkin-organiser"' in page and 'data-testid="checkin-button"' not in page
    assert reverse("activities:attendance", args=[activity.pk]) in page
    # and staff of another community are refused
    client.force_login(world.users["staff_b"])
    assert client.get(url).status_code == 403
    signup.refresh_from_db()
    assert signup.checked_in_at is None


def test_an_expired_code_says_so_and_changes_nothing(client, world, clock):
    activity = activity_of(world)
    signup = signup_of(activity, world.person_resident_a)
    url = reverse("activities:checkin", args=[checkin.token_for(
        activity, now=TODAY - datetime.timedelta(minutes=31))])
    client.force_login(world.users["resident_a"])
    response = client.post(url)
    assert response.status_code == 400
    assert "签到码已过期" in response.content.decode()
    signup.refresh_from_db()
    assert signup.checked_in_at is None


def test_staff_create_an_activity_on_the_page_and_publish_it(client, world, clock):
    from gongzhi.activities.events.models import Activity

    client.force_login(world.users["staff_a"])
    response = client.post(reverse("activities:activity_create"), {
        "community": world.community_a.pk, "title": "垃圾分类讲座", "kind": "talk",
        "place": "社区活动室", "starts_at": "2026-03-12T09:00", "ends_at": "2026-03-12T10:30",
        "capacity": "30", "audience": "everyone", "offer_hours": "24"})
    activity = Activity.objects.get()
    assert response["Location"] == reverse("activities:activity_detail", args=[activity.pk])
    assert (activity.starts_at, activity.status) == (at("2026-03-12", 9), ActivityStatus.DRAFT)
    client.post(reverse("activities:activity_action", args=[activity.pk, "publish"]))
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.PUBLISHED


def test_a_photo_of_the_day_is_served_only_to_those_who_see_the_activity(client, world,
                                                                          clock, settings,
                                                                          tmp_path):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    activity = activity_of(world, status=ActivityStatus.DONE)
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    client.force_login(world.users["staff_a"])
    client.post(reverse("activities:activity_action", args=[activity.pk, "photo"]), {
        "photo": SimpleUploadedFile("day.png", buffer.getvalue(), "image/png"),
        "caption": "量血压"})
    photo = activity.photos.get()
    assert (photo.caption, photo.content_type) == ("量血压", "image/png")
    client.force_login(world.users["resident_a"])
    assert client.get(reverse("activities:photo_file", args=[photo.pk])).status_code == 200
    client.force_login(world.users["staff_b"])
    assert client.get(reverse("activities:photo_file", args=[photo.pk])).status_code == 404


def test_a_party_days_names_are_read_only_by_those_who_keep_the_roll(client, world, clock):
    # given a themed party day with a member signed up
    party_of_a(world)
    activity = activity_of(world, kind="party_day", title="甲主题党日")
    signup_of(activity, world.person_a)
    url = reverse("activities:attendance", args=[activity.pk])
    api = f"/api/v1/activities/activities/{activity.pk}/signups"
    # when the grid worker, an organiser who may not read the roll, asks for the list
    client.force_login(world.users["grid_a1"])
    detail = client.get(reverse("activities:activity_detail", args=[activity.pk]))
    # then the page offers no list, and the list is refused by page and API alike
    assert 'data-testid="attendance-link"' not in detail.content.decode()
    assert client.get(url).status_code == 403
    token = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=world.users['grid_a1']).token}"}
    assert client.get(api, **token).status_code == 403
    # while staff, who keep the roll, read it
    client.force_login(world.users["staff_a"])
    assert "甲居民" in client.get(url).content.decode()
    token = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=world.users['staff_a']).token}"}
    assert client.get(api, **token).status_code == 200
