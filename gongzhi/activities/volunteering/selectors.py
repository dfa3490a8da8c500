"""Reads of volunteering: profiles in the reader's scope, the hours ledger's totals and star
levels, the ledger of one volunteer with its corrections, correction requests, and hours per
community for the street and the district (no names)."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, Exists, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from gongzhi.activities.volunteering import rules
from gongzhi.activities.volunteering.choices import (
    STAR_THRESHOLDS,
    CorrectionStatus,
    EntryKind,
    VolunteerStatus,
)
from gongzhi.activities.volunteering.models import (
    HoursCertificate,
    HoursCorrection,
    HoursEntry,
    Volunteer,
)
from gongzhi.places.models import Community

TENTH = Decimal("0.1")


def tenths(value) -> Decimal:
    """A sum of hours as the ledger keeps them. SQLite adds decimals as floating point
    (0.1 + 0.2 answers 0.30000000000000004); every row is a whole tenth, so rounding the sum
    to tenths gives the exact total back. PostgreSQL's numeric sum is exact already."""
    return Decimal(str(value or 0)).quantize(TENTH)


def star_level(total_hours) -> int:
    """志愿服务星级 for a cumulative total: 0 below 100 hours, 5 from 1,500."""
    return sum(1 for threshold in STAR_THRESHOLDS if Decimal(total_hours) >= threshold)


def ledger_rows(*, start: datetime.date | None = None,
                end: datetime.date | None = None) -> QuerySet[HoursEntry]:
    """Ledger rows served from `start` up to and including `end` (a correction counts on the
    day of the service it corrects)."""
    rows = HoursEntry.objects.all()
    if start is not None:
        rows = rows.filter(served_on__gte=start)
    if end is not None:
        rows = rows.filter(served_on__lte=end)
    return rows


def hours_total(volunteer, *, start: datetime.date | None = None,
                end: datetime.date | None = None) -> Decimal:
    """A volunteer's hours in the period (all of them without one)."""
    total = ledger_rows(start=start, end=end).filter(volunteer=volunteer).aggregate(
        total=Sum("hours"))["total"]
    return tenths(total)


def hours_by_volunteer(volunteer_ids, *, start: datetime.date | None = None,
                       end: datetime.date | None = None) -> dict[int, Decimal]:
    """{volunteer id: hours in the period} for the given volunteers, in one query; a volunteer
    without a row in the period is left out."""
    rows = (ledger_rows(start=start, end=end).filter(volunteer_id__in=volunteer_ids)
            .values("volunteer_id").annotate(total=Sum("hours")))
    totals = {row["volunteer_id"]: tenths(row["total"]) for row in rows}
    return {volunteer: total for volunteer, total in totals.items() if total != 0}


# ---- periods and stars ---------------------------------------------------------------------

PERIODS = {"month": _("本月"), "quarter": _("本季度"), "year": _("本年"), "all": _("累计")}


def period_bounds(period: str, today: datetime.date) -> tuple[datetime.date | None,
                                                              datetime.date | None]:
    """The first and last day of the period that holds `today` (none for "all")."""
    if period == "month":
        start = today.replace(day=1)
    elif period == "quarter":
        start = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
    elif period == "year":
        start = today.replace(month=1, day=1)
    elif period == "all":
        return None, None
    else:
        raise ValueError(f"unknown period {period}")
    month_after = start.month + {"month": 1, "quarter": 3, "year": 12}[period]
    year = start.year + (month_after - 1) // 12
    end = datetime.date(year, (month_after - 1) % 12 + 1, 1) - datetime.timedelta(days=1)
    return start, end


def hours_totals(volunteer, *, today: datetime.date) -> dict[str, Decimal]:
    """{period: hours} for this month, quarter, year and all time, in one query."""
    zero = Value(Decimal(0), output_field=DecimalField(max_digits=9, decimal_places=1))
    sums = {}
    for period in PERIODS:
        start, end = period_bounds(period, today)
        condition = Q() if start is None else Q(served_on__gte=start, served_on__lte=end)
        sums[period] = Coalesce(Sum("hours", filter=condition), zero)
    totals = HoursEntry.objects.filter(volunteer=volunteer).aggregate(**sums)
    return {period: tenths(total) for period, total in totals.items()}


