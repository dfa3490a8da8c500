"""A portal world: the shared world (with its residents 甲居民, 甲住户, 乙居民) and something
in every section of community A's public page, made through the services where they exist:
articles (published, draft, scheduled, withdrawn), resolved and open problems, a vote and a
poll in their publicity period, a finished co-building project rated by a resident, an upcoming
and a draft activity, a partner unit with its liaison's name and phone."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from gongzhi.activities.events.models import Activity
from gongzhi.casework import services as casework_services
from gongzhi.casework.tests.factories import category, dispute_of_a
from gongzhi.cobuilding import services as cobuilding_services
from gongzhi.core.tests.scope_routes import (
    cobuilding_of_a,
    published_poll_of_a,
    published_vote_of_a,
)
from gongzhi.deliberation.votes.rule_sets import ensure_rule_sets
from gongzhi.portal.articles import services as article_services
from gongzhi.portal.tests.factories import articles_of


@dataclass
class PortalWorld:
    world: object
    articles: object
    withdrawn: object
    light: object
    dispute: object
    open_case: object
    project: object
    activity: object
    draft_activity: object


def _closed(world, case, answer):
    staff, handler = world.users["staff_a"], world.users["grid_a1"]
    casework_services.case_dispatch(actor=staff, case=case, handler=handler)
    casework_services.case_accept(actor=handler, case=case)
    casework_services.case_answer(actor=handler, case=case, answer=answer)
    casework_services.case_follow_up(actor=staff, case=case, is_solved=True, is_satisfied=True)
    return case


def portal_world(world) -> PortalWorld:
    staff, secretary = world.users["staff_a"], world.users["secretary_a"]
    articles = articles_of(world)
    withdrawn = article_services.article_create(
        actor=staff, place=world.community_a, title="已撤回的通知", body_html="<p>撤回了。</p>")
    article_services.article_submit(actor=staff, article=withdrawn)
    article_services.article_publish(actor=secretary, article=withdrawn)
    article_services.article_withdraw(actor=secretary, article=withdrawn)
    withdrawn.refresh_from_db()

    dispute = _closed(world, dispute_of_a(world), "已调解")
    light = category(world.community_a, name="楼道灯不亮", group="facility")
    resolved = _closed(world, casework_services.case_report(
        actor=staff, category=light, building=world.building_a1,
        description="甲居民说三楼楼道灯坏了", reporter=world.person_a), "已更换楼道灯")
    open_case = casework_services.case_report(
        actor=world.users["resident_a"], category=light, building=world.building_a2,
        description="甲住户家门口的灯不亮")

    ensure_rule_sets()  # a transactional test before this one may have emptied the table
    published_vote_of_a(world)
    published_poll_of_a(world)

    cobuilding_of_a(world)
    unit = world.unit_a
    unit.liaison_name, unit.liaison_phone = "甲联络人", "13600136004"
    unit.save(update_fields=["liaison_name", "liaison_phone"])
    project = cobuilding_services.project_publish(
        actor=staff, project=world.project_a, result="开展防骗讲座三场", summary="防骗进社区")
    cobuilding_services.evaluation_submit(actor=world.users["resident_a"], project=project,
                                          rating=4, comment="甲住户觉得很有用")

    now = timezone.now()
    activity = Activity.objects.create(
        community=world.community_a, title="甲社区义诊", kind="clinic", place="甲社区活动室",
        starts_at=now + datetime.timedelta(days=2),
        ends_at=now + datetime.timedelta(days=2, hours=2),
        capacity=30, status="published", created_by=staff)
    draft_activity = Activity.objects.create(
        community=world.community_a, title="草稿活动", kind="talk", place="甲社区活动室",
        starts_at=now + datetime.timedelta(days=3),
        ends_at=now + datetime.timedelta(days=3, hours=1),
        capacity=30, status="draft", created_by=staff)
    return PortalWorld(world, articles, withdrawn, resolved, dispute, open_case, project,
                       activity, draft_activity)
