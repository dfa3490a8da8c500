"""Every number the dashboards and the ledgers show, defined once: which rows it counts (or
sums), in whose scope, and which date puts a row in a month. A dashboard's number, its trend
and its comparison across communities, the rows a click leads to, and the ledger's totals are
all read through the same `Metric`, so they cannot disagree.

A metric's rows are always narrowed by `reports.view_dashboard` (core.scoping) over the rows'
own model: a community's staff see their community, a street admin the street's communities,
a district admin the district's. The columns a metric shows of its rows carry no personal
data (no resident's name, phone or ID number): admins read them too.

Counting is one grouped query per metric (by community, or by community and month), whatever
the number of rows."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.activities.events.choices import ActivityKind, ActivityStatus, SignUpStatus
from gongzhi.activities.events.models import Activity, SignUp
from gongzhi.activities.volunteering.models import HoursEntry
from gongzhi.care.register.models import CareHousehold
from gongzhi.care.visits.models import Visit
from gongzhi.casework.choices import Status as CaseStatus
from gongzhi.casework.choices import StepAction
from gongzhi.casework.models import Case, CaseStep
from gongzhi.cobuilding.choices import ProjectStatus
from gongzhi.cobuilding.models import Need, Project, Resource
from gongzhi.core.scoping import has_permission_somewhere
from gongzhi.deliberation.polls.choices import PollStatus
from gongzhi.deliberation.polls.models import Poll
from gongzhi.deliberation.topics.choices import MeetingStatus
from gongzhi.deliberation.topics.models import Meeting, Topic
from gongzhi.deliberation.votes.choices import VoteStatus
from gongzhi.deliberation.votes.models import Vote
from gongzhi.organisations.choices import MemberKind
from gongzhi.organisations.models import Member

VIEW_DASHBOARD = "reports.view_dashboard"

# the ledger's and the dashboards' sections, in their order
SECTIONS = {
    "party": _("党建引领"),
    "cobuilding": _("共驻共建"),
    "requests": _("诉求办理"),
    "activities": _("活动与志愿服务"),
    "care": _("结对帮扶"),
    "deliberation": _("协商议事与业主表决"),
}


@dataclass(frozen=True)
class Column:
    label: str
    value: Callable  # row -> the cell's value (text, number or date)


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    section: str
    unit: str
    # (actor) -> the queryset of every row the metric could count, already narrowed to the
    # actor's scope; the period and the communities are applied by the functions below
    base: Callable[[object], QuerySet]
    date_path: str          # the field that puts a row in a period and a month
    columns: tuple[Column, ...]
    community_path: str = "community_id"
    sum_path: str = ""      # empty: the number of rows; else the sum of this field
    # a permission the reader must also hold (in the rows' scope) to see the rows themselves;
    # the others see the number only (e.g. who is an in-service party member: the roll's)
    rows_permission: str = ""
    help: str = ""
    order_by: tuple[str, ...] = field(default=())
    # a further grouping of the number (e.g. by partner unit): the path of the group's name
    group_path: str = ""
    group_label: str = ""


REGISTRY: dict[str, Metric] = {}


def register(metric: Metric) -> Metric:
    if metric.key in REGISTRY:
        raise ValueError(f"metric {metric.key} is already registered")
    if metric.section not in SECTIONS:
        raise ValueError(f"unknown section {metric.section}")
    REGISTRY[metric.key] = metric
    return metric


def metric(key: str) -> Metric:
    return REGISTRY[key]


def in_section(section: str) -> list[Metric]:
    return [row for row in REGISTRY.values() if row.section == section]


# ---- periods -------------------------------------------------------------------------------

def _bounds(model, path: str, start: datetime.date, end: datetime.date) -> dict:
    """The filter of `start`..`end` (inclusive days) on a date or a date-time field."""
    target = model._meta.get_field(path.split("__")[0])
    for part in path.split("__")[1:]:
        target = target.related_model._meta.get_field(part)
    if target.get_internal_type() == "DateTimeField":
        tz = timezone.get_current_timezone()
        start_at = datetime.datetime.combine(start, datetime.time(), tzinfo=tz)
        end_at = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time(),
                                           tzinfo=tz)
        return {f"{path}__gte": start_at, f"{path}__lt": end_at}
    return {f"{path}__gte": start, f"{path}__lte": end}


def rows(metric: Metric, actor, *, start: datetime.date, end: datetime.date,
         community_ids=None) -> QuerySet:
    """The rows behind the number: in the actor's scope, in the period, in the communities."""
    queryset = metric.base(actor)
    queryset = queryset.filter(**_bounds(queryset.model, metric.date_path, start, end))
    if community_ids is not None:
        queryset = queryset.filter(**{f"{metric.community_path}__in": list(community_ids)})
    return queryset.order_by(*(metric.order_by or (f"-{metric.date_path}", "-pk")))


