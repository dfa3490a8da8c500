"""Reads of casework: lists narrowed to the actor, the board, the rates and the insight."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.db.models.query import ModelIterable
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.accounts.choices import Role
from gongzhi.accounts.models import RoleAssignment, User
from gongzhi.accounts.roles import EDITOR_ROLES, permissions_of
from gongzhi.casework import rules
from gongzhi.casework.choices import NEVER_PUBLIC_GROUPS, OPEN_STATUSES, Status, StepAction
from gongzhi.casework.models import Case, CasePhoto, CaseStep, Category
from gongzhi.core.scoping import grants_for
from gongzhi.core.text import mask_personal_data
from gongzhi.organisations.models import PartnerUnit
from gongzhi.people import selectors as people_selectors
from gongzhi.places.models import Building, Flat, Unit


def _cases_for(actor):
    if actor is None or not actor.is_authenticated:
        return Case.objects.none()
    scoped = Case.objects.for_user(actor, rules.VIEW_CASE).values("pk")
    return Case.objects.filter(Q(pk__in=scoped) | Q(reporter_user=actor)
                               | Q(merged_into__isnull=False, reporter_user=actor))


def case_is_visible(actor, case: Case) -> bool:
    return _cases_for(actor).filter(pk=case.pk).exists()


# ---- queues: the filters the workbench counts and the list page applies (one definition) --

QUEUES = {
    "dispatch": _("待派单"),
    "accept": _("待接单"),
    "due_today": _("今天到期"),
    "overdue": _("已超期"),
    "follow_up": _("待回访"),
    "assigned": _("派给我的"),
    "grid_open": _("本网格未办结"),
    "rate": _("待我评价"),
}


def _day_bounds(now):
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + datetime.timedelta(days=1)


def _grid_ids(actor) -> list[int]:
    return [grant.place_id for grant in grants_for(actor, rules.VIEW_CASE) or []
            if grant.level == "grid"]


def queue_q(actor, queue: str, *, now) -> Q | None:
    """The condition of one queue for this actor, or None for an unknown name."""
    _, tomorrow = _day_bounds(now)
    is_open = Q(status__in=OPEN_STATUSES)
    conditions = {
        # a request sent back by its handler waits for the community to dispatch it again
        "dispatch": Q(status__in=[Status.NEW, Status.RETURNED]),
        "accept": Q(status=Status.DISPATCHED),
        "due_today": is_open & Q(due_at__gte=now, due_at__lt=tomorrow),
        "overdue": is_open & Q(due_at__lt=now),
        "follow_up": Q(status=Status.ANSWERED),
        "assigned": is_open & Q(handler_id=actor.pk) & ~Q(status=Status.ANSWERED),
        "grid_open": is_open & Q(building__grid_id__in=_grid_ids(actor)),
        "rate": Q(status=Status.ANSWERED, reporter_user_id=actor.pk),
    }
    return conditions.get(queue)


def workbench_counts(actor, *, now) -> dict[str, int]:
    """How many of the actor's requests wait in each queue: one aggregate query, the same
    conditions as case_list(queue=...), so each count equals the rows behind its link."""
    if actor is None or not actor.is_authenticated:
        return dict.fromkeys(QUEUES, 0)
    return _cases_for(actor).aggregate(**{
        name: Count("pk", filter=queue_q(actor, name, now=now)) for name in QUEUES})


def community_case_counts(actor, *, now) -> dict[int, dict[str, int]]:
    """Open and overdue requests per community of the actor's scope: one grouped query."""
    rows = (Case.objects.for_user(actor, rules.VIEW_CASE).order_by().values("community_id")
            .annotate(open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
                      overdue=Count("pk", filter=queue_q(actor, "overdue", now=now))))
    return {row["community_id"]: {"open": row["open"], "overdue": row["overdue"]}
            for row in rows}


def month_rates(actor, *, today: datetime.date) -> dict:
    """The three rates of this month and of last month, in total and per community: the same
    computation as the rates page (case_rates), two queries each."""
    first = today.replace(day=1)
    last_month_end = first - datetime.timedelta(days=1)
    this_month = case_rates(actor, start=first, end=today, group_by="community")
    last_month = case_rates(actor, start=last_month_end.replace(day=1), end=last_month_end,
                            group_by="community")
    return {"this_month": this_month, "last_month": last_month, "start": first,
            "end": today, "last_start": last_month_end.replace(day=1),
            "last_end": last_month_end}


