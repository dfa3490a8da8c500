"""The public portal in the JSON API (/api/v1/portal/): anonymous reads of a community's page
and of published articles, through the same selectors as the pages (no actor, nothing private,
no personal data: free text has phones and ID numbers masked). Nothing here acts, so no row
lists actions."""

import datetime

from ninja import Router, Schema
from ninja.pagination import paginate

from gongzhi.core.api_types import Id, Pagination
from gongzhi.core.errors import NotFound
from gongzhi.core.text import mask_personal_data
from gongzhi.portal.public import selectors

router = Router()


class PortalPublicArticleRowOut(Schema):
    id: int
    title: str
    summary: str
    kind: str
    publish_at: datetime.datetime
    street_id: int
    community_id: int | None
    series_id: int | None


class PortalPublicArticleOut(PortalPublicArticleRowOut):
    body_html: str  # sanitised by nh3 when saved


class PortalProblemOut(Schema):
    category: str
    building: str
    closed_at: datetime.datetime | None
    answer: str

    @staticmethod
    def resolve_category(case):
        return case.category.name

    @staticmethod
    def resolve_building(case):
        return case.building.name if case.building_id else ""

    @staticmethod
    def resolve_answer(case):
        return case.public_answer  # the reporter's name, phones and IDs masked


class PortalActivityOut(Schema):
    title: str
    starts_at: datetime.datetime
    place: str

    @staticmethod
    def resolve_title(event):
        return mask_personal_data(event.title or "")

    @staticmethod
    def resolve_place(event):
        return mask_personal_data(event.place or "")


class PortalProjectOut(Schema):
    title: str
    lead_unit: str
    summary: str
    result: str
    rating_average: float | None
    rating_count: int


class PortalPublicityOut(Schema):
    kind: str
    title: str
    place: str
    publicity_ends_on: datetime.date
    passed: bool
    voted: int | None
    total: int | None

    @staticmethod
    def resolve_title(row):
        return mask_personal_data(row["title"] or "")

    @staticmethod
    def resolve_place(row):
        return mask_personal_data(row["place"] or "")


class PortalPartnerUnitOut(Schema):
    name: str
    kind: str


class PortalHonourOut(Schema):
    title: str
    year: int | None
    awarding_body: str


class PortalCommunityOut(Schema):
    id: int
    name: str
    street: str
    street_code: str
    district: str
    district_code: str
    area_km2: float | None
    resident_population: int | None
    elderly_population: int | None
    buildings_without_management: int | None
    facilities: list[str]
    description: str
    honours: list[PortalHonourOut]
    partner_units: list[PortalPartnerUnitOut]
    news: list[PortalPublicArticleRowOut]
    notices: list[PortalPublicArticleRowOut]
    publicity: list[PortalPublicityOut]
    problems: list[PortalProblemOut]
    activities: list[PortalActivityOut]
    projects: list[PortalProjectOut]
    more: dict[str, bool]


def _project(project) -> dict:
    return {"title": mask_personal_data(project.title or ""),
            "lead_unit": project.lead_unit.name if project.lead_unit_id else "",
            "summary": mask_personal_data(project.summary or ""),
            "result": mask_personal_data(project.result or ""),
            "rating_average": (float(project.rating_average)
                               if project.rating_average is not None else None),
            "rating_count": project.rating_count}


@router.get("/communities/{community_id}", auth=None, response=PortalCommunityOut,
            summary="社区公开页（概况和各栏目的前几条）")
def community(request, community_id: Id):
    place = selectors.community_by_pk(community_id)
    if place is None:
        raise NotFound()
    sections = selectors.community_sections(place)
    return {
        "id": place.pk, "name": place.name,
        "street": place.street.name, "street_code": place.street.code,
        "district": place.district.name, "district_code": place.district.code,
        "area_km2": float(place.area_km2) if place.area_km2 is not None else None,
        "resident_population": place.resident_population,
        "elderly_population": place.elderly_population,
        "buildings_without_management": place.buildings_without_management,
        "facilities": place.facility_list(), "description": place.description,
        "honours": [{"title": h.title, "year": h.year, "awarding_body": h.awarding_body}
                    for h in selectors.honours(place)],
        "partner_units": [{"name": u.name, "kind": u.kind}
                          for u in selectors.partner_units(place)],
        "news": sections["news"]["rows"], "notices": sections["notices"]["rows"],
        "publicity": sections["publicity"]["rows"],
        "problems": sections["problems"]["rows"],
        "activities": sections["activities"]["rows"],
        "projects": [_project(project) for project in sections["projects"]["rows"]],
        "more": {name: section["more"] for name, section in sections.items()},
    }


@router.get("/communities/{community_id}/problems", auth=None, response=list[PortalProblemOut],
            summary="办结公开栏（公开）")
@paginate(Pagination)
def community_problems(request, community_id: Id):
    place = selectors.community_by_pk(community_id)
    if place is None:
        raise NotFound()
    return selectors.problems(place)


@router.get("/public-articles", auth=None, response=list[PortalPublicArticleRowOut],
            summary="已发布的文章（公开）")
@paginate(Pagination)
def articles(request, community_id: Id | None = None, street_code: str | None = None):
    where = {}
    if community_id is not None:
        where["community"] = selectors.community_by_pk(community_id)
        if where["community"] is None:
            raise NotFound()
    if street_code:
        where["street"] = selectors.street_by_code(street_code)
        if where["street"] is None:
            raise NotFound()
    return selectors.articles(**where)


@router.get("/public-articles/{article_id}", auth=None, response=PortalPublicArticleOut,
            summary="已发布的文章（公开）")
def article(request, article_id: Id):
    row = selectors.article_by_pk(article_id)
    if row is None:
        raise NotFound()
    return row
