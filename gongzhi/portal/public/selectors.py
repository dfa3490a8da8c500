"""Reads of the public portal: anyone may read them, so they take no actor. Every row comes
from a lower app's public selector, which never reaches a draft or a private row and carries no
personal data (no resident's name, phone, ID number or flat)."""

from django.db.models import Count

from gongzhi.activities.events import selectors as events_selectors
from gongzhi.casework import selectors as casework_selectors
from gongzhi.cobuilding import selectors as cobuilding_selectors
from gongzhi.deliberation.polls import selectors as polls_selectors
from gongzhi.deliberation.topics import selectors as topics_selectors
from gongzhi.deliberation.votes import selectors as votes_selectors
from gongzhi.organisations import selectors as organisations_selectors
from gongzhi.places import selectors as places_selectors
from gongzhi.portal.articles import selectors as articles_selectors
from gongzhi.portal.articles.choices import ArticleKind
from gongzhi.portal.articles.models import Series

FIRST_ROWS = 5  # how many rows of each section the community page shows before "more"


def districts():
    return places_selectors.public_districts()


def district_by_code(code):
    return districts().filter(code=code).first()


def streets(*, district=None):
    return places_selectors.public_streets(district=district)


def street_by_code(code):
    return streets().filter(code=code).first()


def communities(*, street=None, district=None):
    return places_selectors.public_communities(street=street, district=district)


def community_by_pk(pk):
    return communities().filter(pk=pk).first()


def tree():
    """Districts → streets → communities for the home page: three queries."""
    all_communities = list(communities())
    by_street = {}
    for community in all_communities:
        by_street.setdefault(community.street_id, []).append(community)
    by_district = {}
    for street in streets():
        street.community_rows = by_street.get(street.pk, [])
        by_district.setdefault(street.district_id, []).append(street)
    rows = list(districts())
    for district in rows:
        district.street_rows = by_district.get(district.pk, [])
    return rows


def street_communities(street):
    """A street's communities with their key figures (population, elderly, buildings)."""
    return communities(street=street).annotate(building_count=Count("buildings"))


def articles(*, district=None, street=None, community=None, series=None, kind=None,
             exclude_kind=None):
    """Published articles whose time has come (never a draft, a scheduled or a withdrawn one)."""
    rows = articles_selectors.public_articles(street=street, community=community, series=series)
    if district is not None:
        rows = rows.filter(street__district=district)
    if kind is not None:
        rows = rows.filter(kind=kind)
    if exclude_kind is not None:
        rows = rows.exclude(kind=exclude_kind)
    return rows


def news(**where):
    return articles(exclude_kind=ArticleKind.NOTICE, **where)


def notices(**where):
    return articles(kind=ArticleKind.NOTICE, **where)


def article_by_pk(pk):
    return articles().filter(pk=pk).first()


def series_of_street(street):
    return articles_selectors.public_series(street=street)


def series_by_pk(pk):
    return (Series.objects.filter(pk=pk).select_related("street", "community")
            .first())


def honours(community):
    return places_selectors.public_honours(community)


def partner_units(community):
    return organisations_selectors.public_partner_units(community)


def publicity(community):
    """Owners' votes and residents' polls in their publicity period, deadline first."""
    rows = (votes_selectors.public_in_publicity(community)
            + polls_selectors.public_in_publicity(community))
    return sorted(rows, key=lambda row: row["publicity_ends_on"])


def problems(community):
    return casework_selectors.public_board(community)


def outcomes(community):
    return topics_selectors.public_outcomes(community)


def activities(community):
    return events_selectors.public_upcoming(community)


def projects(community):
    return cobuilding_selectors.public_finished_projects(community)


def community_sections(community) -> dict:
    """The community page's sections: the first rows of each, and whether there are more."""
    sections = {}
    for name, rows in (("news", news(community=community)),
                       ("notices", notices(community=community)),
                       ("outcomes", outcomes(community)),
                       ("problems", problems(community)),
                       ("activities", activities(community)),
                       ("projects", projects(community))):
        first = list(rows[:FIRST_ROWS + 1])
        sections[name] = {"rows": first[:FIRST_ROWS], "more": len(first) > FIRST_ROWS}
    sections["publicity"] = {"rows": publicity(community), "more": False}
    return sections
