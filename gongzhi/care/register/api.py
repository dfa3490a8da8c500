"""The care register in the JSON API (e.g. for a helper's mini-program), under
/api/v1/care/: the same access functions, rules and services as the pages. A household's
difficulty, needs and help are returned only by the audited full read (GET one, and the
answer of each write on it)."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from gongzhi.care.register import access, rules, selectors, services
from gongzhi.care.register.choices import HelperKind, HouseholdStatus, PairingStatus
from gongzhi.care.register.profile import kind_labels
from gongzhi.core.actions import open_actions, require_who
from gongzhi.core.api_types import Id, Pagination
from gongzhi.core.errors import PermissionDenied
from gongzhi.people.access import access_person

router = Router()


class CarePairingOut(Schema):
    id: int
    household_id: int
    helper_kind: str = Field(..., description=(
        "member, volunteer or unit; for a reader who does not keep the party roll "
        "(party.view_member) a member or a volunteer is just person: who is a party member is "
        "sensitive."))
    helper_name: str = Field(..., description="A unit's name, or the person's name.")
    member_id: int | None = Field(..., description="Only for readers who keep the party roll.")
    volunteer_id: int | None = Field(..., description="Only for readers who keep the party "
                                                      "roll.")
    unit_id: int | None
    starts_on: datetime.date
    ends_on: datetime.date | None
    goals: str
    status: PairingStatus
    actions: list[str] = Field(..., description="care.end_pairing when the reader may end it "
                                                "now: the rule that shows the page's button.")


class CareHouseholdOut(Schema):
    id: int
    community_id: int
    person_id: int
    name: str = Field(..., description="The registry's name of the person helped (shown to "
                                       "the community's staff and the household's helpers, "
                                       "the only readers who see the household at all).")
    flat: str | None
    visit_every_days: int
    status: HouseholdStatus
    registered_on: datetime.date
    closed_on: datetime.date | None
    closed_reason: str
    helpers: list[str] = Field(..., description="The names of the active pairings' helpers.")
    last_visited_on: datetime.date | None
    actions: list[str] = Field(..., description=(
        "The actions the reader may take on this household now, as rule names "
        "(care.edit_household, care.pair_household, care.close_household, "
        "care.reopen_household): the same rules that show the page's buttons."))


class CareHouseholdDetailOut(CareHouseholdOut):
    kinds: list[str] = Field(..., description="Difficulty values (care register choices).")
    kind_labels: list[str]
    details: str
    needs: str
    help: str
    pairings: list[CarePairingOut]


class CareStatisticsOut(Schema):
    community_id: int
    community_name: str
    active: int
    paired: int
    unpaired: int
    closed_this_year: int
    visits_this_month: int


def _pairing(user, pairing) -> dict:
    kind = getattr(pairing, "shown_kind", None) or selectors.shown_kind(
        pairing, knows_membership=rules.may_know_membership(user, pairing.community))
    person_ids = kind != selectors.PERSON
    return {"id": pairing.pk, "household_id": pairing.household_id,
            "helper_kind": kind, "helper_name": pairing.helper_name,
            "member_id": pairing.member_id if person_ids else None,
            "volunteer_id": pairing.volunteer_id if person_ids else None,
            "unit_id": pairing.unit_id, "starts_on": pairing.starts_on,
            "ends_on": pairing.ends_on, "goals": pairing.goals, "status": pairing.status,
            "actions": open_actions(user, pairing, rules.PAIRING_ACTIONS)}


def _household(user, household, *, helpers: list[str], last_visited_on) -> dict:
    flat = household.person.flat
    return {"id": household.pk, "community_id": household.community_id,
            "person_id": household.person_id, "name": household.person.name,
            "flat": str(flat) if flat is not None else None,
            "visit_every_days": household.visit_every_days, "status": household.status,
            "registered_on": household.registered_on, "closed_on": household.closed_on,
            "closed_reason": household.closed_reason, "helpers": helpers,
            "last_visited_on": last_visited_on,
            "actions": open_actions(user, household, rules.HOUSEHOLD_ACTIONS)}


def _detail(request, household_id, *, profile: dict | None = None) -> dict:
    """The household in full; `profile` when the caller has read it already (audited)."""
    household = access.access_household_for_read(actor=request.auth, id=household_id)
    if profile is None:
        profile = services.household_read(actor=request.auth, household=household)
    pairings = selectors.pairings_of(household, request.auth)
    visits = selectors.household_visits(household, limit=1)
    return {**_household(request.auth, household,
                         helpers=[p.helper_name for p in pairings
                                  if p.status == PairingStatus.ACTIVE],
                         last_visited_on=visits[0].visited_on if visits else None),
            "kinds": profile["kinds"], "kind_labels": profile["kind_labels"],
            "details": profile["details"], "needs": profile["needs"], "help": profile["help"],
            "pairings": [_pairing(request.auth, p) for p in pairings]}


class _Households:
    """The paginated page of households with their helpers and last visit: three queries for
    the page (selectors.household_list), after the paginator has cut it."""

    def __init__(self, user, queryset):
        self.user, self.queryset = user, queryset

    def __len__(self):
        return self.queryset.count()

    def __getitem__(self, item):
        return [_household(self.user, row,
                           helpers=[p.helper_name for p in row.active_pairings],
                           last_visited_on=row.last_visited_on)
                for row in self.queryset[item]]


@router.get("/households", response=list[CareHouseholdOut],
            summary="帮扶名册（工作人员：本社区；帮扶人：本人结对的帮扶对象）")
@paginate(Pagination)
def household_list(request, status: str = "", paired: bool | None = None,
                   grid_id: Id | None = None, q: str = ""):
    return _Households(request.auth, selectors.household_list(
        request.auth, status=status, paired=paired, grid_id=grid_id, search=q.strip()))


class CareHouseholdIn(Schema):
    person_id: Id
    kinds: list[str] = Field(..., description="Difficulty values; at least one.")
    details: str = ""
    needs: str = ""
    help: str = ""
    visit_every_days: int = 30


@router.post("/households", response={201: CareHouseholdDetailOut},
             summary="登记帮扶对象（本社区名册中的居民）")
def household_register(request, payload: CareHouseholdIn):
    person = access_person(actor=request.auth, id=payload.person_id,
                           permission=rules.MANAGE_HOUSEHOLD)
    household = services.household_register(
        actor=request.auth, community=person.community, person=person, kinds=payload.kinds,
        details=payload.details, needs=payload.needs, help=payload.help,
        visit_every_days=payload.visit_every_days)
    return Status(201, _detail(request, household.pk))


@router.get("/households/{household_id}", response=CareHouseholdDetailOut,
            summary="帮扶对象详情（含困难情况；每次查看均记入审计日志）")
def household_detail(request, household_id: Id):
    return _detail(request, household_id)


class CareHouseholdPatchIn(Schema):
    kinds: list[str] | None = None
    details: str | None = None
    needs: str | None = None
    help: str | None = None
    visit_every_days: int | None = None


@router.patch("/households/{household_id}", response=CareHouseholdDetailOut,
              summary="修改帮扶对象的困难情况和走访周期（未给出的字段保持不变）")
def household_edit(request, household_id: Id, payload: CareHouseholdPatchIn):
    household = access.access_household(actor=request.auth, id=household_id)
    require_who(request.auth, rules.EDIT, household)
    # the fields not given keep their values: read (audited) to merge, and answer with it
    current = services.household_read(actor=request.auth, household=household,
                                      reason=str(_("修改帮扶对象")))
    given = payload.dict(exclude_none=True)
    data = {field: given.get(field, current[field])
            for field in ("kinds", "details", "needs", "help")}
    household = services.household_update(
        actor=request.auth, household=household,
        visit_every_days=given.get("visit_every_days", household.visit_every_days), **data)
    profile = {**data, "kinds": sorted(set(data["kinds"])),
               "kind_labels": kind_labels(sorted(set(data["kinds"])))}
    return _detail(request, household_id, profile=profile)


class CareCloseIn(Schema):
    reason: str


@router.post("/households/{household_id}/close", response=CareHouseholdDetailOut,
             summary="结束帮扶（须说明原因；其结对同时结束）")
def household_close(request, household_id: Id, payload: CareCloseIn):
    household = access.access_household(actor=request.auth, id=household_id)
    services.household_close(actor=request.auth, household=household, reason=payload.reason)
    return _detail(request, household_id)


@router.post("/households/{household_id}/reopen", response=CareHouseholdDetailOut,
             summary="恢复帮扶")
def household_reopen(request, household_id: Id):
    household = access.access_household(actor=request.auth, id=household_id)
    services.household_reopen(actor=request.auth, household=household)
    return _detail(request, household_id)


class CarePairingIn(Schema):
    helper_kind: HelperKind
    helper_id: Id = Field(..., description="The party member's, volunteer's or partner "
                                           "unit's id, by helper_kind.")
    starts_on: datetime.date
    ends_on: datetime.date | None = None
    goals: str = ""


@router.post("/households/{household_id}/pairings", response={201: CarePairingOut},
             summary="为帮扶对象结对帮扶人（党员、志愿者或共建单位）")
def pairing_create(request, household_id: Id, payload: CarePairingIn):
    household = access.access_household(actor=request.auth, id=household_id)
    require_who(request.auth, rules.PAIR, household)
    helper = services.pairing_helper(household.community, payload.helper_kind,
                                     payload.helper_id)
    pairing = services.pairing_create(actor=request.auth, household=household,
                                      starts_on=payload.starts_on, ends_on=payload.ends_on,
                                      goals=payload.goals, **helper)
    return Status(201, _pairing(request.auth, access.access_pairing(actor=request.auth,
                                                                    id=pairing.pk)))


class CarePairingEndIn(Schema):
    ends_on: datetime.date | None = Field(None, description="Today when not given.")


@router.post("/pairings/{pairing_id}/end", response=CarePairingOut, summary="结束结对")
def pairing_end(request, pairing_id: Id, payload: CarePairingEndIn | None = None):
    pairing = access.access_pairing(actor=request.auth, id=pairing_id)
    services.pairing_end(actor=request.auth, pairing=pairing,
                         ends_on=payload.ends_on if payload else None)
    return _pairing(request.auth, access.access_pairing(actor=request.auth, id=pairing_id))


@router.get("/statistics", response=list[CareStatisticsOut],
            summary="各社区结对帮扶统计（只有数字，不含个人信息）")
def statistics(request):
    if not rules.can_view_statistics(request.auth):
        raise PermissionDenied()
    return [{"community_id": row["community"].pk, "community_name": row["community"].name,
             **{key: value for key, value in row.items() if key != "community"}}
            for row in selectors.statistics_by_community(request.auth,
                                                         today=timezone.localdate())]
