"""Helpers for topic tests: topics of community A walked to a given status."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongzhi.deliberation.topics import services
from gongzhi.deliberation.topics.choices import TopicStatus


def pdf(name="材料.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 topic material", content_type="application/pdf")


def future(days=3):
    return timezone.now() + datetime.timedelta(days=days)


def partner_unit(world, name="甲共建单位"):
    from gongzhi.organisations.models import PartnerUnit

    return PartnerUnit.objects.get_or_create(community=world.community_a, name=name,
                                             defaults={"kind": "bank"})[0]


def topic_of_a(world, *, status=TopicStatus.PROPOSED, proposer=None, kind="ordinary", **fields):
    """A topic of community A, walked through the services up to `status`."""
    staff = world.users["staff_a"]
    topic = services.topic_propose(
        actor=proposer or staff, community=world.community_a,
        title=fields.pop("title", "甲社区小巷微改造"),
        description=fields.pop("description", "巷道路面破损，建议整体微改造"), kind=kind,
        **fields)
    order = [TopicStatus.PROPOSED, TopicStatus.ACCEPTED, TopicStatus.NOTIFIED,
             TopicStatus.DELIBERATING, TopicStatus.DECIDED, TopicStatus.PUBLISHED,
             TopicStatus.CARRYING_OUT, TopicStatus.FEEDBACK, TopicStatus.CLOSED]
    if status == TopicStatus.DECLINED:
        return services.topic_decline(actor=staff, topic=topic, reason="不属于社区协商范围")
    target = order.index(status) if status in order else 1
    steps = [
        lambda t: services.topic_accept(actor=staff, topic=t),
        lambda t: services.topic_notify(actor=staff, topic=t, note="材料已张贴"),
        lambda t: services.topic_deliberate(actor=staff, topic=t),
        lambda t: services.topic_record_outcome(actor=staff, topic=t, outcome="同意微改造",
                                                votes_for=7, votes_against=1, votes_abstain=1,
                                                dissent="担心施工噪音"),
        lambda t: services.topic_publish(actor=staff, topic=t),
        lambda t: services.topic_carry_out(actor=staff, topic=t),
        lambda t: services.topic_publish_feedback(actor=staff, topic=t, feedback="已完工"),
        lambda t: services.topic_close(actor=staff, topic=t),
    ]
    for step in steps[:target]:
        topic = step(topic)
    if status == TopicStatus.ESCALATED:
        topic = services.topic_escalate(actor=staff, topic=topic, note="涉及多方利益，提交街道")
    topic.refresh_from_db()
    return topic


def meeting_of(world, topic, *, residents=False, entitled=None):
    staff = world.users["staff_a"]
    meeting = services.meeting_schedule(
        actor=staff, topic=topic, title="小巷微改造议事会", starts_at=future(),
        place="社区党群服务中心", agenda="介绍方案\n听取意见\n表决",
        is_residents_meeting=residents, entitled_count=entitled)
    services.invitee_add(actor=staff, meeting=meeting, kind="resident_rep",
                         user=world.users["resident_a"])
    services.invitee_add(actor=staff, meeting=meeting, kind="partner_unit",
                         partner_unit=partner_unit(world))
    return meeting