def shown_rows(metric: Metric, actor, *, start: datetime.date, end: datetime.date,
               community_ids=None) -> QuerySet:
    """The rows the reader may see of those behind the number: all of them, unless the metric
    asks for `rows_permission` as well (pages, the API, exports and ledgers list these)."""
    queryset = rows(metric, actor, start=start, end=end, community_ids=community_ids)
    if metric.rows_permission:
        allowed = queryset.model.objects.for_user(actor, metric.rows_permission)
        queryset = queryset.filter(pk__in=allowed.values("pk"))
    return queryset


def rows_hidden(metric: Metric, actor) -> bool:
    """Does the reader see this metric's number without its rows (anywhere)?"""
    return bool(metric.rows_permission) and not has_permission_somewhere(
        actor, metric.rows_permission)


def _amount(metric: Metric):
    return Sum(metric.sum_path) if metric.sum_path else Count("pk", distinct=True)


def _number(value) -> int | Decimal:
    if value is None:
        return 0
    return value


def value(metric: Metric, actor, *, start, end, community_ids=None) -> int | Decimal:
    queryset = rows(metric, actor, start=start, end=end, community_ids=community_ids)
    return _number(queryset.order_by().aggregate(amount=_amount(metric))["amount"])


def by_community(metric: Metric, actor, *, start, end, community_ids=None) -> dict:
    """{community id: number} for the period, one query."""
    queryset = rows(metric, actor, start=start, end=end, community_ids=community_ids)
    grouped = (queryset.order_by().values(metric.community_path)
               .annotate(amount=_amount(metric)))
    return {row[metric.community_path]: _number(row["amount"]) for row in grouped}


def by_group(metric: Metric, actor, *, start, end, community_ids=None) -> dict:
    """{group name: number} for the period (the metric's `group_path`), one query."""
    if not metric.group_path:
        return {}
    queryset = rows(metric, actor, start=start, end=end, community_ids=community_ids)
    grouped = (queryset.order_by().values(metric.group_path).annotate(amount=_amount(metric)))
    table = {}
    for row in grouped:
        name = row[metric.group_path] or ""
        table[name] = table.get(name, 0) + _number(row["amount"])
    return table


def months_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    months, cursor = [], start.replace(day=1)
    while cursor <= end:
        months.append(cursor)
        cursor = (cursor + datetime.timedelta(days=32)).replace(day=1)
    return months


def by_month(metric: Metric, actor, *, start, end, community_ids=None) -> dict:
    """{(community id, first day of the month): number} for the period, one query."""
    queryset = rows(metric, actor, start=start, end=end, community_ids=community_ids)
    grouped = (queryset.order_by()
               .annotate(month=TruncMonth(metric.date_path))
               .values(metric.community_path, "month")
               .annotate(amount=_amount(metric)))
    table = {}
    for row in grouped:
        month = row["month"]
        if isinstance(month, datetime.datetime):
            month = timezone.localtime(month).date() if timezone.is_aware(month) else month.date()
        key = (row[metric.community_path], month.replace(day=1))
        table[key] = table.get(key, 0) + _number(row["amount"])
    return table