def case_list(actor, *, status: str = "", mine: bool = False, handler_id: int | None = None,
              community_id: int | None = None, search: str = "", queue: str = "", now=None):
    """Requests the actor may see: their community's (or grid's), and their own reports;
    `queue` narrows them to one of QUEUES (the workbench's counts)."""
    cases = _cases_for(actor)
    if queue in QUEUES:
        cases = cases.filter(queue_q(actor, queue, now=now or timezone.now()))
    if mine:
        cases = cases.filter(Q(reporter_user=actor) | Q(handler=actor))
    if status == "open":
        cases = cases.filter(status__in=OPEN_STATUSES)
    elif status:
        cases = cases.filter(status=status)
    if handler_id:
        cases = cases.filter(handler_id=handler_id)
    if community_id:
        cases = cases.filter(community_id=community_id)
    if search:
        cases = cases.filter(Q(description__icontains=search) | Q(external_ref=search))
    return cases.select_related("category", "building", "handler", "community", "partner_unit")


def has_own_reports(actor) -> bool:
    """Has the actor reported any request themselves?"""
    return (actor is not None and actor.is_authenticated
            and Case.objects.filter(reporter_user=actor).exists())


def case_steps(case: Case):
    return case.steps.select_related("actor", "handler", "partner_unit").prefetch_related(
        "photos")


def category_list(actor, *, community_id: int | None = None):
    categories = Category.objects.for_user(actor, rules.REPORT_CASE)
    if community_id:
        categories = categories.filter(community_id=community_id)
    return categories.select_related("community", "default_handler")


@dataclass(frozen=True)
class HandlerCandidate:
    """A person a request could be dispatched to, and why not when they cannot be chosen."""

    user: object
    reason: str = ""               # rules.handler_unavailable_reason; "" when available
    is_building_grid_worker: bool = False  # grid worker of the request's building's grid

    @property
    def available(self) -> bool:
        return not self.reason


def handler_candidates(actor, case: Case) -> list[HandlerCandidate]:
    """Everyone who could handle requests in the request's community (and the category's
    default handler and the current handler), each with rules.handler_unavailable_reason.

    The building's grid worker comes first, then the others who may be chosen, then those who
    may not, each group by name. Two queries whatever the number of staff.
    """
    # the actor is not checked here: the dispatch service refuses a non-dispatcher with 403,
    # and the pages and the API list candidates only to those who may dispatch
    community_id = case.community_id
    extra_ids = [pk for pk in (case.handler_id, case.category.default_handler_id) if pk]
    users = (User.objects.filter(
        Q(role_assignments__community_id=community_id, role_assignments__role__in=EDITOR_ROLES)
        | Q(role_assignments__grid__community_id=community_id,
            role_assignments__role__in=EDITOR_ROLES)
        | Q(pk__in=extra_ids)).distinct()
        .prefetch_related(Prefetch("role_assignments",
                                   queryset=RoleAssignment.objects.select_related("grid"))))
    grid_id = case.building.grid_id
    candidates = []
    for user in users:
        # fill User.scope_grants()'s cache from the prefetched roles: no query per person
        user._scope_grants = [(perm, assignment.grant())
                              for assignment in user.role_assignments.all()
                              for perm in permissions_of(assignment.role)]
        reason = rules.handler_unavailable_reason(user, case)
        grid_worker = grid_id is not None and any(
            assignment.role == Role.GRID_WORKER and assignment.grid_id == grid_id
            for assignment in user.role_assignments.all())
        candidates.append(HandlerCandidate(user=user, reason=reason,
                                           is_building_grid_worker=grid_worker and not reason))
    return sorted(candidates, key=lambda c: (not c.is_building_grid_worker, bool(c.reason),
                                             str(c.user)))


def handler_choices(actor, case: Case):
    """Staff and grid workers who may handle this request (the same rule the service checks)."""
    return [candidate.user for candidate in handler_candidates(actor, case)
            if candidate.available]


