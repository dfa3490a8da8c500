"""Consultation topics: every allowed and refused transition, by role; meetings with their
validity rules; follow-through into tasks, needs and projects; ratings."""

import datetime

import pytest

from gongzhi.core.errors import Conflict, DomainError, NotFound, PermissionDenied, ValidationFailed
from gongzhi.deliberation.tests.topics.factories import meeting_of, partner_unit, pdf, topic_of_a
from gongzhi.deliberation.topics import access, services
from gongzhi.deliberation.topics.choices import StepAction, TopicStatus
from gongzhi.deliberation.topics.models import SignIn, Topic, TopicRating, TopicStep

S = TopicStatus

pytestmark = pytest.mark.usefixtures("media_tmp")


@pytest.fixture
def media_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


# action name -> (StepAction of the table, how to call it as `actor`)
ACTIONS = {
    "accept": (StepAction.ACCEPT, lambda a, t: services.topic_accept(actor=a, topic=t)),
    "decline": (StepAction.DECLINE,
                lambda a, t: services.topic_decline(actor=a, topic=t, reason="重复议题")),
    "notify": (StepAction.NOTIFY,
               lambda a, t: services.topic_notify(actor=a, topic=t, note="材料已发")),
    "deliberate": (StepAction.DELIBERATE,
                   lambda a, t: services.topic_deliberate(actor=a, topic=t)),
    "outcome": (StepAction.OUTCOME, lambda a, t: services.topic_record_outcome(
        actor=a, topic=t, outcome="同意", votes_for=5, votes_against=0, votes_abstain=0)),
    "publish": (StepAction.PUBLISH, lambda a, t: services.topic_publish(actor=a, topic=t)),
    "carry_out": (StepAction.CARRY_OUT,
                  lambda a, t: services.topic_carry_out(actor=a, topic=t)),
    "progress": (StepAction.PROGRESS,
                 lambda a, t: services.topic_progress(actor=a, topic=t, note="已进场")),
    "feedback": (StepAction.FEEDBACK, lambda a, t: services.topic_publish_feedback(
        actor=a, topic=t, feedback="已完工")),
    "close": (StepAction.CLOSE, lambda a, t: services.topic_close(actor=a, topic=t)),
    "escalate": (StepAction.ESCALATE,
                 lambda a, t: services.topic_escalate(actor=a, topic=t, note="提交街道")),
    "review": (StepAction.REVIEW, lambda a, t: services.topic_review(
        actor=a, topic=t, decide=False, note="退回社区继续协商")),
}
STATUSES = [S.PROPOSED, S.DECLINED, S.ACCEPTED, S.NOTIFIED, S.DELIBERATING, S.DECIDED,
            S.PUBLISHED, S.CARRYING_OUT, S.FEEDBACK, S.CLOSED, S.ESCALATED]


def actor_for(world, action):
    return world.users["street_admin" if action == "review" else "staff_a"]


def state(topic):
    topic.refresh_from_db()
    return topic.status, TopicStep.objects.filter(topic=topic).count()


@pytest.mark.parametrize("status", STATUSES)
def test_each_action_is_allowed_exactly_from_the_statuses_of_the_table(world, status):
    refused_topic = topic_of_a(world, status=status)
    for name, (step_action, call) in ACTIONS.items():
        allowed = status in services.ALLOWED_FROM[step_action][0]
        if (name, status) == ("close", S.PUBLISHED):
            continue  # only a published outcome that was not adopted: see below
        if allowed:
            topic = topic_of_a(world, status=status)
            steps_before = TopicStep.objects.filter(topic=topic).count()
            call(actor_for(world, name), topic)
            assert TopicStep.objects.filter(topic=topic).count() == steps_before + 1, name
            last = TopicStep.objects.filter(topic=topic).last()
            assert (last.action, last.from_status, last.actor) == (
                step_action, status, actor_for(world, name))
        else:
            before = state(refused_topic)
            with pytest.raises(services.TransitionRefused):
                call(actor_for(world, name), refused_topic)
            assert state(refused_topic) == before, name