# ---- the metrics ---------------------------------------------------------------------------
# More are registered by each section below; every one has a test that its number equals the
# same number counted directly from the rows (reports/tests/test_metrics.py).


def _local(moment):
    return timezone.localtime(moment) if moment else ""


def _cases(actor) -> QuerySet:
    """Requests as the casework rates count them (casework.selectors._period_cases): not
    merged, not found unreasonable by the street."""
    return (Case.objects.for_user(actor, VIEW_DASHBOARD)
            .filter(is_unreasonable=False).exclude(status=CaseStatus.MERGED)
            .select_related("community", "category"))


CASE_COLUMNS = (Column(_("编号"), lambda case: f"#{case.pk}"),
                Column(_("社区"), lambda case: case.community.name),
                Column(_("类别"), lambda case: case.category.name),
                Column(_("受理时间"), lambda case: _local(case.created_at)),
                Column(_("状态"), lambda case: case.get_status_display()))


def _first_accept():
    return Subquery(CaseStep.objects.filter(case=OuterRef("pk"), action=StepAction.ACCEPT)
                    .order_by("created_at", "pk").values("created_at")[:1])


register(Metric(
    key="cases_received", label=_("受理诉求"), section="requests", unit=_("件"),
    base=_cases, date_path="created_at", columns=CASE_COLUMNS,
    help=_("受理的诉求，不含合并和经街道认定的不合理诉求（与诉求办理“三率”的口径相同）。")))

register(Metric(
    key="cases_responded_in_time", label=_("按时接单"), section="requests", unit=_("件"),
    base=lambda actor: (_cases(actor).annotate(accepted_at=_first_accept())
                        .filter(accepted_at__isnull=False, accept_due_at__isnull=False,
                                accepted_at__lte=F("accept_due_at"))),
    date_path="created_at", columns=CASE_COLUMNS,
    help=_("第一次接单在接单时限内的诉求（响应率的分子）。")))

register(Metric(
    key="cases_followed_up", label=_("已回访"), section="requests", unit=_("件"),
    base=lambda actor: _cases(actor).filter(is_satisfied__isnull=False),
    date_path="created_at", columns=CASE_COLUMNS,
    help=_("已回访的诉求，以最近一次回访为准（解决率、满意率的分母）。")))

register(Metric(
    key="cases_solved", label=_("回访已解决"), section="requests", unit=_("件"),
    base=lambda actor: _cases(actor).filter(is_solved=True),
    date_path="created_at", columns=CASE_COLUMNS,
    help=_("回访表示已解决的诉求（解决率的分子）。")))

register(Metric(
    key="cases_satisfied", label=_("回访满意"), section="requests", unit=_("件"),
    base=lambda actor: _cases(actor).filter(is_satisfied=True),
    date_path="created_at", columns=CASE_COLUMNS,
    help=_("回访表示满意的诉求（满意率的分子）。")))


@dataclass(frozen=True)
class Rate:
    """A rate shown on the dashboards: numerator ÷ denominator, both registered metrics."""
    key: str
    label: str
    numerator: str
    denominator: str


# the three rates, with the formulas of settings.CASEWORK_RATES
RATES = (
    Rate("response", _("响应率"), "cases_responded_in_time", "cases_received"),
    Rate("resolution", _("解决率"), "cases_solved", "cases_followed_up"),
    Rate("satisfaction", _("满意率"), "cases_satisfied", "cases_followed_up"),
)

