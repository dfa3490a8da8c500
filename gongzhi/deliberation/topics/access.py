"""Fetch one topic row by id, within what the actor may see; missing and forbidden alike."""

from gongzhi.core.access import get_scoped
from gongzhi.core.errors import NotFound
from gongzhi.deliberation.topics import rules
from gongzhi.deliberation.topics.choices import StepAction
from gongzhi.deliberation.topics.models import (
    Invitee,
    Meeting,
    Topic,
    TopicDocument,
    TopicTask,
)
from gongzhi.deliberation.topics.selectors import topics_for


def access_topic(*, actor, id) -> Topic:
    return get_scoped(topics_for(actor).select_related(
        "community__street", "building", "unit", "proposer", "vote", "need", "project",
        "source_case__category", "outcome_meeting"), pk=id)


def access_meeting(*, actor, id) -> Meeting:
    return get_scoped(Meeting.objects.filter(topic__in=topics_for(actor).values("pk"))
                      .select_related("topic__community", "created_by"), pk=id)


def access_invitee(*, actor, meeting: Meeting, id) -> Invitee:
    return get_scoped(Invitee.objects.filter(meeting=meeting), pk=id)


def access_task(*, actor, id) -> TopicTask:
    return get_scoped(TopicTask.objects.filter(topic__in=topics_for(actor).values("pk"))
                      .select_related("topic", "owner_unit", "owner_user"), pk=id)


def access_document(*, actor, id) -> TopicDocument:
    document = get_scoped(TopicDocument.objects.filter(
        topic__in=topics_for(actor).values("pk")).select_related("topic", "step"), pk=id)
    topic = document.topic
    # the outcome's files are as private as the outcome until it is published
    if (document.step_id and document.step.action == StepAction.OUTCOME
            and not topic.outcome_is_public
            and not (rules.can_screen(actor, topic) or rules.can_review(actor, topic))):
        raise NotFound()
    return document