ALLOWED_STATUS = {"accept": S.PROPOSED, "decline": S.PROPOSED, "notify": S.ACCEPTED,
                  "deliberate": S.NOTIFIED, "outcome": S.DELIBERATING, "publish": S.DECIDED,
                  "carry_out": S.PUBLISHED, "progress": S.CARRYING_OUT,
                  "feedback": S.CARRYING_OUT, "close": S.FEEDBACK, "escalate": S.DELIBERATING,
                  "review": S.ESCALATED}
# who may take each step: the community's secretary and staff screen and run topics; only
# the street reviews escalated ones
ROLES = ["resident_a", "staff_b", "grid_a1", "staff_a", "secretary_a", "street_admin",
         "district_admin", "other_district_admin"]


def expected(role, action, status):
    runners = {"review": {"street_admin"}}.get(action, {"staff_a", "secretary_a"})
    if role in runners:
        return None
    if role in ("staff_b", "other_district_admin"):
        return NotFound
    if role == "resident_a" and status not in {S.NOTIFIED, S.DELIBERATING, S.DECIDED,
                                               S.PUBLISHED, S.CARRYING_OUT, S.FEEDBACK,
                                               S.CLOSED, S.ESCALATED}:
        return NotFound
    return PermissionDenied


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_each_action_by_role(world, action, role):
    status = ALLOWED_STATUS[action]
    topic = topic_of_a(world, status=status)
    before = state(topic)
    error = expected(role, action, status)
    call = ACTIONS[action][1]
    if error is None:
        call(world.users[role], topic)
        assert state(topic)[1] == before[1] + 1
    else:
        with pytest.raises(error):
            call(world.users[role], topic)
        assert state(topic) == before


def test_a_resident_proposes_and_sees_the_reason_when_declined(world,
                                                               django_capture_on_commit_callbacks):
    from gongzhi.notifications.models import Notification

    resident = world.users["resident_a"]
    with django_capture_on_commit_callbacks(execute=True):
        topic = services.topic_propose(actor=resident, community=world.community_a,
                                       title="小区门口加装充电桩", description="电动车充电难",
                                       documents=[pdf()])
    assert (topic.status, topic.proposer_kind) == (S.PROPOSED, "resident")
    assert topic.documents.get().content_type == "application/pdf"
    assert Notification.objects.filter(recipient=world.users["staff_a"],
                                       kind="topic_update").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.topic_decline(actor=world.users["secretary_a"], topic=topic,
                               reason="属于物业服务事项，已转诉求办理")
    seen = access.access_topic(actor=resident, id=topic.pk)
    assert (seen.status, seen.decline_reason) == (S.DECLINED, "属于物业服务事项，已转诉求办理")
    assert Notification.objects.filter(recipient=resident, kind="topic_update").count() == 1
    # another resident of the community never sees a topic that was not made public
    with pytest.raises(NotFound):
        access.access_topic(actor=world.users["staff_b"], id=topic.pk)


def test_decline_needs_a_reason_and_a_proposal_needs_words(world):
    topic = topic_of_a(world)
    with pytest.raises(ValidationFailed):
        services.topic_decline(actor=world.users["staff_a"], topic=topic, reason="  ")
    assert state(topic) == (S.PROPOSED, 1)
    with pytest.raises(ValidationFailed):
        services.topic_propose(actor=world.users["resident_a"], community=world.community_a,
                               title="修", description="修")
    with pytest.raises(NotFound):
        services.topic_propose(actor=world.users["staff_b"], community=world.community_a,
                               title="外人提的议题", description="外人提的议题")


