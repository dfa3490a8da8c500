"""The workbench (工作台): what each of the actor's roles has to do today, within their scope.

The workbench sits at the top of the app stack: it only reads, through the selectors of the
apps that own the rows, and nothing imports it. Each count is computed with the same condition
as the list page its link opens (a `queue` of that app's selectors), so a count always equals
the rows behind it. The page runs a constant number of queries: one aggregate per app and
section, one grouped query per figure of the street's table.
"""

import datetime
from dataclasses import asdict, dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.accounts.choices import Role
from gongzhi.activities.duty import rules as duty_rules
from gongzhi.activities.duty import selectors as duty_selectors
from gongzhi.activities.events import rules as activity_rules
from gongzhi.activities.events import selectors as activity_selectors
from gongzhi.activities.rota import rules as rota_rules
from gongzhi.activities.rota import selectors as rota_selectors
from gongzhi.activities.volunteering import profiles as volunteer_profiles
from gongzhi.activities.volunteering import rules as volunteer_rules
from gongzhi.activities.volunteering import selectors as volunteer_selectors
from gongzhi.care.register import helpers as care_helpers
from gongzhi.care.register import rules as care_rules
from gongzhi.care.visits import selectors as visit_selectors
from gongzhi.casework import rules as case_rules
from gongzhi.casework import selectors as case_selectors
from gongzhi.cobuilding import rules as cobuilding_rules
from gongzhi.cobuilding import selectors as cobuilding_selectors
from gongzhi.core.scoping import grants_for, has_permission_somewhere
from gongzhi.deliberation.balloting import selectors as ballot_selectors
from gongzhi.deliberation.polls import selectors as poll_selectors
from gongzhi.deliberation.topics import rules as rules_topics
from gongzhi.deliberation.topics import selectors as topic_selectors
from gongzhi.deliberation.votes import selectors as vote_selectors
from gongzhi.notifications import selectors as notification_selectors
from gongzhi.party import selectors as party_selectors
from gongzhi.party import services as party_services
from gongzhi.places import selectors as place_selectors

# The shortcuts below the sections: (permission, url name, label, hint). Shown when the user
# holds the permission somewhere; the page behind each checks the scope again.
SHORTCUTS = [
    ("casework.report_case", "casework:case_create", gettext_lazy("反映诉求"),
     gettext_lazy("楼道灯坏、屋面漏水、下水道堵塞……")),
    ("casework.view_board", "casework:case_list", gettext_lazy("诉求进度"),
     gettext_lazy("我反映的或经手的诉求与办理进度")),
    ("casework.view_board", "casework:board", gettext_lazy("办结公开栏"),
     gettext_lazy("公共区域问题的办理结果")),
    ("deliberation.propose_topic", "deliberation:topic_create", gettext_lazy("提出议题"),
     gettext_lazy("大家的事大家商量")),
    ("deliberation.propose_topic", "deliberation:topic_outcomes", gettext_lazy("议事结果公开"),
     gettext_lazy("协商的结果与落实情况")),
    ("cobuilding.evaluate_project", "cobuilding:community_projects", gettext_lazy("社区项目"),
     gettext_lazy("共建项目的成果，欢迎评价")),
    ("party.own_report", "party:my_party", gettext_lazy("我的报到"),
     gettext_lazy("在职党员认领岗位、服务记录")),
    ("activities.take_shift", "activities:my_shifts", gettext_lazy("我的班次"),
     gettext_lazy("认领岗位和班次、签到签退、服务时长")),
    ("cobuilding.partner_portal", "cobuilding:partner_home", gettext_lazy("本单位共建"),
     gettext_lazy("协议、资源、对接需求与项目")),
]

ADMIN_ROLES = {Role.STREET_ADMIN, Role.DISTRICT_ADMIN}


@dataclass
class Item:
    """One line of a section: a count (or a figure) and the page where it is acted on."""

    key: str
    label: str
    url: str
    count: int | None = None
    value: str = ""      # a figure that is not a count of rows (hours of service)
    hint: str = ""       # e.g. the deadline of a vote
    tone: str = ""       # "danger" (overdue), "warning" (due soon) or ""


@dataclass
class Rate:
    key: str
    label: str
    this_month: str
    last_month: str
    trend: str          # "up", "down", "same" or "" (a month without data)


@dataclass
class Cell:
    key: str
    label: str
    count: int | str
    url: str


@dataclass
class Row:
    community_id: int
    community: str
    cells: list[Cell]


