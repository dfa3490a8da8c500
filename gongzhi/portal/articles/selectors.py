"""Reads of the portal's articles: what the public sees (published and due, never a draft),
and the back office's lists within the reader's scope."""

from django.db.models import Count, Q
from django.utils import timezone

from gongzhi.places.models import Community, Street
from gongzhi.portal.articles import rules
from gongzhi.portal.articles.choices import ArticleStatus
from gongzhi.portal.articles.models import Article, ArticleImage, Series


def public_articles(*, street=None, community=None, series=None, now=None):
    """Published articles whose time has come. A street's page shows the street's own and its
    communities'; a community's page its own."""
    now = now or timezone.now()
    rows = Article.objects.filter(status=ArticleStatus.PUBLISHED, publish_at__lte=now)
    if community is not None:
        rows = rows.filter(community=community)
    elif street is not None:
        rows = rows.filter(street=street)
    if series is not None:
        rows = rows.filter(series=series)
    return rows.select_related("street", "community", "series", "cover").order_by(
        "-publish_at", "-pk")


def articles_for(actor):
    """The back office's list: articles the actor writes or reviews."""
    condition = Q(pk__in=Article.objects.for_user(actor, rules.WRITE).values("pk")) | Q(
        pk__in=Article.objects.for_user(actor, rules.REVIEW).values("pk"))
    return (Article.objects.filter(condition)
            .select_related("street", "community", "series", "author", "reviewer")
            .order_by("-updated_at", "-pk"))


def series_for(actor):
    condition = Q(pk__in=Series.objects.for_user(actor, rules.WRITE).values("pk")) | Q(
        pk__in=Series.objects.for_user(actor, rules.REVIEW).values("pk"))
    return Series.objects.filter(condition).select_related("street", "community")


def public_series(*, street):
    return Series.objects.filter(street=street).order_by("title")


def status_counts(actor) -> dict[str, int]:
    """How many of the actor's articles are in each state (one query, for the list's tabs)."""
    rows = articles_for(actor).order_by().values("status").annotate(n=Count("pk"))
    counts = dict.fromkeys(ArticleStatus.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def review_queue(actor):
    """Articles waiting for the actor's review: submitted, in a place where they review."""
    return (Article.objects.for_user(actor, rules.REVIEW).filter(status=ArticleStatus.REVIEW)
            .select_related("street", "community", "series", "author", "reviewer")
            .order_by("updated_at", "pk"))


def places_to_write(actor) -> list:
    """Where the actor may write (an article or a series): the street(s) they write for, then
    their communities."""
    streets = list(Street.objects.for_user(actor, rules.WRITE).order_by("name"))
    communities = list(Community.objects.for_user(actor, rules.WRITE)
                       .select_related("street").order_by("name"))
    return streets + communities


def visible_images(actor, *, now=None):
    """The images one may look at: those of published articles whose time has come (anyone,
    also without logging in), and those of the articles the actor writes or reviews."""
    now = now or timezone.now()
    condition = Q(article__status=ArticleStatus.PUBLISHED, article__publish_at__lte=now)
    if actor.is_authenticated:
        condition |= Q(article__in=articles_for(actor).order_by().values("pk"))
    return ArticleImage.objects.filter(condition).select_related("article")


def is_public(article, *, now=None) -> bool:
    """Whether the public portal shows the article now (published, its time has come)."""
    now = now or timezone.now()
    return (article is not None and article.status == ArticleStatus.PUBLISHED
            and article.publish_at is not None and article.publish_at <= now)


def article_images(article):
    return article.images.order_by("pk")