register(Metric(
    key="activities_held", label=_("举办活动"), section="activities", unit=_("场"),
    base=lambda actor: (Activity.objects.for_user(actor, VIEW_DASHBOARD)
                        .filter(status=ActivityStatus.DONE).select_related("community")),
    date_path="starts_at",
    columns=(Column(_("活动名称"), lambda activity: activity.title),
             Column(_("社区"), lambda activity: activity.community.name),
             Column(_("类型"), lambda activity: activity.get_kind_display()),
             Column(_("开始时间"), lambda activity: _local(activity.starts_at)),
             Column(_("地点"), lambda activity: activity.place))))

register(Metric(
    key="activity_signups", label=_("活动报名"), section="activities", unit=_("人次"),
    base=lambda actor: (SignUp.objects.for_user(actor, VIEW_DASHBOARD)
                        .exclude(status=SignUpStatus.CANCELLED)
                        .select_related("community", "activity")),
    date_path="activity__starts_at",
    columns=(Column(_("活动名称"), lambda signup: signup.activity.title),
             Column(_("社区"), lambda signup: signup.community.name),
             Column(_("活动时间"), lambda signup: _local(signup.activity.starts_at)),
             Column(_("报名状态"), lambda signup: signup.get_status_display())),
    help=_("活动开始于该期间的有效报名（不含已取消），按人次计。")))

register(Metric(
    key="activity_attendances", label=_("活动签到"), section="activities", unit=_("人次"),
    base=lambda actor: (SignUp.objects.for_user(actor, VIEW_DASHBOARD)
                        .filter(checked_in_at__isnull=False)
                        .select_related("community", "activity")),
    date_path="activity__starts_at",
    columns=(Column(_("活动名称"), lambda signup: signup.activity.title),
             Column(_("社区"), lambda signup: signup.community.name),
             Column(_("活动时间"), lambda signup: _local(signup.activity.starts_at)),
             Column(_("签到时间"), lambda signup: _local(signup.checked_in_at))),
    help=_("活动开始于该期间、已签到的参加者，按人次计。")))

register(Metric(
    key="service_hours", label=_("志愿服务时长"), section="activities", unit=_("小时"),
    base=lambda actor: (HoursEntry.objects.for_user(actor, VIEW_DASHBOARD)
                        .select_related("community")),
    date_path="served_on", sum_path="hours",
    columns=(Column(_("服务日期"), lambda entry: entry.served_on),
             Column(_("社区"), lambda entry: entry.community.name),
             Column(_("类型"), lambda entry: entry.get_kind_display()),
             Column(_("时长（小时）"), lambda entry: entry.hours)),
    help=_("志愿服务记录的时长合计；更正记在所更正服务的日期（与服务时长台账相同）。")))

# ---- party building: in-service members (双报到) ----

register(Metric(
    key="party_registrations", label=_("在职党员报到"), section="party", unit=_("人"),
    base=lambda actor: (Member.objects.for_user(actor, VIEW_DASHBOARD)
                        .filter(kind=MemberKind.IN_SERVICE).select_related("community")),
    date_path="registered_on",
    columns=(Column(_("报到日期"), lambda member: member.registered_on),
             Column(_("社区"), lambda member: member.community.name),
             Column(_("工作单位"), lambda member: member.work_unit_name)),
    rows_permission="party.view_member",
    help=_("在该期间到社区报到的在职党员（双报到）。")))

register(Metric(
    key="party_service_hours", label=_("在职党员服务时长"), section="party", unit=_("小时"),
    base=lambda actor: (HoursEntry.objects.for_user(actor, VIEW_DASHBOARD)
                        .filter(volunteer__person__party_member__kind=MemberKind.IN_SERVICE)
                        .select_related("community")),
    date_path="served_on", sum_path="hours",
    columns=(Column(_("服务日期"), lambda entry: entry.served_on),
             Column(_("社区"), lambda entry: entry.community.name),
             Column(_("时长（小时）"), lambda entry: entry.hours)),
    rows_permission="party.view_member",
    help=_("在职党员的志愿服务时长合计（含更正）。")))