@dataclass
class Section:
    key: str
    title: str
    subtitle: str = ""
    items: list[Item] = field(default_factory=list)
    rates: list[Rate] = field(default_factory=list)
    rates_url: str = ""
    columns: list[tuple[str, str]] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)


def _url(name: str, *args, **query) -> str:
    path = reverse(name, args=args)
    query = {key: value for key, value in query.items() if value not in ("", None)}
    return f"{path}?{urlencode(query)}" if query else path


def _roles(actor) -> set[str]:
    return {assignment.role for assignment in actor.roles()}


def _percent_value(rate):
    return None if rate is None else round(float(rate) * 100, 1)


def _trend(now, before) -> str:
    if now is None or before is None:
        return ""
    return "up" if now > before else "down" if now < before else "same"


# ---- the sections ---------------------------------------------------------------------------

def _community_sections(actor, *, cases, today, rates) -> list[Section]:
    """Three cards for the community's staff: requests (with the three rates), deliberation,
    co-building and party service."""
    votes = vote_selectors.vote_workbench_counts(actor, today=today)
    polls = poll_selectors.poll_workbench_counts(actor, today=today)
    lists = cobuilding_selectors.workbench_counts(actor, today=today)
    days = ballot_selectors.closing_soon_days()
    closing_hint = _("%(days)s 天内截止") % {"days": days}
    case_items = [
        Item("cases.dispatch", _("待派单"), _url("casework:case_list", queue="dispatch"),
             cases["dispatch"], hint=_("新登记和被退回的诉求")),
        Item("cases.accept", _("已派单待接单"), _url("casework:case_list", queue="accept"),
             cases["accept"]),
        Item("cases.due_today", _("今天到期"), _url("casework:case_list", queue="due_today"),
             cases["due_today"], tone="warning"),
        Item("cases.overdue", _("已超期"), _url("casework:case_list", queue="overdue"),
             cases["overdue"], tone="danger"),
        Item("cases.follow_up", _("已答复待回访"), _url("casework:case_list", queue="follow_up"),
             cases["follow_up"]),
    ]
    deliberation_items = [
        Item("votes.check", _("业主表决：纸质票待复核"),
             _url("deliberation:vote_list", queue="check"), votes["check"]),
        Item("votes.closing", _("业主表决：即将截止"),
             _url("deliberation:vote_list", queue="closing"), votes["closing"],
             hint=closing_hint, tone="warning"),
        Item("votes.publish", _("业主表决：已截止待公示"),
             _url("deliberation:vote_list", queue="publish"), votes["publish"]),
        Item("polls.check", _("居民投票：纸质票待复核"),
             _url("deliberation:poll_list", queue="check"), polls["check"]),
        Item("polls.closing", _("居民投票：即将截止"),
             _url("deliberation:poll_list", queue="closing"), polls["closing"],
             hint=closing_hint, tone="warning"),
        Item("polls.publish", _("居民投票：已截止待公示"),
             _url("deliberation:poll_list", queue="publish"), polls["publish"]),
    ]
    if has_permission_somewhere(actor, rules_topics.SCREEN_TOPIC):
        deliberation_items.append(Item(
            "topics.screen", _("议题待审议"), _url("deliberation:topic_list", status="proposed"),
            topic_selectors.topics_to_screen_count(actor)))
    cobuilding_items = [
        Item("needs.unmatched", _("需求待匹配"), _url("cobuilding:board", need_status="open"),
             lists["unmatched_needs"]),
        Item("agreements.expiring", _("共建协议即将到期"),
             _url("cobuilding:agreement_list", expiring="1"), lists["expiring_agreements"],
             hint=_("%(days)s 天内到期") % {"days": cobuilding_selectors.EXPIRY_NOTICE_DAYS},
             tone="warning"),
    ]
    if has_permission_somewhere(actor, rota_rules.CONFIRM_HOURS):
        cobuilding_items.append(Item(
            "claims.confirm", _("服务待确认"), _url("activities:post_list", to_confirm="1"),
            rota_selectors.posts_to_confirm_count(actor, today=today),
            hint=_("有班次待确认服务时长的岗位")))
    if has_permission_somewhere(actor, duty_rules.MANAGE_POST):
        # the board filtered to exactly the counted shifts: these days, only the empty ones
        cobuilding_items.append(Item(
            "shifts.empty", _("值班空缺"),
            _url("activities:duty_board", start=today.isoformat(),
                 days=duty_selectors.EMPTY_SOON_DAYS, empty="1"),
            duty_selectors.empty_slots_soon(actor, today=today),
            hint=_("%(days)s 天内无人认领的名额") % {"days": duty_selectors.EMPTY_SOON_DAYS},
            tone="warning"))
    this_month, last_month = rates["this_month"]["total"], rates["last_month"]["total"]
    rate_rows = []
    for key, formula in rates["this_month"]["formulas"].items():
        rate_rows.append(Rate(key, str(formula["label"]),
                              case_selectors.percent(this_month["rates"][key]),
                              case_selectors.percent(last_month["rates"][key]),
                              _trend(_percent_value(this_month["rates"][key]),
                                     _percent_value(last_month["rates"][key]))))
    return [
        Section("cases", _("民情民意"), subtitle=_("本社区的诉求：派单、时限、回访"),
                items=case_items, rates=rate_rows,
                rates_url=_url("casework:rates", start=rates["start"].isoformat(),
                               end=rates["end"].isoformat())),
        Section("deliberation", _("协商议事"), subtitle=_("表决的复核、截止与公示，待审议的议题"),
                items=deliberation_items),
        Section("cobuilding", _("共建与党建"), subtitle=_("待匹配的需求、到期的协议、待确认的服务"),
                items=cobuilding_items),
    ]