def test_documents_must_be_pdf_or_images(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    topic = topic_of_a(world)
    with pytest.raises(ValidationFailed):
        services.topic_accept(actor=world.users["staff_a"], topic=topic, documents=[
            SimpleUploadedFile("x.exe", b"MZ\x90\x00", "application/octet-stream")])
    assert state(topic) == (S.PROPOSED, 1)


def test_an_outcome_with_votes_against_records_the_dissent(world):
    topic = topic_of_a(world, status=S.DELIBERATING)
    staff = world.users["staff_a"]
    with pytest.raises(ValidationFailed) as error:
        services.topic_record_outcome(actor=staff, topic=topic, outcome="同意", votes_for=6,
                                      votes_against=2, votes_abstain=1)
    assert "dissent" in error.value.detail
    assert state(topic) == (S.DELIBERATING, 4)
    services.topic_record_outcome(actor=staff, topic=topic, outcome="同意", votes_for=6,
                                  votes_against=2, votes_abstain=1, dissent="担心噪音")
    topic.refresh_from_db()
    assert (topic.votes_for, topic.votes_against, topic.votes_abstain, topic.dissent,
            topic.is_adopted) == (6, 2, 1, "担心噪音", True)


def held_meeting(world, *, entitled, present):
    staff = world.users["staff_a"]
    topic = topic_of_a(world, status=S.ACCEPTED)
    meeting = meeting_of(world, topic, residents=True, entitled=entitled)
    services.meeting_notify(actor=staff, meeting=meeting)
    for index in range(present):
        services.sign_in_record(actor=staff, meeting=meeting, name=f"居民{index}")
    services.meeting_record_minutes(actor=staff, meeting=meeting, minutes="讨论了方案")
    topic.refresh_from_db()
    return topic, meeting


def test_a_residents_meeting_needs_more_than_half_present(world):
    topic, meeting = held_meeting(world, entitled=10, present=5)  # exactly half: not valid
    with pytest.raises(DomainError) as error:
        services.topic_record_outcome(actor=world.users["staff_a"], topic=topic, outcome="同意",
                                      votes_for=5, votes_against=0, votes_abstain=0,
                                      meeting=meeting)
    assert error.value.code == "no_quorum"
    assert state(topic)[0] == S.DELIBERATING


@pytest.mark.parametrize(("votes_for", "adopted"), [(3, False), (4, True)])
def test_a_decision_needs_more_than_half_of_those_present(world, votes_for, adopted):
    topic, meeting = held_meeting(world, entitled=10, present=6)
    services.topic_record_outcome(actor=world.users["staff_a"], topic=topic, outcome="方案",
                                  votes_for=votes_for, votes_against=6 - votes_for,
                                  votes_abstain=0, dissent="不同意", meeting=meeting)
    topic.refresh_from_db()
    assert (topic.is_adopted, topic.outcome_meeting) == (adopted, meeting)


def test_meeting_notice_goes_out_in_advance_to_invitees_and_unit_contacts(
        world, django_capture_on_commit_callbacks):
    from gongzhi.accounts.choices import Role
    from gongzhi.accounts.tests.factories import user_with_role
    from gongzhi.notifications.models import Notification
    from gongzhi.organisations.models import PartnerContact

    staff = world.users["staff_a"]
    contact = user_with_role(Role.PARTNER_CONTACT, world.community_a, username="bank_contact")
    PartnerContact.objects.create(user=contact, unit=partner_unit(world))
    topic = topic_of_a(world, status=S.ACCEPTED, proposer=world.users["resident_a"])
    meeting = meeting_of(world, topic)
    with pytest.raises(ValidationFailed):  # less than the notice period before the meeting
        services.meeting_notify(actor=staff, meeting=meeting,
                                now=meeting.starts_at - datetime.timedelta(hours=2))
    assert state(topic)[0] == S.ACCEPTED
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_notify(actor=staff, meeting=meeting, documents=[pdf("方案.pdf")])
    assert state(topic)[0] == S.NOTIFIED
    notified = set(Notification.objects.filter(kind="meeting_notice")
                   .values_list("recipient__username", flat=True))
    assert notified == {"resident_a", "bank_contact"}
    # the contact sees the topic (their unit is invited) and signs in for the unit, once
    assert access.access_topic(actor=contact, id=topic.pk) == topic
    services.sign_in_self(actor=contact, meeting=meeting)
    with pytest.raises(Conflict):
        services.sign_in_self(actor=contact, meeting=meeting)
    with pytest.raises(Conflict):  # staff entering the same unit from the paper sheet
        services.sign_in_record(actor=staff, meeting=meeting,
                                invitee=meeting.invitees.get(partner_unit__isnull=False))
    assert SignIn.objects.filter(meeting=meeting).count() == 1


def test_only_invitees_sign_in_themselves(world):
    topic = topic_of_a(world, status=S.ACCEPTED)
    meeting = meeting_of(world, topic)
    with pytest.raises(DomainError):  # before the notice
        services.sign_in_self(actor=world.users["resident_a"], meeting=meeting)
    services.meeting_notify(actor=world.users["staff_a"], meeting=meeting)
    with pytest.raises(PermissionDenied):
        services.sign_in_self(actor=world.users["grid_a1"], meeting=meeting)
    with pytest.raises(NotFound):
        services.sign_in_self(actor=world.users["staff_b"], meeting=meeting)
    sign_in = services.sign_in_self(actor=world.users["resident_a"], meeting=meeting)
    assert (sign_in.is_self, sign_in.invitee.user) == (True, world.users["resident_a"])


def test_owners_matter_is_decided_by_the_owners_vote(world):
    from gongzhi.deliberation.votes.rule_sets import ensure_rule_sets

    ensure_rule_sets()
    staff = world.users["staff_a"]
    with pytest.raises(ValidationFailed):  # an owners' matter names its article 278 item
        topic_of_a(world, kind="owners", building=world.building_a1)
    topic = topic_of_a(world, status=S.DELIBERATING, kind="owners", item_number=6,
                       building=world.building_a1)
    with pytest.raises(DomainError) as error:
        services.topic_record_outcome(actor=staff, topic=topic, outcome="维修", votes_for=1,
                                      votes_against=0, votes_abstain=0)
    assert error.value.code == "vote_not_published"
    vote = services.topic_vote_create(actor=staff, topic=topic,
                                      closes_on=datetime.date(2030, 1, 1))
    topic.refresh_from_db()
    assert (topic.vote, vote.kind, vote.item_number, vote.building) == (
        vote, "special", 6, world.building_a1)
    with pytest.raises(Conflict):
        services.topic_vote_create(actor=staff, topic=topic, closes_on=datetime.date(2030, 1, 1))
    ordinary = topic_of_a(world, status=S.DELIBERATING)
    with pytest.raises(DomainError):
        services.topic_vote_create(actor=staff, topic=ordinary,
                                   closes_on=datetime.date(2030, 1, 1))


def test_follow_through_with_tasks_and_a_cobuilding_project(world,
                                                            django_capture_on_commit_callbacks):
    from gongzhi.notifications.models import Notification

    staff, resident = world.users["staff_a"], world.users["resident_a"]
    topic = topic_of_a(world, status=S.PUBLISHED, proposer=resident)
    unit = partner_unit(world)
    project = services.topic_project_create(actor=staff, topic=topic, lead_unit=unit)
    topic.refresh_from_db()
    assert topic.status == S.CARRYING_OUT
    assert (topic.project, list(project.needs.all()), topic.need.status) == (
        project, [topic.need], "in_project")
    task = services.task_create(actor=staff, topic=topic, description="铺设透水砖",
                                deadline=datetime.date(2030, 6, 1), owner_user=staff)
    with pytest.raises(DomainError) as error:
        services.topic_publish_feedback(actor=staff, topic=topic, feedback="完工")
    assert error.value.code == "open_tasks"
    with pytest.raises(PermissionDenied):  # not the task's owner
        services.task_complete(actor=world.users["grid_a1"], task=task, note="完成")
    services.task_complete(actor=staff, task=task, note="已铺设完毕")
    with pytest.raises(Conflict):
        services.task_complete(actor=staff, task=task, note="再次完成")
    with django_capture_on_commit_callbacks(execute=True):
        services.topic_publish_feedback(actor=staff, topic=topic, feedback="小巷已完成微改造")
    assert Notification.objects.filter(recipient=resident, kind="topic_update").exists()


def test_a_resident_rates_the_delivered_result_once(world):
    resident = world.users["resident_a"]
    topic = topic_of_a(world, status=S.CARRYING_OUT)
    with pytest.raises(DomainError):
        services.topic_rate(actor=resident, topic=topic, score=5)
    services.topic_publish_feedback(actor=world.users["staff_a"], topic=topic, feedback="完工")
    topic.refresh_from_db()
    with pytest.raises(ValidationFailed):
        services.topic_rate(actor=resident, topic=topic, score=6)
    with pytest.raises(PermissionDenied):  # staff do not rate their own work
        services.topic_rate(actor=world.users["staff_a"], topic=topic, score=5)
    services.topic_rate(actor=resident, topic=topic, score=4, comment="路平了")
    with pytest.raises(Conflict):
        services.topic_rate(actor=resident, topic=topic, score=1)
    assert list(TopicRating.objects.values_list("score", flat=True)) == [4]


def test_a_request_becomes_a_topic_linked_both_ways(world):
    from gongzhi.casework import services as case_services
    from gongzhi.casework.tests.factories import category

    leak = case_services.case_report(
        actor=world.users["resident_a"], category=category(world.community_a),
        building=world.building_a1, description="顶楼屋面漏水，多户受影响")
    staff = world.users["staff_a"]
    with pytest.raises(PermissionDenied):
        services.topic_create_from_case(actor=world.users["grid_a1"], case=leak)
    topic = services.topic_create_from_case(actor=staff, case=leak, kind="owners",
                                            item_number=6)
    assert (topic.source_case, list(leak.topics.all()), topic.building) == (
        leak, [topic], world.building_a1)
    with pytest.raises(Conflict):
        services.topic_create_from_case(actor=staff, case=leak)
    assert Topic.objects.filter(source_case=leak).count() == 1


def test_the_street_hears_an_escalated_topic(world):
    topic = topic_of_a(world, status=S.ESCALATED)
    with pytest.raises(PermissionDenied):
        services.topic_review(actor=world.users["staff_a"], topic=topic, decide=True,
                              note="自己决定")
    services.topic_review(actor=world.users["street_admin"], topic=topic, decide=True,
                          note="经听证，同意按方案实施")
    topic.refresh_from_db()
    assert (topic.status, topic.outcome) == (S.DECIDED, "经听证，同意按方案实施")


def test_an_outcome_that_was_not_adopted_is_published_and_closed_not_carried_out(world):
    staff = world.users["staff_a"]
    topic = topic_of_a(world, status=S.DELIBERATING)
    services.topic_record_outcome(actor=staff, topic=topic, outcome="暂缓实施", votes_for=2,
                                  votes_against=2, votes_abstain=0, dissent="费用太高")
    topic.refresh_from_db()
    assert topic.is_adopted is False  # exactly half is not more than half
    services.topic_publish(actor=staff, topic=topic)
    for refused in (lambda: services.topic_carry_out(actor=staff, topic=topic),
                    lambda: services.task_create(actor=staff, topic=topic, description="施工",
                                                 deadline=datetime.date(2030, 1, 1),
                                                 owner_user=staff)):
        with pytest.raises(DomainError) as error:
            refused()
        assert error.value.code == "not_adopted"
    assert state(topic)[0] == S.PUBLISHED
    services.topic_close(actor=staff, topic=topic, note="未获通过，办结")
    assert state(topic)[0] == S.CLOSED
    adopted = topic_of_a(world, status=S.PUBLISHED)
    with pytest.raises(services.TransitionRefused):
        services.topic_close(actor=staff, topic=adopted)
