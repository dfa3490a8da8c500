"""The public portal's pages: readable without logging in, phone first, by district > street >
community, with breadcrumbs. Every read goes through portal.public.selectors (no actor; nothing
private, no personal data)."""

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.cobuilding import selectors as cobuilding_selectors
from gongzhi.portal.public import selectors

PER_PAGE = 20


def _found(row):
    if row is None:
        raise Http404
    return row


def _page(request, rows):
    return Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))


def _crumbs(*, district=None, street=None, community=None, last=None):
    """首页 > 越秀区 > 黄花岗街 > 永泰社区 (> the page's own title)."""
    if community is not None:
        street = community.street
    if street is not None:
        district = street.district
    crumbs = [(_("首页"), reverse("portal:home"))]
    if district is not None:
        crumbs.append((district.name, reverse("portal:district", args=[district.code])))
    if street is not None:
        crumbs.append((street.name, reverse("portal:street", args=[street.code])))
    if community is not None:
        crumbs.append((community.name, reverse("portal:community", args=[community.pk])))
    if last:
        crumbs.append((last, ""))
    return crumbs


def home(request):
    return render(request, "portal/public/home.html", {
        "districts": selectors.tree(),
        "latest": selectors.news()[:10],
        "crumbs": _crumbs(),
    })


def district(request, code):
    place = _found(selectors.district_by_code(code))
    street_rows = list(selectors.streets(district=place))
    by_street = {}
    for community in selectors.communities(district=place):
        by_street.setdefault(community.street_id, []).append(community)
    for street in street_rows:
        street.community_rows = by_street.get(street.pk, [])
    return render(request, "portal/public/district.html", {
        "district": place, "streets": street_rows,
        "latest": selectors.news(district=place)[:10],
        "crumbs": _crumbs(district=place),
    })


def street(request, code):
    place = _found(selectors.street_by_code(code))
    return render(request, "portal/public/street.html", {
        "street": place, "communities": selectors.street_communities(place),
        "page": _page(request, selectors.articles(street=place)),
        "series_list": selectors.series_of_street(place),
        "crumbs": _crumbs(street=place),
        "feed_url": reverse("portal:street_feed", args=[place.code]),
    })


def community(request, pk):
    place = _found(selectors.community_by_pk(pk))
    return render(request, "portal/public/community.html", {
        "community": place, "honours": selectors.honours(place),
        "partner_units": selectors.partner_units(place),
        "sections": selectors.community_sections(place),
        "crumbs": _crumbs(community=place),
        "feed_url": reverse("portal:community_feed", args=[place.pk]),
    })


# the community's "more" pages: one section each, paginated
SECTIONS = {
    "articles": (gettext_lazy("社区新闻"), lambda place: selectors.news(community=place)),
    "notices": (gettext_lazy("通知公告"), lambda place: selectors.notices(community=place)),
    "outcomes": (gettext_lazy("议事结果公开"), selectors.outcomes),
    "problems": (gettext_lazy("办结公开栏"), selectors.problems),
    "activities": (gettext_lazy("近期活动"), selectors.activities),
    "projects": (gettext_lazy("共建项目"), selectors.projects),
}


def _section(request, pk, section):
    place = _found(selectors.community_by_pk(pk))
    title, rows = SECTIONS[section]
    context = {"community": place, "section": section, "title": title,
               "page": _page(request, rows(place)),
               "crumbs": _crumbs(community=place, last=title),
               "feed_url": reverse("portal:community_feed", args=[place.pk])}
    if section == "projects":
        # residents of the community who may rate a finished project get a 评价 link
        context["rateable"] = (set(cobuilding_selectors.evaluable_projects(request.user)
                                   .values_list("pk", flat=True))
                               if request.user.is_authenticated else set())
    return render(request, "portal/public/section.html", context)


def community_articles(request, pk):
    return _section(request, pk, "articles")


def community_notices(request, pk):
    return _section(request, pk, "notices")


def community_outcomes(request, pk):
    return _section(request, pk, "outcomes")


def community_problems(request, pk):
    return _section(request, pk, "problems")


def community_activities(request, pk):
    return _section(request, pk, "activities")


def community_projects(request, pk):
    return _section(request, pk, "projects")


def article(request, pk):
    row = _found(selectors.article_by_pk(pk))
    return render(request, "portal/public/article.html", {
        "article": row,
        "crumbs": _crumbs(street=row.street, community=row.community, last=row.title),
    })


def series(request, pk):
    row = _found(selectors.series_by_pk(pk))
    return render(request, "portal/public/series.html", {
        "series": row, "page": _page(request, selectors.articles(series=row)),
        "crumbs": _crumbs(street=row.street, community=row.community, last=row.title),
    })


# ---- Atom feeds ----------------------------------------------------------------------------

class _ArticleFeed(Feed):
    feed_type = Atom1Feed

    def items(self, place):
        return self.rows(place)[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or strip_tags(item.body_html)[:200]

    def item_link(self, item):
        return reverse("portal:article", args=[item.pk])

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at


class StreetFeed(_ArticleFeed):
    def get_object(self, request, code):
        return _found(selectors.street_by_code(code))

    def rows(self, place):
        return selectors.articles(street=place)

    def title(self, place):
        return _("%(name)s · 共治·社区公开") % {"name": place.name}

    def link(self, place):
        return reverse("portal:street", args=[place.code])

    def subtitle(self, place):
        return _("%(name)s及其社区发布的文章") % {"name": place.name}


class CommunityFeed(_ArticleFeed):
    def get_object(self, request, pk):
        return _found(selectors.community_by_pk(pk))

    def rows(self, place):
        return selectors.articles(community=place)

    def title(self, place):
        return _("%(name)s · 共治·社区公开") % {"name": place.name}

    def link(self, place):
        return reverse("portal:community", args=[place.pk])

    def subtitle(self, place):
        return _("%(name)s发布的文章") % {"name": place.name}


street_feed = StreetFeed()
community_feed = CommunityFeed()