def _volunteering_section(actor) -> Section:
    """Volunteers awaiting confirmation and correction requests to decide (the same
    conditions as the lists the links open)."""
    counts = volunteer_selectors.queue_counts(actor)
    return Section("volunteering", _("志愿服务"), subtitle=_("待确认的志愿者、待审核的时长更正"),
                   items=[
        Item("volunteers.applied", _("志愿者待确认"),
             _url("activities:volunteer_list", status="applied"), counts["applied"]),
        Item("corrections.pending", _("时长更正待审核"),
             _url("activities:correction_list", status="pending"), counts["corrections"]),
    ])


def _care_section(actor, *, today) -> Section:
    """The register's staff: households overdue for a visit, follow-ups to deal with, visit
    hours to confirm (the same conditions as care's overdue list and visit queues)."""
    counts = visit_selectors.queue_counts(actor, today=today)
    return Section("care", _("结对帮扶"), subtitle=_("逾期未走访、待跟进事项、待确认的走访时长"),
                   items=[
        Item("care.overdue", _("逾期未走访"), _url("care:overdue"), counts["overdue"],
             tone="danger"),
        Item("care.follow_ups", _("走访待跟进事项"), _url("care:visit_queue", queue="follow_ups"),
             counts["follow_ups"], tone="warning"),
        Item("care.hours", _("走访时长待确认"), _url("care:visit_queue", queue="hours"),
             counts["hours"]),
    ])


def _own_care_section(actor, *, today) -> Section:
    """A helper's own households: overdue, and due within the reminder window (我的帮扶 shows
    both, marked)."""
    rows = visit_selectors.my_households(actor, today=today)
    url = _url("care:my_households")
    return Section("my_care", _("我的帮扶"), subtitle=_("结对帮扶对象的走访到期情况"), items=[
        Item("care.my_overdue", _("已逾期未走访"), url,
             sum(1 for row in rows if row.is_overdue), tone="danger"),
        Item("care.my_due_soon", _("三天内应走访"), url,
             sum(1 for row in rows if row.is_due_soon), tone="warning"),
    ])


def _own_hours_section(volunteer, *, today) -> Section:
    """A volunteer's own hours this year and star level."""
    totals = volunteer_selectors.hours_totals(volunteer, today=today)
    stars = volunteer_selectors.star_progress(totals["all"])
    url = _url("activities:my_hours")
    return Section("my_hours", _("我的志愿服务"), subtitle=volunteer.get_status_display(), items=[
        Item("hours.volunteer_year", _("今年服务时长"), url,
             value=_("%(hours)s 小时") % {"hours": totals["year"]}),
        Item("hours.stars", _("星级"), url, value=stars.symbols or _("未评星"),
             hint=_("再服务 %(n)s 小时升星") % {"n": stars.to_next} if stars.to_next else ""),
    ])


def _activities_section(actor, *, now) -> Section:
    counts = activity_selectors.staff_counts(actor, now=now)
    return Section("activities", _("社区活动"), subtitle=_("近期活动与候补递补"), items=[
        Item("activities.week", _("未来 7 天的活动"), _url("activities:planner", when="week"),
             counts["week"]),
        Item("activities.offers", _("候补递补待居民确认"),
             _url("activities:planner", when="offers"), counts["offers"],
             hint=_("有空位已递补、等待居民答复的活动"), tone="warning"),
    ])