def handler_preselected(actor, case: Case, candidates=None):
    """The handler a dispatch form starts with: the current one, else the category's default
    handler, else the grid worker of the building's grid, when they may be chosen."""
    candidates = handler_candidates(actor, case) if candidates is None else candidates
    available = {c.user.pk: c for c in candidates if c.available}
    for pk in (case.handler_id, case.category.default_handler_id):
        if pk in available:
            return pk
    return next((c.user.pk for c in candidates if c.is_building_grid_worker), None)


def _bigrams(text: str) -> set[str]:
    text = "".join(ch for ch in text if not ch.isspace())
    return {text[i:i + 2] for i in range(len(text) - 1)} or {text}


def similarity(first: str, second: str) -> float:
    a, b = _bigrams(first), _bigrams(second)
    return len(a & b) / len(a | b) if a | b else 0.0


def case_similar(actor, case: Case) -> list[tuple[Case, float]]:
    """Open requests of the same building and category, most alike first (duplicate hints)."""
    others = (Case.objects.for_user(actor, rules.DISPATCH_CASE)
              .filter(building_id=case.building_id, category_id=case.category_id,
                      status__in=OPEN_STATUSES, merged_into__isnull=True)
              .exclude(pk=case.pk).select_related("category", "building"))
    scored = [(other, similarity(case.description, other.description)) for other in others]
    return sorted(scored, key=lambda pair: (-pair[1], pair[0].pk))


def board(actor, *, community_id: int | None = None):
    """Resolved shared-space problems, for the public board: no names, no descriptions."""
    cases = (Case.objects.for_user(actor, rules.VIEW_BOARD)
             .filter(status=Status.CLOSED, is_unreasonable=False, category__is_public=True)
             .exclude(category__group__in=list(NEVER_PUBLIC_GROUPS)))
    if community_id:
        cases = cases.filter(community_id=community_id)
    return cases.select_related("category", "building").order_by("-closed_at", "-pk")


# ---- rates ---------------------------------------------------------------------------------

COUNTERS = {
    "received": _("受理的诉求数（不含合并和经街道认定的不合理诉求）"),
    "responded": _("已接单的诉求数"),
    "responded_in_time": _("在接单时限内接单的诉求数"),
    "followed_up": _("已回访的诉求数（以最近一次回访为准）"),
    "solved": _("回访表示已解决的诉求数"),
    "satisfied": _("回访表示满意的诉求数"),
    "closed": _("已办结的诉求数"),
}
RATE_LABELS = {"response": _("响应率"), "resolution": _("解决率"), "satisfaction": _("满意率")}
GROUPS = {"community": _("社区"), "grid": _("网格"), "category": _("类别"), "handler": _("承办人")}


def _counts(case: Case, accepted_at) -> dict[str, int]:
    return {
        "received": 1,
        "responded": int(accepted_at is not None),
        "responded_in_time": int(accepted_at is not None and case.accept_due_at is not None
                                 and accepted_at <= case.accept_due_at),
        "followed_up": int(case.is_satisfied is not None),
        "solved": int(bool(case.is_solved)),
        "satisfied": int(bool(case.is_satisfied)),
        "closed": int(case.status == Status.CLOSED),
    }


def _rate(counts: dict, formula: dict) -> Fraction | None:
    denominator = counts[formula["denominator"]]
    if not denominator:
        return None
    return Fraction(counts[formula["numerator"]], denominator)


def _period_cases(actor, start: datetime.date, end: datetime.date):
    start_at = timezone.make_aware(datetime.datetime.combine(start, datetime.time()))
    end_at = timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(days=1),
                                                           datetime.time()))
    return (Case.objects.for_user(actor, rules.VIEW_RATES)
            .filter(created_at__gte=start_at, created_at__lt=end_at, is_unreasonable=False)
            .exclude(status=Status.MERGED)
            .select_related("community", "building__grid", "category", "handler")
            .prefetch_related(Prefetch("steps", queryset=CaseStep.objects.order_by(
                "created_at", "pk"), to_attr="ordered_steps")))