register(Metric(
    key="party_days", label=_("主题党日"), section="party", unit=_("场"),
    base=lambda actor: (Activity.objects.for_user(actor, VIEW_DASHBOARD)
                        .filter(status=ActivityStatus.DONE, kind=ActivityKind.PARTY_DAY)
                        .select_related("community")),
    date_path="starts_at",
    columns=(Column(_("活动名称"), lambda activity: activity.title),
             Column(_("社区"), lambda activity: activity.community.name),
             Column(_("开始时间"), lambda activity: _local(activity.starts_at)),
             Column(_("地点"), lambda activity: activity.place)),
    help=_("已举办的主题党日活动。")))

# ---- co-building ----

register(Metric(
    key="needs_raised", label=_("收集需求"), section="cobuilding", unit=_("项"),
    base=lambda actor: (Need.objects.for_user(actor, VIEW_DASHBOARD)
                        .select_related("community")),
    date_path="created_at", group_path="projects__lead_unit__name",
    group_label=_("实施项目的牵头单位"),
    columns=(Column(_("需求"), lambda need: need.title),
             Column(_("社区"), lambda need: need.community.name),
             Column(_("类别"), lambda need: need.get_category_display()),
             Column(_("登记时间"), lambda need: _local(need.created_at)),
             Column(_("状态"), lambda need: need.get_status_display())),
    help=_("在该期间登记的需求。")))

register(Metric(
    key="resources_offered", label=_("登记资源"), section="cobuilding", unit=_("项"),
    base=lambda actor: (Resource.objects.for_user(actor, VIEW_DASHBOARD)
                        .select_related("community", "unit")),
    date_path="created_at", group_path="unit__name", group_label=_("共建单位"),
    columns=(Column(_("资源"), lambda resource: resource.title),
             Column(_("社区"), lambda resource: resource.community.name),
             Column(_("共建单位"), lambda resource: resource.unit.name if resource.unit_id
                    else ""),
             Column(_("形式"), lambda resource: resource.get_kind_display()),
             Column(_("登记时间"), lambda resource: _local(resource.created_at))),
    help=_("在该期间登记的共建资源。")))

PROJECT_COLUMNS = (Column(_("项目名称"), lambda project: project.title),
                   Column(_("社区"), lambda project: project.community.name),
                   Column(_("牵头单位"), lambda project: project.lead_unit.name
                          if project.lead_unit_id else ""),
                   Column(_("状态"), lambda project: project.get_status_display()),
                   Column(_("启动时间"), lambda project: _local(project.created_at)))

register(Metric(
    key="projects_started", label=_("启动项目"), section="cobuilding", unit=_("个"),
    base=lambda actor: (Project.objects.for_user(actor, VIEW_DASHBOARD)
                        .select_related("community", "lead_unit")),
    date_path="created_at", group_path="lead_unit__name", group_label=_("牵头单位"),
    columns=PROJECT_COLUMNS, help=_("在该期间启动的共建项目。")))

register(Metric(
    key="projects_finished", label=_("完成项目"), section="cobuilding", unit=_("个"),
    base=lambda actor: (Project.objects.for_user(actor, VIEW_DASHBOARD)
                        .filter(status=ProjectStatus.FINISHED)
                        .select_related("community", "lead_unit")),
    date_path="updated_at", group_path="lead_unit__name", group_label=_("牵头单位"),
    columns=PROJECT_COLUMNS,
    help=_("已完成的共建项目，按最后更新时间计入期间（项目没有单独的完成日期）。")))

# ---- care ----

register(Metric(
    key="care_visits", label=_("走访"), section="care", unit=_("次"),
    base=lambda actor: (Visit.objects.for_user(actor, VIEW_DASHBOARD)
                        .select_related("community")),
    date_path="visited_on",
    columns=(Column(_("走访日期"), lambda visit: visit.visited_on),
             Column(_("社区"), lambda visit: visit.community.name),
             Column(_("方式"), lambda visit: visit.get_kind_display())),
    help=_("在该期间对帮扶家庭的走访（入户、电话等）。")))