@dataclass(frozen=True)
class Stars:
    """A star level and the way to the next one."""

    level: int
    next_threshold: int | None
    to_next: Decimal | None

    @property
    def symbols(self) -> str:
        return "★" * self.level


def star_progress(total_hours) -> Stars:
    level = star_level(total_hours)
    if level >= len(STAR_THRESHOLDS):
        return Stars(level, None, None)
    threshold = STAR_THRESHOLDS[level]
    return Stars(level, threshold, Decimal(threshold) - Decimal(total_hours))


# ---- profiles ------------------------------------------------------------------------------

VOLUNTEER_RELATED = ("person", "unit", "community", "user")


def volunteer_list(actor, *, status: str = "", unit_id: int | None = None,
                   search: str = "") -> QuerySet[Volunteer]:
    """The profiles the reader may see: the community's secretary and staff see theirs, a
    partner unit's contact only their unit's staff."""
    staff = Volunteer.objects.for_user(actor, rules.VIEW_VOLUNTEER)
    unit = rules.contact_unit_id(actor)
    rows = staff
    if unit is not None:
        own_unit = Volunteer.objects.for_user(actor, rules.PARTNER_VOLUNTEERS).filter(
            unit_id=unit)
        rows = (staff | own_unit) if rules.can_view_volunteers(actor) else own_unit
    if status in VolunteerStatus.values:
        rows = rows.filter(status=status)
    if unit_id is not None:
        rows = rows.filter(unit_id=unit_id)
    if search:
        rows = rows.filter(Q(person__name__icontains=search) | Q(name__icontains=search)
                           | Q(skills__icontains=search))
    return rows.select_related(*VOLUNTEER_RELATED).order_by("community", "status", "pk")


@dataclass
class VolunteerRow:
    volunteer: Volunteer
    total: Decimal
    this_year: Decimal
    stars: Stars


def with_hours(volunteers, *, today: datetime.date) -> list[VolunteerRow]:
    """The volunteers with their cumulative and this year's hours and stars: two queries for
    the whole page (hours_by_volunteer), however many rows."""
    volunteers = list(volunteers)
    ids = [v.pk for v in volunteers]
    totals = hours_by_volunteer(ids)
    start, end = period_bounds("year", today)
    year = hours_by_volunteer(ids, start=start, end=end)
    zero = tenths(0)
    return [VolunteerRow(v, totals.get(v.pk, zero), year.get(v.pk, zero),
                         star_progress(totals.get(v.pk, zero))) for v in volunteers]


def registrable_persons(actor, search: str) -> QuerySet:
    """Residents of the registry whom staff may register as volunteers: in a community where
    the actor manages volunteers, without a profile yet."""
    from gongzhi.people.models import Person  # lazy: people's models only for staff's search

    communities = Community.objects.for_user(actor, rules.MANAGE_VOLUNTEER).values("pk")
    rows = (Person.objects.filter(community__in=communities, volunteer__isnull=True)
            .select_related("community").order_by("name", "pk"))
    return rows.filter(name__icontains=search)[:20] if search else rows.none()


def manageable_communities(actor, permission: str = rules.MANAGE_VOLUNTEER):
    return Community.objects.for_user(actor, permission).order_by("name")


def queue_counts(actor) -> dict[str, int]:
    """What waits for the reader: profiles to confirm, corrections to decide (the workbench's
    counts, with the same conditions as the lists they link to)."""
    applied = Volunteer.objects.for_user(actor, rules.MANAGE_VOLUNTEER).filter(
        status=VolunteerStatus.APPLIED).count()
    pending = HoursCorrection.objects.for_user(actor, rules.CONFIRM_HOURS).filter(
        status=CorrectionStatus.PENDING).count()
    return {"applied": applied, "corrections": pending}


# ---- the ledger of one volunteer -----------------------------------------------------------

@dataclass
class ServiceRow:
    """One recorded service with its corrections and the volunteer's requests about it."""

    entry: HoursEntry
    corrections: list = field(default_factory=list)
    requests: list = field(default_factory=list)

    @property
    def hours(self) -> Decimal:
        return self.entry.hours + sum((c.hours for c in self.corrections), Decimal(0))

    @property
    def is_corrected(self) -> bool:
        return bool(self.corrections)