def _group_key(case: Case, group_by: str) -> tuple[str, str]:
    if group_by == "community":
        return str(case.community_id), case.community.name
    if group_by == "grid":
        grid = case.building.grid
        return (str(grid.pk), grid.name) if grid else ("", "—")
    if group_by == "category":
        return str(case.category_id), case.category.name
    handler = case.handler
    return (str(handler.pk), handler.display_name or handler.username) if handler else ("", "—")


def case_rates(actor, *, start: datetime.date, end: datetime.date,
               group_by: str = "community") -> dict:
    """The three rates (formulas from settings.CASEWORK_RATES) for requests received between
    `start` and `end` (inclusive), per group and in total; plus average hours per stage."""
    if group_by not in GROUPS:
        group_by = "community"
    formulas = {name: {**formula, "label": RATE_LABELS.get(name, name),
                       "numerator_text": COUNTERS[formula["numerator"]],
                       "denominator_text": COUNTERS[formula["denominator"]]}
                for name, formula in settings.CASEWORK_RATES.items()}
    totals = dict.fromkeys(COUNTERS, 0)
    groups: dict[tuple, dict] = {}
    stage_hours = defaultdict(list)
    for case in _period_cases(actor, start, end):
        steps = case.ordered_steps
        accepted_at = next((s.created_at for s in steps if s.action == StepAction.ACCEPT), None)
        counts = _counts(case, accepted_at)
        key = _group_key(case, group_by)
        bucket = groups.setdefault(key, dict.fromkeys(COUNTERS, 0))
        for name, value in counts.items():
            bucket[name] += value
            totals[name] += value
        _stage_times(case, steps, stage_hours)

    def rated(counts):
        return {name: _rate(counts, formula) for name, formula in formulas.items()}

    rows = [{"id": key[0], "name": key[1], "counts": counts, "rates": rated(counts)}
            for key, counts in sorted(groups.items(), key=lambda item: item[0][1])]
    stages = [{"name": label, "hours": (sum(stage_hours[code]) / len(stage_hours[code])
                                         if stage_hours[code] else None),
               "count": len(stage_hours[code])} for code, label in STAGES]
    return {"group_by": group_by, "rows": rows, "total": {"counts": totals,
                                                          "rates": rated(totals)},
            "formulas": formulas, "stages": stages}


STAGES = [("dispatch", _("登记 → 派单")), ("accept", _("派单 → 接单")),
          ("answer", _("接单 → 答复")), ("follow_up", _("答复 → 回访"))]


def _stage_times(case: Case, steps, stage_hours) -> None:
    """Hours spent in each stage, from the recorded steps (each pass of a reopened request)."""
    last = {}
    for step in steps:
        if step.action == StepAction.REPORT:
            last["report"] = step.created_at
        elif step.action == StepAction.DISPATCH:
            if "report" in last and "dispatch_seen" not in last:
                stage_hours["dispatch"].append(_hours(last["report"], step.created_at))
                last["dispatch_seen"] = True
            last["dispatch"] = step.created_at
        elif step.action == StepAction.ACCEPT:
            start = last.pop("dispatch", None) or last.get("reopen")
            if start:
                stage_hours["accept"].append(_hours(start, step.created_at))
            last["accept"] = step.created_at
        elif step.action == StepAction.ANSWER and "accept" in last:
            stage_hours["answer"].append(_hours(last.pop("accept"), step.created_at))
            last["answer"] = step.created_at
        elif step.action == StepAction.FOLLOW_UP and "answer" in last:
            stage_hours["follow_up"].append(_hours(last.pop("answer"), step.created_at))
            if step.to_status == Status.REOPENED:
                last["reopen"] = step.created_at


def _hours(start, end) -> float:
    return (end - start).total_seconds() / 3600


def percent(rate: Fraction | None) -> str:
    return "—" if rate is None else f"{float(rate) * 100:.1f}%"