register(Metric(
    key="care_households", label=_("纳入帮扶家庭"), section="care", unit=_("户"),
    base=lambda actor: (CareHousehold.objects.for_user(actor, VIEW_DASHBOARD)
                        .select_related("community")),
    date_path="registered_on",
    columns=(Column(_("纳入日期"), lambda household: household.registered_on),
             Column(_("社区"), lambda household: household.community.name),
             Column(_("状态"), lambda household: household.get_status_display())),
    help=_("在该期间纳入帮扶名册的家庭（不显示姓名）。")))

# ---- deliberation ----

register(Metric(
    key="votes_held", label=_("发起业主表决"), section="deliberation", unit=_("次"),
    base=lambda actor: (Vote.objects.for_user(actor, VIEW_DASHBOARD)
                        .exclude(status=VoteStatus.DRAFT).select_related("community")),
    date_path="opened_at",
    columns=(Column(_("表决事项"), lambda vote: vote.title),
             Column(_("社区"), lambda vote: vote.community.name),
             Column(_("开始时间"), lambda vote: _local(vote.opened_at)),
             Column(_("状态"), lambda vote: vote.get_status_display())),
    help=_("在该期间开始投票的业主表决。")))

register(Metric(
    key="votes_closed", label=_("完成业主表决"), section="deliberation", unit=_("次"),
    base=lambda actor: (Vote.objects.for_user(actor, VIEW_DASHBOARD)
                        .filter(status__in=[VoteStatus.CLOSED, VoteStatus.PUBLISHED])
                        .select_related("community")),
    date_path="closed_at",
    columns=(Column(_("表决事项"), lambda vote: vote.title),
             Column(_("社区"), lambda vote: vote.community.name),
             Column(_("截止时间"), lambda vote: _local(vote.closed_at)),
             Column(_("状态"), lambda vote: vote.get_status_display())),
    help=_("在该期间截止的业主表决。")))

register(Metric(
    key="polls_held", label=_("民意征询"), section="deliberation", unit=_("次"),
    base=lambda actor: (Poll.objects.for_user(actor, VIEW_DASHBOARD)
                        .exclude(status=PollStatus.DRAFT).select_related("community")),
    date_path="opened_at",
    columns=(Column(_("事项"), lambda poll: poll.title),
             Column(_("社区"), lambda poll: poll.community.name),
             Column(_("开始时间"), lambda poll: _local(poll.opened_at)),
             Column(_("状态"), lambda poll: poll.get_status_display())),
    help=_("在该期间开始的民意征询。")))

register(Metric(
    key="topics_raised", label=_("协商议题"), section="deliberation", unit=_("个"),
    base=lambda actor: (Topic.objects.for_user(actor, VIEW_DASHBOARD)
                        .select_related("community")),
    date_path="created_at",
    columns=(Column(_("议题"), lambda topic: topic.title),
             Column(_("社区"), lambda topic: topic.community.name),
             Column(_("提出时间"), lambda topic: _local(topic.created_at)),
             Column(_("状态"), lambda topic: topic.get_status_display())),
    help=_("在该期间提出的协商议题。")))

register(Metric(
    key="meetings_held", label=_("议事会议"), section="deliberation", unit=_("次"),
    base=lambda actor: (Meeting.objects.for_user(actor, VIEW_DASHBOARD)
                        .filter(status=MeetingStatus.HELD).select_related("community")),
    date_path="starts_at",
    columns=(Column(_("会议名称"), lambda meeting: meeting.title),
             Column(_("社区"), lambda meeting: meeting.community.name),
             Column(_("时间"), lambda meeting: _local(meeting.starts_at)),
             Column(_("地点"), lambda meeting: meeting.place)),
    help=_("在该期间召开的协商会议。")))