def _own_activity_items(actor, *, now) -> list[Item]:
    counts = activity_selectors.resident_counts(actor, now=now)
    return [
        Item("activities.offers", _("活动候补递补，待我确认"),
             _url("activities:my_signups", queue="offers"), counts["offers"], tone="warning"),
        Item("activities.upcoming", _("我报名的活动"),
             _url("activities:my_signups", queue="upcoming"), counts["upcoming"]),
    ]


def _grid_section(actor, *, cases) -> Section:
    return Section("grid", _("网格待办"), subtitle=_("派给我的和本网格楼栋的诉求"), items=[
        Item("cases.assigned", _("派给我的诉求"), _url("casework:case_list", queue="assigned"),
             cases["assigned"]),
        Item("cases.grid_open", _("本网格未办结诉求"),
             _url("casework:case_list", queue="grid_open"), cases["grid_open"]),
    ])


def _resident_section(actor, *, cases, now) -> Section:
    items = []
    for vote in vote_selectors.votes_awaiting_ballot(actor):
        items.append(Item(f"vote.{vote.pk}", _("业主表决：%(title)s") % {"title": vote.title},
                          f"{reverse('deliberation:my_votes')}#my-vote-{vote.pk}",
                          hint=_("%(date)s 截止") % {"date": vote.closes_on.isoformat()},
                          tone="warning"))
    for poll, _elector in poll_selectors.polls_awaiting_ballot(actor):
        items.append(Item(f"poll.{poll.pk}", _("居民投票：%(title)s") % {"title": poll.title},
                          f"{reverse('deliberation:my_polls')}#my-poll-{poll.pk}",
                          hint=_("%(date)s 截止") % {"date": poll.closes_on.isoformat()},
                          tone="warning"))
    items.append(Item("cases.rate", _("答复待我评价"), _url("casework:case_list", queue="rate"),
                      cases["rate"]))
    if activity_rules.can_sign_up(actor):
        items += _own_activity_items(actor, now=now)
    notices = list(notification_selectors.unread_notices(actor)[:5])
    for notice in notices:
        building = notice.event.building
        items.append(Item(f"notice.{notice.pk}", notice.title,
                          reverse("notifications:notification_detail", args=[notice.pk]),
                          hint=building.name if building else _("社区通知")))
    return Section("resident", _("我家的事"),
                   subtitle=_("待我投票的表决、待我评价的答复、本楼栋的通知"), items=items)


def _party_section(actor, *, today) -> Section:
    member = party_services.own_member(actor)
    counts = party_selectors.member_workbench_counts(actor, member, today=today)
    items = [
        Item("posts.open", _("可认领的岗位"), _url("party:my_party") + "#open-posts",
             counts["open_posts"]),
        Item("claims.mine", _("我的认领"), _url("party:my_party") + "#own-claims",
             counts["claims"],
             hint=_("其中 %(n)s 项待组织者确认") % {"n": counts["waiting"]}
             if counts["waiting"] else ""),
        Item("hours.year", _("今年服务时长"), _url("party:my_party") + "#own-claims",
             value=_("%(hours)s 小时") % {"hours": counts["hours_this_year"]}),
    ]
    return Section("party", _("党员报到"), subtitle=_("我的岗位、认领和服务时长"), items=items)


def _partner_section(actor) -> Section:
    matches = cobuilding_selectors.partner_workbench_counts(actor)
    cases = case_selectors.partner_case_counts(actor)
    return Section("partner", _("本单位待回复"), subtitle=_("社区发来的对接和派单"), items=[
        Item("matches.pending", _("需求对接待回复"),
             _url("cobuilding:partner_home") + "#pending", matches["pending_matches"]),
        Item("cases.partner_accept", _("派给本单位的诉求待接单"),
             _url("casework:partner_case_list", queue="accept"), cases["accept"],
             tone="warning"),
        Item("cases.partner_handle", _("本单位办理中的诉求"),
             _url("casework:partner_case_list", queue="handle"), cases["handle"]),
    ])


