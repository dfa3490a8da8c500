"""The state machine: every allowed and refused transition, by role; nothing moves without a
record."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from gongzhi.casework import services
from gongzhi.casework.choices import Channel, Status, StepAction
from gongzhi.casework.models import Case, CasePhoto, CaseStep
from gongzhi.casework.states import ALLOWED_FROM, TransitionRefused
from gongzhi.casework.tests.factories import category, png
from gongzhi.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed

pytestmark = pytest.mark.django_db


def reported(world, **extra):
    """A roof leak that resident_a reported in building a1 (grid a1)."""
    return services.case_report(actor=world.users["resident_a"],
                                category=category(world.community_a),
                                building=world.building_a1, description="顶楼天花板漏水",
                                **extra)


def call(action, *, actor, case, world):
    """Run one action with valid arguments."""
    if action == StepAction.DISPATCH:
        return services.case_dispatch(actor=actor, case=case, handler=world.users["grid_a1"])
    if action == StepAction.ACCEPT:
        return services.case_accept(actor=actor, case=case)
    if action == StepAction.RETURN:
        return services.case_return(actor=actor, case=case, note="不属于我的网格")
    if action == StepAction.ESCALATE:
        return services.case_escalate(actor=actor, case=case, note="需要街道协调")
    if action == StepAction.EXTEND:
        return services.case_extend(actor=actor, case=case, days=2, note="等材料")
    if action == StepAction.ANSWER:
        return services.case_answer(actor=actor, case=case, answer="已修好")
    if action == StepAction.FOLLOW_UP:
        return services.case_follow_up(actor=actor, case=case, is_solved=True,
                                       is_satisfied=True)
    if action == StepAction.MARK_UNREASONABLE:
        return services.case_mark_unreasonable(actor=actor, case=case, note="要求重建整栋楼")
    if action == StepAction.REVIEW:
        return services.case_review(actor=actor, case=case, is_upheld=True, note="同意")
    if action == StepAction.MERGE:
        other = reported(world)
        return services.case_merge(actor=actor, case=case, into=other)
    raise AssertionError(action)


ALLOWED_ACTORS = {
    StepAction.DISPATCH: {"staff_a", "secretary_a"},
    StepAction.ACCEPT: {"grid_a1"},
    StepAction.RETURN: {"grid_a1"},
    StepAction.ESCALATE: {"staff_a", "secretary_a"},
    StepAction.EXTEND: {"grid_a1"},
    StepAction.ANSWER: {"grid_a1"},
    StepAction.FOLLOW_UP: {"resident_a", "staff_a", "secretary_a"},
    StepAction.MARK_UNREASONABLE: {"staff_a", "secretary_a"},
    StepAction.REVIEW: {"street_admin"},
    StepAction.MERGE: {"staff_a", "secretary_a"},
}
ALL_ACTORS = ["resident_a", "staff_a", "secretary_a", "grid_a1", "staff_b", "street_admin",
              "district_admin", "other_district_admin"]


def in_status(world, status):
    case = reported(world)
    Case.objects.filter(pk=case.pk).update(status=status, handler=world.users["grid_a1"],
                                           due_at=timezone.now() + datetime.timedelta(days=3))
    return Case.objects.get(pk=case.pk)


def state(case):
    case = Case.objects.get(pk=case.pk)
    return (case.status, case.handler_id, case.due_at, case.is_escalated,
            CaseStep.objects.filter(case=case).count())


@pytest.mark.parametrize("action", list(ALLOWED_FROM))
@pytest.mark.parametrize("status", [s for s in Status.values])
def test_every_transition_is_allowed_or_refused_with_a_record(world, action, status):
    # given a request in `status`, and an actor whose role allows `action`
    case = in_status(world, status)
    actor = world.users[sorted(ALLOWED_ACTORS[action])[0]]
    before = state(case)
    # when
    if status in ALLOWED_FROM[action]:
        step = call(action, actor=actor, case=case, world=world)
        # then one step records who moved it from which status to which
        step.refresh_from_db()
        assert step.action == action and step.actor == actor
        assert step.from_status == status
        assert Case.objects.get(pk=case.pk).status == step.to_status
        assert CaseStep.objects.filter(case=case).count() == before[4] + 1
    else:
        with pytest.raises(TransitionRefused):
            call(action, actor=actor, case=case, world=world)
        assert state(case) == before


@pytest.mark.parametrize("action", list(ALLOWED_FROM))
@pytest.mark.parametrize("actor_name", ALL_ACTORS)
def test_each_action_only_by_its_roles(world, action, actor_name):
    status = sorted(ALLOWED_FROM[action])[0]
    case = in_status(world, status)
    before = state(case)
    actor = world.users[actor_name]
    if actor_name in ALLOWED_ACTORS[action]:
        call(action, actor=actor, case=case, world=world)
        assert state(case)[4] == before[4] + 1
    else:
        with pytest.raises((PermissionDenied, NotFound)):
            call(action, actor=actor, case=case, world=world)
        assert state(case) == before


def test_outsiders_get_not_found_and_insiders_forbidden(world):
    case = in_status(world, Status.NEW)
    with pytest.raises(NotFound):
        services.case_dispatch(actor=world.users["staff_b"], case=case,
                               handler=world.users["grid_a1"])
    with pytest.raises(PermissionDenied):  # the grid worker sees it but may not dispatch
        services.case_dispatch(actor=world.users["grid_a1"], case=case,
                               handler=world.users["grid_a1"])


def test_return_needs_a_reason_and_clears_the_handler(world):
    case = in_status(world, Status.DISPATCHED)
    with pytest.raises(ValidationFailed):
        services.case_return(actor=world.users["grid_a1"], case=case, note="  ")
    services.case_return(actor=world.users["grid_a1"], case=case, note="不属于我的网格")
    case.refresh_from_db()
    assert (case.status, case.handler_id) == (Status.RETURNED, None)


def test_dispatch_only_to_someone_who_may_handle_the_building(world):
    case = in_status(world, Status.NEW)
    for handler in (world.users["staff_b"], world.users["resident_a"]):
        with pytest.raises(ValidationFailed):
            services.case_dispatch(actor=world.users["staff_a"], case=case, handler=handler)
    assert Case.objects.get(pk=case.pk).status == Status.NEW


def test_dissatisfied_reopens_with_history_then_satisfied_closes(world):
    case = reported(world)
    staff, handler, resident = (world.users[n] for n in ("staff_a", "grid_a1", "resident_a"))
    services.case_dispatch(actor=staff, case=case, handler=handler)
    services.case_accept(actor=handler, case=case)
    services.case_answer(actor=handler, case=case, answer="已清理天面", photos=[png()])
    services.case_follow_up(actor=resident, case=case, is_solved=False, is_satisfied=False,
                            note="还在漏")
    case.refresh_from_db()
    assert (case.status, case.reopen_count, case.is_satisfied) == (Status.REOPENED, 1, False)
    services.case_accept(actor=handler, case=case)
    services.case_answer(actor=handler, case=case, answer="重做防水层")
    services.case_follow_up(actor=resident, case=case, is_solved=True, is_satisfied=True)
    case.refresh_from_db()
    assert (case.status, case.is_solved, case.is_satisfied) == (Status.CLOSED, True, True)
    assert list(case.steps.values_list("action", flat=True)) == [
        "report", "dispatch", "accept", "answer", "follow_up", "accept", "answer", "follow_up"]
    assert CasePhoto.objects.filter(case=case).count() == 1


def test_staff_follow_up_by_phone_is_marked(world):
    case = in_status(world, Status.ANSWERED)
    step = services.case_follow_up(actor=world.users["staff_a"], case=case, is_solved=True,
                                   is_satisfied=True, note="老人电话确认")
    assert step.note.startswith("电话回访")


def test_intake_channels_by_role(world):
    leak = category(world.community_a)
    patrol = services.case_report(actor=world.users["grid_a1"], category=leak,
                                  building=world.building_a1, description="巡查发现天面积水")
    assert patrol.channel == Channel.PATROL and patrol.is_proactive
    with pytest.raises(ValidationFailed):  # a hotline order keeps its external reference
        services.case_report(actor=world.users["staff_a"], category=leak,
                             building=world.building_a1, description="12345 转来的漏水",
                             channel=Channel.HOTLINE)
    hotline = services.case_report(actor=world.users["staff_a"], category=leak,
                                   building=world.building_a1, description="12345 转来的漏水",
                                   channel=Channel.HOTLINE, external_ref="GZ-1",
                                   reporter=world.person_a)
    assert (hotline.external_ref, hotline.reporter) == ("GZ-1", world.person_a)
    own = reported(world, channel=Channel.HOTLINE)  # a resident cannot pick the channel
    assert own.channel == Channel.ONLINE and own.reporter == world.person_resident_a
    with pytest.raises(NotFound):
        services.case_report(actor=world.users["staff_b"], category=leak,
                             building=world.building_a1, description="外人登记的")


def test_photos_are_checked_for_type_and_size(world, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("x.png", b"<script>alert(1)</script>", content_type="image/png")
    with pytest.raises(ValidationFailed):
        reported(world, photos=[fake])
    settings.CASEWORK_PHOTO_MAX_BYTES = 10
    with pytest.raises(ValidationFailed):
        reported(world, photos=[png()])
    assert Case.objects.count() == 0


def test_extension_only_before_the_deadline(world):
    case = in_status(world, Status.ACCEPTED)
    due = case.due_at
    with (time_machine.travel(due + datetime.timedelta(minutes=1), tick=False),
          pytest.raises(TransitionRefused)):
        services.case_extend(actor=world.users["grid_a1"], case=case, days=2, note="等材料")
    case.refresh_from_db()
    assert case.due_at == due
    services.case_extend(actor=world.users["grid_a1"], case=case, days=2, note="等材料")
    assert Case.objects.get(pk=case.pk).due_at > due


def test_merge_and_both_reporters_hear_the_answer(world, django_capture_on_commit_callbacks):
    from gongzhi.notifications.models import Notification

    first = services.case_report(actor=world.users["staff_a"], category=category(
        world.community_a), building=world.building_a1, description="顶楼漏水很严重",
        reporter=world.person_a)
    second = reported(world)
    from gongzhi.casework.selectors import case_similar

    assert [c for c, _ in case_similar(world.users["staff_a"], second)] == [first]
    services.case_merge(actor=world.users["staff_a"], case=second, into=first)
    services.case_dispatch(actor=world.users["staff_a"], case=first,
                           handler=world.users["grid_a1"])
    services.case_accept(actor=world.users["grid_a1"], case=first)
    with django_capture_on_commit_callbacks(execute=True):
        services.case_answer(actor=world.users["grid_a1"], case=first, answer="已修好")
    assert Notification.objects.filter(recipient=world.users["resident_a"],
                                       kind="case_update").exists()
    assert Case.objects.get(pk=second.pk).status == Status.MERGED


def test_unreasonable_upheld_leaves_the_rates(world):
    case = in_status(world, Status.ACCEPTED)
    services.case_mark_unreasonable(actor=world.users["staff_a"], case=case, note="要求赔偿")
    services.case_review(actor=world.users["street_admin"], case=case, is_upheld=True,
                         note="属实")
    case.refresh_from_db()
    assert (case.status, case.is_unreasonable) == (Status.CLOSED, True)


def test_reminder_goes_to_the_handler_once(world, django_capture_on_commit_callbacks):
    from gongzhi.notifications.models import Notification

    case = in_status(world, Status.ACCEPTED)
    Case.objects.filter(pk=case.pk).update(due_at=timezone.now() + datetime.timedelta(hours=3))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.case_deadline_reminders_send() == 1
        assert services.case_deadline_reminders_send() == 0
    assert Notification.objects.filter(recipient=world.users["grid_a1"],
                                       kind="case_deadline").count() == 1


def test_domain_errors_carry_chinese_messages(world):
    case = in_status(world, Status.CLOSED)
    with pytest.raises(DomainError) as error:
        services.case_accept(actor=world.users["grid_a1"], case=case)
    assert "状态" in str(error.value.message)


def test_a_step_is_named_by_its_number_and_action_without_a_query(world,
                                                                  django_assert_num_queries):
    step = CaseStep(case_id=12, action="accept", community=world.community_a, to_status="accepted")
    with django_assert_num_queries(0):
        assert str(step) == "#12 · " + step.get_action_display()