def recurring_problems(actor, *, start: datetime.date, end: datetime.date,
                       minimum: int | None = None) -> list[dict]:
    """Buildings where one category of problem comes back, with counts per month."""
    minimum = minimum or settings.CASEWORK_RECURRING_MIN
    table: dict[tuple, dict] = {}
    for case in _period_cases(actor, start, end).prefetch_related(None):
        month = timezone.localtime(case.created_at).strftime("%Y-%m")
        row = table.setdefault((case.building.name, case.category.name),
                               {"building": case.building.name, "category": case.category.name,
                                "total": 0, "months": defaultdict(int)})
        row["total"] += 1
        row["months"][month] += 1
    months = []
    cursor = start.replace(day=1)
    while cursor <= end:
        months.append(cursor.strftime("%Y-%m"))
        cursor = (cursor + datetime.timedelta(days=32)).replace(day=1)
    rows = [{**row, "by_month": [row["months"].get(m, 0) for m in months]}
            for row in table.values() if row["total"] >= minimum]
    rows.sort(key=lambda row: (-row["total"], row["building"], row["category"]))
    # "months": the period's months, in the order of "by_month" (not the per-row counter)
    return [{**row, "months": months} for row in rows]


# ---- the partner unit's narrow view --------------------------------------------------------
# A partner unit's contacts work outside the residents' committee: they see where and what,
# never who. The view is built from an explicit list of fields (PartnerCase), so a field added
# to Case later does not leak by default; the description is masked, because residents write
# their names and phone numbers into it.

# The masking itself is shared (core/text.py): the audit trail masks free text the same way.


def reporter_names(case: Case) -> list[str]:
    return [case.reporter.name] if case.reporter_id and case.reporter else []


def masked_text(case: Case, text: str | None = None) -> str:
    """The request's description (or `text` about it) with the reporter's name, phones and ID
    numbers masked: for what others read (partner units, party members, public topics)."""
    return mask_personal_data(case.description if text is None else text,
                              reporter_names(case))


@dataclass(frozen=True)
class PartnerStep:
    action: str
    action_label: str
    created_at: datetime.datetime
    note: str
    photo_ids: tuple[int, ...]


@dataclass(frozen=True)
class PartnerCase:
    """What a partner unit's contact may know of a request: no reporter, no person links."""

    id: int
    category: str
    building: str
    unit: str
    description: str
    status: str
    status_label: str
    urgency: str
    due_at: datetime.datetime | None
    limit: str
    created_at: datetime.datetime
    answer: str
    steps: tuple[PartnerStep, ...] = ()
    actions: tuple[str, ...] = ()  # the rules open to the reader now (core.actions)


def partner_cases(actor):
    """Requests dispatched to the actor's own partner unit, in the actor's community."""
    unit_id = rules.partner_unit_of(actor)
    if unit_id is None:
        return Case.objects.none()
    return (Case.objects.for_user(actor, rules.PARTNER_HANDLE_CASE)
            .filter(partner_unit_id=unit_id)
            .select_related("category", "building", "unit", "reporter")
            .order_by("-created_at", "-pk"))


# What a partner unit's contact still has to do: take a request on, then answer it.
PARTNER_QUEUES = {
    "accept": (_("待本单位接单"), Q(status=Status.DISPATCHED)),
    "handle": (_("本单位办理中"), Q(status__in=[Status.ACCEPTED, Status.REOPENED])),
}


def partner_case_queue(actor, queue: str):
    cases = partner_cases(actor)
    if queue in PARTNER_QUEUES:
        cases = cases.filter(PARTNER_QUEUES[queue][1])
    return cases


def partner_case_counts(actor) -> dict[str, int]:
    """Requests waiting for the actor's unit, per PARTNER_QUEUES: one aggregate query."""
    return partner_cases(actor).aggregate(**{
        name: Count("pk", filter=condition) for name, (_label, condition)
        in PARTNER_QUEUES.items()})


