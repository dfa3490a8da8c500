"""Fetch one article, series or image by id within the actor's scope; missing and forbidden
alike. Articles and series are seen by those who write or review them there."""

from gongzhi.core.access import get_scoped
from gongzhi.portal.articles import selectors
from gongzhi.portal.articles.models import Article, ArticleImage, Series


def access_article(*, actor, id) -> Article:
    return get_scoped(selectors.articles_for(actor).select_related("cover"), pk=id)


def access_series(*, actor, id) -> Series:
    return get_scoped(selectors.series_for(actor), pk=id)


def access_image(*, actor, id) -> ArticleImage:
    """An article's image: of a published and due article for anyone, else only for those who
    write or review its article."""
    return get_scoped(selectors.visible_images(actor), pk=id)
