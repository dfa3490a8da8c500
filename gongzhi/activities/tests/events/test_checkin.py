"""The check-in code: a signed, expiring token over the activity and its key; expired,
forged and replaced codes change nothing."""

import datetime

import pytest
from django.core import signing

from gongzhi.activities.events import checkin, services
from gongzhi.activities.events.choices import ActivityStatus, SignUpStatus
from gongzhi.activities.events.models import SignUp
from gongzhi.activities.events.states import ActivityStatusRefused
from gongzhi.activities.tests.events.factories import activity_of, signup_of
from gongzhi.activities.tests.factories import at
from gongzhi.core.errors import NotFound

pytestmark = pytest.mark.django_db

SHOWN = at("2026-03-10", 8, 50)


def test_a_resident_signed_up_checks_in_with_the_code(world):
    activity = activity_of(world)
    signup = signup_of(activity, world.person_resident_a)
    token = checkin.token_for(activity, now=SHOWN)
    services.checkin_by_code(actor=world.users["resident_a"], token=token,
                             now=SHOWN + datetime.timedelta(minutes=5))
    signup.refresh_from_db()
    assert (signup.checked_in_at, signup.checked_in_by) == (
        SHOWN + datetime.timedelta(minutes=5), None)


def test_a_code_is_valid_for_the_setting_and_then_expires(world, settings):
    # given
    settings.ACTIVITIES_CHECKIN_CODE_MINUTES = 10
    activity = activity_of(world)
    signup = signup_of(activity, world.person_resident_a)
    token = checkin.token_for(activity, now=SHOWN)
    # when / then: at 10 minutes it still works, past them it does not
    assert checkin.read_token(token, now=SHOWN + datetime.timedelta(minutes=10)) == (
        activity.pk, activity.checkin_key)
    with pytest.raises(checkin.CheckinCodeExpired) as error:
        services.checkin_by_code(actor=world.users["resident_a"], token=token,
                                 now=SHOWN + datetime.timedelta(minutes=10, seconds=1))
    assert str(error.value.message) == "签到码已过期，请扫描现场展示的最新签到码。"
    signup.refresh_from_db()
    assert signup.checked_in_at is None


def test_a_forged_code_changes_nothing(world):
    activity = activity_of(world)
    signup = signup_of(activity, world.person_resident_a)
    token = checkin.token_for(activity, now=SHOWN)
    other = activity_of(world, title="另一个活动")
    forged = token.replace(f"{activity.pk}.", f"{other.pk}.", 1)
    unsigned = signing.Signer(salt="something else").sign(
        f"{activity.pk}.{activity.checkin_key}.{signing.b62_encode(int(SHOWN.timestamp()))}")
    for bad in (forged, unsigned, "garbage", token[:-2]):
        with pytest.raises(checkin.CheckinCodeInvalid):
            services.checkin_by_code(actor=world.users["resident_a"], token=bad, now=SHOWN)
    signup.refresh_from_db()
    assert signup.checked_in_at is None


def test_a_new_key_makes_old_codes_invalid(world):
    # given
    activity = activity_of(world)
    signup = signup_of(activity, world.person_resident_a)
    old = checkin.token_for(activity, now=SHOWN)
    # when
    services.activity_checkin_key_rotate(actor=world.users["staff_a"], activity=activity)
    # then
    with pytest.raises(checkin.CheckinCodeInvalid) as error:
        services.checkin_by_code(actor=world.users["resident_a"], token=old, now=SHOWN)
    assert "已更换" in str(error.value.message)
    signup.refresh_from_db()
    assert signup.checked_in_at is None
    activity.refresh_from_db()
    services.checkin_by_code(actor=world.users["resident_a"],
                             token=checkin.token_for(activity, now=SHOWN), now=SHOWN)
    signup.refresh_from_db()
    assert signup.checked_in_at == SHOWN


def test_a_walk_in_is_signed_up_and_checked_in_while_there_is_room(world):
    activity = activity_of(world, capacity=1)
    signup = services.checkin_by_code(actor=world.users["resident_a"],
                                      token=checkin.token_for(activity, now=SHOWN), now=SHOWN)
    assert (signup.status, signup.checked_in_at) == (SignUpStatus.CONFIRMED, SHOWN)


def test_a_walk_in_does_not_jump_a_full_list(world):
    activity = activity_of(world, capacity=1)
    signup_of(activity, world.person_a)
    with pytest.raises(services.ActivityFull):
        services.checkin_by_code(actor=world.users["resident_a"],
                                 token=checkin.token_for(activity, now=SHOWN), now=SHOWN)
    assert SignUp.objects.filter(person=world.person_resident_a).count() == 0


def test_someone_of_another_community_cannot_check_in_with_the_code(world):
    activity = activity_of(world, community=world.community_b)
    with pytest.raises(NotFound):
        services.checkin_by_code(actor=world.users["resident_a"],
                                 token=checkin.token_for(activity, now=SHOWN), now=SHOWN)
    assert SignUp.objects.count() == 0


def test_no_check_in_once_the_activity_is_done(world):
    activity = activity_of(world, status=ActivityStatus.DONE)
    signup = signup_of(activity, world.person_resident_a)
    with pytest.raises(ActivityStatusRefused):
        services.checkin_by_code(actor=world.users["resident_a"],
                                 token=checkin.token_for(activity, now=SHOWN), now=SHOWN)
    signup.refresh_from_db()
    assert signup.checked_in_at is None


def test_the_qr_code_is_an_inline_svg(world):
    svg = checkin.qr_svg("https://example.test/activities/checkin/abc/")
    assert svg.startswith('<svg role="img" class="gz-checkin-svg"')
    assert "<path" in svg and "mm" not in svg.split(">")[0]


def test_the_code_checks_in_from_an_hour_before_the_start_until_the_end(world):
    # given: 09:00-11:00
    activity = activity_of(world)
    signup = signup_of(activity, world.person_resident_a)
    resident = world.users["resident_a"]
    # when / then
    early = at("2026-03-10", 7, 59)
    with pytest.raises(services.OutsideCheckinTime) as error:
        services.checkin_by_code(actor=resident, token=checkin.token_for(activity, now=early),
                                 now=early)
    assert str(error.value.message) == "签到将于 03-10 08:00 开始。"
    late = at("2026-03-10", 11, 1)
    with pytest.raises(services.OutsideCheckinTime):
        services.checkin_by_code(actor=resident, token=checkin.token_for(activity, now=late),
                                 now=late)
    signup.refresh_from_db()
    assert signup.checked_in_at is None
    opening = at("2026-03-10", 8)
    services.checkin_by_code(actor=resident, token=checkin.token_for(activity, now=opening),
                             now=opening)
    signup.refresh_from_db()
    assert signup.checked_in_at == opening
