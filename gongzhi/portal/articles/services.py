"""Writes of the portal's articles, series and images. Each asks its named rule (rules.py)
after locking the article, and records the change in the audit trail; the body is stored only
as cleaned by sanitising.clean_html, an image only as images.prepared_image made it."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.audit.writes import model_create, model_update
from gongzhi.core.actions import require
from gongzhi.core.errors import ValidationFailed
from gongzhi.places.models import Community, Street
from gongzhi.portal.articles import rules
from gongzhi.portal.articles.choices import ArticleKind, ArticleStatus
from gongzhi.portal.articles.images import prepared_image
from gongzhi.portal.articles.models import Article, ArticleImage, Series
from gongzhi.portal.articles.sanitising import clean_html, plain_text


def _invalid(field: str, message) -> ValidationFailed:
    return ValidationFailed(detail={field: [str(message)]})


def _text(value, field: str, *, limit: int, required: bool = False, message=None) -> str:
    text = " ".join((value or "").split())
    if required and not text:
        raise _invalid(field, message or _("此项为必填项。"))
    if len(text) > limit:
        raise _invalid(field, _("不能超过 %(limit)s 个字。") % {"limit": limit})
    return text


def _owner(place) -> tuple[Street, Community | None]:
    if isinstance(place, Community):
        return place.street, place
    if isinstance(place, Street):
        return place, None
    raise TypeError("an article belongs to a street or a community")


def _series_of(series: Series | None, street: Street, community: Community | None):
    if series is None:
        return None
    if series.street_id != street.pk or (series.community_id
                                         and series.community_id != getattr(community, "pk",
                                                                            None)):
        raise _invalid("series", _("请选择本街道或本社区的专栏。"))
    return series


def _content(*, title, summary, body_html, kind) -> dict:
    body = clean_html(body_html)
    if not plain_text(body) and "<img" not in body:
        raise _invalid("body_html", _("请填写正文。"))
    if kind not in ArticleKind.values:
        raise _invalid("kind", _("请选择文章类型。"))
    summary = _text(summary, "summary", limit=200) or plain_text(body)[:120]
    return {"title": _text(title, "title", limit=100, required=True,
                           message=_("请填写标题。")),
            "summary": summary, "body_html": body, "kind": kind}


def _publish_time(value, *, at: datetime.datetime) -> datetime.datetime:
    if value is None:
        return at
    if value < at - datetime.timedelta(minutes=1):
        raise _invalid("publish_at", _("定时发布的时间不能早于现在。"))
    return value


def _locked(article: Article) -> Article:
    return Article.objects.select_for_update(of=("self",)).select_related(
        "street", "community").get(pk=article.pk)


# ---- series --------------------------------------------------------------------------------

SERIES_TAKEN = _("本街道已有同名专栏。")


def series_create(*, actor, place, title: str, description: str = "") -> Series:
    require(actor, rules.CREATE_SERIES, place)
    street, community = _owner(place)
    title = _text(title, "title", limit=64, required=True, message=_("请填写专栏名称。"))
    with transaction.atomic():
        if Series.objects.filter(street=street, title=title).exists():
            raise _invalid("title", SERIES_TAKEN)
        series = Series(street=street, community=community, title=title,
                        description=(description or "").strip()[:1000])
        return model_create(actor=actor, instance=series)


def series_update(*, actor, series: Series, title: str, description: str = "") -> Series:
    title = _text(title, "title", limit=64, required=True, message=_("请填写专栏名称。"))
    with transaction.atomic():
        series = Series.objects.select_for_update().get(pk=series.pk)
        require(actor, rules.EDIT_SERIES, series)
        if Series.objects.filter(street_id=series.street_id, title=title).exclude(
                pk=series.pk).exists():
            raise _invalid("title", SERIES_TAKEN)
        model_update(actor=actor, instance=series, fields=["title", "description"],
                     data={"title": title, "description": (description or "").strip()[:1000]})
        return series


# ---- articles ------------------------------------------------------------------------------

def article_create(*, actor, place, title: str, body_html: str, summary: str = "",
                   kind: str = ArticleKind.NEWS, series: Series | None = None,
                   publish_at: datetime.datetime | None = None) -> Article:
    """A new draft of `place` (a street or one of its communities)."""
    require(actor, rules.CREATE_ARTICLE, place)
    street, community = _owner(place)
    data = _content(title=title, summary=summary, body_html=body_html, kind=kind)
    with transaction.atomic():
        article = Article(street=street, community=community,
                          series=_series_of(series, street, community), author=actor,
                          publish_at=publish_at, status=ArticleStatus.DRAFT, **data)
        return model_create(actor=actor, instance=article)


def article_update(*, actor, article: Article, title: str, body_html: str, summary: str = "",
                   kind: str = ArticleKind.NEWS, series: Series | None = None,
                   publish_at: datetime.datetime | None = None,
                   cover: ArticleImage | None = None) -> Article:
    data = _content(title=title, summary=summary, body_html=body_html, kind=kind)
    with transaction.atomic():
        article = _locked(article)
        require(actor, rules.EDIT_ARTICLE, article)
        if cover is not None and cover.article_id != article.pk:
            raise _invalid("cover", _("封面须是本文上传的图片。"))
        data.update(series=_series_of(series, article.street, article.community),
                    publish_at=publish_at, cover=cover)
        model_update(actor=actor, instance=article, fields=list(data), data=data)
        return article


def _move(actor, article: Article, rule: str, status: str, **changes) -> Article:
    with transaction.atomic():
        article = _locked(article)
        require(actor, rule, article)
        data = {"status": status, **changes}
        model_update(actor=actor, instance=article, fields=list(data), data=data)
        return article


def article_submit(*, actor, article: Article) -> Article:
    return _move(actor, article, rules.SUBMIT_ARTICLE, ArticleStatus.REVIEW)


def article_publish(*, actor, article: Article, publish_at: datetime.datetime | None = None,
                    at: datetime.datetime | None = None) -> Article:
    """Approve: public from `publish_at` (the time the author set if none is given; now if
    neither). `at` is the moment of approval (now; the demo passes its own)."""
    at = at or timezone.now()
    when = _publish_time(publish_at if publish_at is not None else article.publish_at, at=at)
    return _move(actor, article, rules.PUBLISH_ARTICLE, ArticleStatus.PUBLISHED,
                 publish_at=when, reviewer=actor, review_note="")


def article_return(*, actor, article: Article, note: str) -> Article:
    note = _text(note, "note", limit=200, required=True, message=_("请填写退回意见。"))
    return _move(actor, article, rules.RETURN_ARTICLE, ArticleStatus.DRAFT,
                 reviewer=actor, review_note=note)


def article_withdraw(*, actor, article: Article, note: str = "") -> Article:
    return _move(actor, article, rules.WITHDRAW_ARTICLE, ArticleStatus.WITHDRAWN,
                 review_note=_text(note, "note", limit=200))


def article_redraft(*, actor, article: Article) -> Article:
    return _move(actor, article, rules.REDRAFT_ARTICLE, ArticleStatus.DRAFT)


def image_add(*, actor, article: Article, upload, caption: str = "") -> ArticleImage:
    """An image for a draft article (resized, metadata removed); its URL goes into the body."""
    with transaction.atomic():
        article = _locked(article)
        require(actor, rules.EDIT_ARTICLE, article)
        # only for one who may add it: an outsider's upload is never decoded
        content = prepared_image(upload)
        image = ArticleImage(article=article, street_id=article.street_id,
                             community_id=article.community_id, uploaded_by=actor,
                             caption=_text(caption, "caption", limit=100))
        image.image.save(content.name, content, save=False)
        return model_create(actor=actor, instance=image)