def ledger_of(volunteer, *, start: datetime.date | None = None,
              end: datetime.date | None = None) -> list[ServiceRow]:
    """The volunteer's services in the period, newest first, each with its corrections and
    correction requests: two queries."""
    entries = list(ledger_rows(start=start, end=end).filter(volunteer=volunteer)
                   .select_related("signup__activity", "shift_signup__shift__post__unit")
                   .order_by("-served_on", "-pk"))
    requests = list(HoursCorrection.objects.filter(volunteer=volunteer)
                    .select_related("decided_by").order_by("-created_at", "-pk"))
    for entry in entries:  # the rules read the entry's volunteer: the one already loaded
        entry.volunteer = volunteer
    rows = {e.pk: ServiceRow(e) for e in entries if e.kind == EntryKind.SERVICE}
    for entry in entries:
        if entry.kind == EntryKind.CORRECTION and entry.corrects_id in rows:
            rows[entry.corrects_id].corrections.append(entry)
    for request in requests:
        if request.entry_id in rows:
            rows[request.entry_id].requests.append(request)
    for row in rows.values():
        row.entry.has_pending_correction = any(r.status == CorrectionStatus.PENDING
                                               for r in row.requests)
    return list(rows.values())


def issuing_organisation(community) -> str:
    """The community's residents' committee, which records the hours and certifies them."""
    return str(_("%(community)s居民委员会") % {"community": community.name})


def service_organiser(entry: HoursEntry, community_name: str) -> str:
    """Who organised the service: the residents' committee, with the partner unit of a post
    reserved for its staff."""
    committee = _("%(community)s居民委员会") % {"community": community_name}
    unit = None
    if entry.shift_signup_id:
        unit = entry.shift_signup.shift.post.unit
    return f"{committee}、{unit.name}" if unit is not None else str(committee)


# ---- correction requests -------------------------------------------------------------------

def correction_list(actor, *, status: str = "") -> QuerySet[HoursCorrection]:
    rows = HoursCorrection.objects.for_user(actor, rules.CONFIRM_HOURS)
    if status in CorrectionStatus.values:
        rows = rows.filter(status=status)
    return rows.select_related("community", "volunteer__person", "volunteer__unit", "entry",
                               "result", "decided_by").order_by("-created_at", "-pk")


def entries_with_pending(rows: QuerySet[HoursEntry]) -> QuerySet[HoursEntry]:
    """Ledger rows annotated with `has_pending_correction` (read by the request rule)."""
    return rows.annotate(has_pending_correction=Exists(HoursCorrection.objects.filter(
        entry=OuterRef("pk"), status=CorrectionStatus.PENDING)))


# ---- statistics for the street and the district (no names) ---------------------------------

def hours_by_community(actor, *, start: datetime.date | None = None,
                       end: datetime.date | None = None) -> list[dict]:
    """Per community in the reader's scope: hours in the period and how many volunteers
    served; no names (the admins above the community see totals, not people)."""
    communities = {c.pk: c for c in Community.objects.for_user(
        actor, rules.VIEW_HOURS_STATISTICS).order_by("name")}
    rows = (ledger_rows(start=start, end=end).filter(community_id__in=list(communities))
            .values("community_id").annotate(total=Sum("hours"),
                                              volunteers=Count("volunteer", distinct=True)))
    by_community = {row["community_id"]: row for row in rows}
    return [{"community": community,
             "total": tenths(by_community.get(pk, {}).get("total")),
             "volunteers": by_community.get(pk, {}).get("volunteers", 0)}
            for pk, community in communities.items()]


def certificates_of(volunteer) -> QuerySet[HoursCertificate]:
    return volunteer.certificates.select_related("issued_by").order_by("-issued_on", "-pk")


def certificates_by_serial(actor, serial: str) -> QuerySet[HoursCertificate]:
    """The issued certificate with this serial, if the reader's community issued it: how
    staff verify a printed copy someone shows them (none, or one)."""
    serial = (serial or "").strip().upper()
    if not serial:
        return HoursCertificate.objects.none()
    return (HoursCertificate.objects.for_user(actor, rules.VIEW_VOLUNTEER).filter(serial=serial)
            .select_related("volunteer__person", "volunteer__unit", "community", "issued_by"))