def partner_case_view(case: Case, *, with_steps: bool = False, now=None,
                      actions=()) -> PartnerCase:
    """The narrow view of one request. Steps: only the unit's own and the dispatches to it,
    with the notes the unit wrote (staff notes may name residents). `actions`: what the reader
    may do now (core.actions.open_actions on the row), for the page's buttons and the API."""
    names = reporter_names(case)
    steps = ()
    if with_steps:
        steps = tuple(
            PartnerStep(action=step.action, action_label=str(step.get_action_display()),
                        created_at=step.created_at,
                        note=mask_personal_data(step.note, names)
                        if step.action != StepAction.DISPATCH else "",
                        photo_ids=tuple(photo.pk for photo in step.photos.all()))
            for step in case.steps.filter(partner_unit_id=case.partner_unit_id)
            .prefetch_related(Prefetch("photos", queryset=CasePhoto.objects.filter(
                uploaded_by__partner_contact__unit_id=case.partner_unit_id)))
            .order_by("created_at", "pk"))
    stage = "accept" if case.status in (Status.NEW, Status.DISPATCHED) else "resolve"
    return PartnerCase(
        id=case.pk, category=case.category.name, building=case.building.name,
        unit=case.unit.number if case.unit_id and case.unit else "",
        description=mask_personal_data(case.description, names), status=case.status,
        status_label=str(case.get_status_display()), urgency=case.urgency(now),
        due_at=case.due_at, limit=str(case.category.limit_text(stage)),
        created_at=case.created_at, answer=mask_personal_data(case.answer, names), steps=steps,
        actions=tuple(actions))


def partner_photos(actor):
    """Photos the unit's contacts attached to requests dispatched to their unit."""
    unit_id = rules.partner_unit_of(actor)
    if unit_id is None:
        return CasePhoto.objects.none()
    return (CasePhoto.objects.for_user(actor, rules.PARTNER_HANDLE_CASE)
            .filter(case__partner_unit_id=unit_id, step__partner_unit_id=unit_id,
                    uploaded_by__partner_contact__unit_id=unit_id))


def partner_unit_choices(actor, case: Case):
    """Partner units of the request's community that have a contact to take it on."""
    return (PartnerUnit.objects.for_user(actor, "cobuilding.view_board")
            .filter(community_id=case.community_id, contacts__isnull=False)
            .distinct().order_by("name"))


# ---- small reads the pages and the API need (views never query models themselves) --------

def report_buildings(actor):
    """Buildings the actor may report a problem in."""
    return Building.objects.for_user(actor, rules.REPORT_CASE).order_by(
        "community_id", "sort_key", "name")


def reporter_home(actor):
    """The flat the actor lives in (their resident record's), if it is in a building they may
    report about; None otherwise."""
    if actor is None or not actor.is_authenticated:
        return None
    return (Flat.objects.filter(residents__user=actor,
                                building__in=report_buildings(actor).values("pk"))
            .only("pk", "building_id", "unit_id").first())


def report_building(actor, building_id):
    return report_buildings(actor).filter(pk=building_id).first()


def building_unit(building, *, number: str = "", unit_id: int | None = None):
    """A unit (单元) of `building`, by its number or id; None when there is none such."""
    units = Unit.objects.filter(building=building)
    if unit_id:
        return units.filter(pk=unit_id).first()
    return units.filter(number=number.strip()).first() if number.strip() else None


def dispatch_handler(actor, case: Case, handler_id):
    """The person chosen in a dispatch, among the candidates (available or not: the service
    refuses an unavailable one and says why)."""
    return next((candidate.user for candidate in handler_candidates(actor, case)
                 if candidate.user.pk == handler_id), None)


def dispatch_unit(actor, case: Case, unit_id):
    return partner_unit_choices(actor, case).filter(pk=unit_id).first()


def linked_needs(case: Case) -> list:
    """Co-building needs raised from this request (cobuilding.Need.case)."""
    return list(case.needs.all())


def linked_topics(case: Case) -> list:
    """Consultation topics raised from this request (deliberation.Topic.source_case)."""
    return list(case.topics.only("pk", "title", "status", "community_id"))


def reporter_person(actor, *, community_id: int | None = None, phone: str = "",
                    person_id: int | None = None):
    """The resident a staff member reports for: by id, or by phone (blind-index search) in the
    building's community. Out of the actor's scope: None."""
    if person_id:
        return people_selectors.person_list(actor, current_only=False).filter(
            pk=person_id).first()
    if phone.strip():
        return people_selectors.person_list(actor, community_id=community_id,
                                            search=phone.strip()).first()
    return None


# ---- chart data for the rates page (the same numbers are shown as tables) -----------------

def _months_back(end: datetime.date, count: int) -> list[datetime.date]:
    first = end.replace(day=1)
    months = [first]
    while len(months) < count:
        months.append((months[-1] - datetime.timedelta(days=1)).replace(day=1))
    return months[::-1]