def _street_section(actor, *, now, rates) -> Section:
    communities = list(place_selectors.community_list(actor))
    cases = case_selectors.community_case_counts(actor, now=now)
    month = {row["id"]: row["rates"] for row in rates["this_month"]["rows"]}
    formulas = rates["this_month"]["formulas"]
    votes = vote_selectors.open_votes_by_community(actor)
    polls = poll_selectors.open_polls_by_community(actor)
    projects = cobuilding_selectors.running_projects_by_community(actor)
    rates_url = _url("casework:rates", start=rates["start"].isoformat(),
                     end=rates["end"].isoformat(), group_by="community")
    columns = [("open", _("未办结诉求")), ("overdue", _("已超期"))]
    columns += [(key, str(formula["label"])) for key, formula in formulas.items()]
    columns += [("votes", _("业主表决中")), ("polls", _("居民投票中")),
                ("projects", _("实施中项目"))]
    rows = []
    for community in communities:
        counts = cases.get(community.pk, {"open": 0, "overdue": 0})
        community_rates = month.get(str(community.pk), {})
        figures = {
            "open": (counts["open"], _url("casework:case_list", status="open",
                                          community=community.pk)),
            "overdue": (counts["overdue"], _url("casework:case_list", queue="overdue",
                                                community=community.pk)),
            **{key: (case_selectors.percent(community_rates.get(key)), rates_url)
               for key in formulas},
            "votes": (votes.get(community.pk, 0), _url(
                "deliberation:vote_list", status="open", community=community.pk)),
            "polls": (polls.get(community.pk, 0), _url(
                "deliberation:poll_list", status="open", community=community.pk)),
            "projects": (projects.get(community.pk, 0), _url(
                "cobuilding:board", community=community.pk) + "#projects"),
        }
        cells = [Cell(key, label, *figures[key]) for key, label in columns]
        rows.append(Row(community.pk, community.name, cells))
    return Section("street", _("各社区一览"),
                   subtitle=_("本月诉求办理、三率和进行中的表决与项目；点数字看明细"),
                   columns=columns, rows=rows)


# ---- the page -------------------------------------------------------------------------------

def workbench(actor, *, now: datetime.datetime | None = None) -> dict:
    """Every section that applies to the actor's roles, and the shortcuts."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    roles = _roles(actor)
    is_admin = actor.is_superuser or bool(roles & ADMIN_ROLES)
    is_community_staff = bool(roles & {Role.COMMUNITY_SECRETARY, Role.COMMUNITY_STAFF})
    rates = (case_selectors.month_rates(actor, today=today)
             if is_admin or is_community_staff else None)
    case_counts = {}

    def cases() -> dict[str, int]:  # one aggregate query, shared by the sections that use it
        if not case_counts:
            case_counts.update(case_selectors.workbench_counts(actor, now=now))
        return case_counts

    sections = []
    if is_community_staff:
        sections += _community_sections(actor, cases=cases(), today=today, rates=rates)
        if activity_rules.can_manage_activities(actor):
            sections.append(_activities_section(actor, now=now))
    if is_community_staff and has_permission_somewhere(actor, volunteer_rules.MANAGE_VOLUNTEER):
        sections.append(_volunteering_section(actor))
    if is_community_staff and care_rules.can_view_register(actor):
        sections.append(_care_section(actor, today=today))
    # a helper's own households; staff who are paired with a household themselves see theirs too
    if care_rules.can_help(actor) or (
            is_community_staff and care_helpers.active_pairings_of(actor).exists()):
        sections.append(_own_care_section(actor, today=today))
    if volunteer_rules.can_join(actor):
        volunteer = volunteer_profiles.own_volunteer(actor)
        if volunteer is not None:
            sections.append(_own_hours_section(volunteer, today=today))
    if Role.GRID_WORKER in roles and any(
            grant.level == "grid" for grant in grants_for(actor, case_rules.VIEW_CASE) or []):
        sections.append(_grid_section(actor, cases=cases()))
    if Role.RESIDENT in roles:
        sections.append(_resident_section(actor, cases=cases(), now=now))
    if Role.PARTY_MEMBER in roles:
        sections.append(_party_section(actor, today=today))
    if Role.PARTNER_CONTACT in roles and cobuilding_rules.partner_unit_id(actor) is not None:
        sections.append(_partner_section(actor))
    if is_admin:
        sections.append(_street_section(actor, now=now, rates=rates))
    return {"sections": sections, "shortcuts": shortcuts(actor)}


def shortcuts(actor) -> list[dict]:
    return [{"url": reverse(url), "label": str(label), "hint": str(hint)}
            for permission, url, label, hint in SHORTCUTS
            if has_permission_somewhere(actor, permission)]


def as_data(section: Section) -> dict:
    """A section as plain data (the JSON twin)."""
    data = asdict(section)
    data["columns"] = [{"key": key, "label": label} for key, label in section.columns]
    return data