def case_trends(actor, *, end: datetime.date, months: int = 12) -> dict:
    """Per month, for the `months` months up to `end`: requests received and the three rates
    (the same formulas as case_rates), for the charts and their table."""
    firsts = _months_back(end, months)
    keys = [first.strftime("%Y-%m") for first in firsts]
    counts = {key: dict.fromkeys(COUNTERS, 0) for key in keys}
    for case in _period_cases(actor, firsts[0], end):
        key = timezone.localtime(case.created_at).strftime("%Y-%m")
        if key not in counts:
            continue
        accepted_at = next((s.created_at for s in case.ordered_steps
                            if s.action == StepAction.ACCEPT), None)
        for name, value in _counts(case, accepted_at).items():
            counts[key][name] += value
    formulas = settings.CASEWORK_RATES
    rows = [{"month": key, "received": counts[key]["received"],
             "rates": {name: _rate(counts[key], formula) for name, formula in formulas.items()}}
            for key in keys]
    return {"months": keys, "rows": rows,
            "rate_labels": {name: str(RATE_LABELS.get(name, name)) for name in formulas}}


def case_counts_by_category(actor, *, start: datetime.date, end: datetime.date) -> list[dict]:
    """Requests received per category in the period, most first."""
    ids = _period_cases(actor, start, end).values("pk")
    rows = (Case.objects.filter(pk__in=ids).values("category__name")
            .annotate(count=Count("pk")).order_by("-count", "category__name"))
    return [{"category": row["category__name"], "count": row["count"]} for row in rows]


def rates_chart_data(*, trends: dict, by_category: list[dict], recurring: list[dict]) -> dict:
    """Plain numbers for the static chart script (passed with json_script: no inline code)."""
    def percent_value(rate):
        return None if rate is None else round(float(rate) * 100, 1)

    buildings: dict[str, list[int]] = {}
    months = recurring[0]["months"] if recurring else []
    for row in recurring:
        counts = buildings.setdefault(row["building"], [0] * len(months))
        for index, count in enumerate(row["by_month"]):
            counts[index] += count
    return {
        "trend": {"months": trends["months"], "received_label": str(_("受理数")),
                  "received": [row["received"] for row in trends["rows"]],
                  "rates": [{"name": label, "values": [percent_value(row["rates"][name])
                                                       for row in trends["rows"]]}
                            for name, label in trends["rate_labels"].items()]},
        "category": {"names": [row["category"] for row in by_category],
                     "counts": [row["count"] for row in by_category],
                     "label": str(_("诉求数"))},
        "recurring": {"months": months,
                      "series": [{"name": name, "values": values}
                                 for name, values in buildings.items()]},
    }


def linked_posts(case: Case) -> list:
    """Volunteer tasks published from this request (activities' Post.source_case), with the
    number of slots, of sign-ups and of confirmed ones: counts only, never who."""
    posts = list(case.posts.annotate(
        signup_count=Count("shifts__signups"),
        confirmed_count=Count("shifts__signups", filter=Q(shifts__signups__status="confirmed")))
        .prefetch_related("shifts").order_by("pk"))
    for post in posts:
        post.slot_count = sum(shift.slots for shift in post.shifts.all())
    return posts


class _PublicAnswerIterable(ModelIterable):
    """Gives each row `public_answer`: its answer with the reporter's name, phones and ID
    numbers masked (the only text of a case the public board shows)."""

    def __iter__(self):
        for case in super().__iter__():
            case.public_answer = masked_text(case, case.answer or "")
            yield case


def public_board(community):
    """The portal's 办结公开栏 of a community: the same rows as `board` (resolved shared-space
    problems, no names, no descriptions), for anyone. Show only each row's `public_answer`
    (masked), never `answer`."""
    rows = (Case.objects.filter(community=community, status=Status.CLOSED,
                                is_unreasonable=False, category__is_public=True)
            .exclude(category__group__in=list(NEVER_PUBLIC_GROUPS))
            .select_related("category", "building", "reporter").order_by("-closed_at", "-pk"))
    rows._iterable_class = _PublicAnswerIterable  # survives slicing and paging (cloned)
    return rows
