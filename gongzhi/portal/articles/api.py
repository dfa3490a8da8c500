"""The articles' back office in the JSON API, under /api/v1/portal/: the same access functions,
selectors, rules and services as the pages; each article lists the actions open to the reader
now (the rules that show the page's buttons)."""

import datetime

from django.utils.translation import gettext_lazy as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from gongzhi.core.access import get_scoped
from gongzhi.core.actions import open_actions, require_who
from gongzhi.core.api_types import Id, Pagination
from gongzhi.core.errors import PermissionDenied, ValidationFailed
from gongzhi.places.models import Community, Street
from gongzhi.portal.articles import access, rules, selectors, services
from gongzhi.portal.articles.choices import ArticleKind, ArticleStatus

router = Router()


def _need_use(user) -> None:
    if not rules.can_use_articles(user):
        raise PermissionDenied()


def _place(request, community_id, street_id):
    """The place to write for: a community, or a street (its own articles); without either,
    the only place the user writes for."""
    places = selectors.places_to_write(request.auth)
    if not places:
        raise PermissionDenied()
    if community_id is not None:
        return get_scoped(Community.objects.filter(
            pk__in=[p.pk for p in places if isinstance(p, Community)]), pk=community_id)
    if street_id is not None:
        return get_scoped(Street.objects.filter(
            pk__in=[p.pk for p in places if isinstance(p, Street)]), pk=street_id)
    if len(places) > 1:
        raise ValidationFailed(detail={"community_id": [str(_("请选择发布单位。"))]})
    return places[0]


def _series(request, series_id):
    if series_id is None:
        return None
    return get_scoped(selectors.series_for(request.auth), pk=series_id)


# ---- articles ------------------------------------------------------------------------------

class PortalArticleOut(Schema):
    id: int
    street_id: int
    community_id: int | None
    series_id: int | None
    kind: ArticleKind
    title: str
    summary: str
    body_html: str = Field(..., description="Cleaned by nh3 when saved.")
    cover_id: int | None
    status: ArticleStatus
    publish_at: datetime.datetime | None = Field(
        ..., description="Public from this time on once published (scheduled until then).")
    author: str
    reviewer: str | None
    review_note: str
    actions: list[str] = Field(..., description=(
        "portal.edit_article, portal.submit_article, portal.publish_article, "
        "portal.return_article, portal.withdraw_article, portal.redraft_article: the rules "
        "that show the page's buttons."))

    @staticmethod
    def resolve_author(obj):
        return obj.author.shown_name

    @staticmethod
    def resolve_reviewer(obj):
        return obj.reviewer.shown_name if obj.reviewer_id else None

    @staticmethod
    def resolve_actions(obj, context):
        return open_actions(context["request"].auth, obj, rules.ARTICLE_ACTIONS)


class PortalArticleIn(Schema):
    community_id: Id | None = Field(None, description="A community the user writes for; or "
                                                      "street_id for the street's own.")
    street_id: Id | None = None
    series_id: Id | None = None
    kind: ArticleKind = ArticleKind.NEWS
    title: str
    summary: str = ""
    body_html: str
    publish_at: datetime.datetime | None = None


class PortalArticlePatchIn(Schema):
    series_id: Id | None = None
    kind: ArticleKind | None = None
    title: str | None = None
    summary: str | None = None
    body_html: str | None = None
    publish_at: datetime.datetime | None = None
    cover_id: Id | None = Field(None, description="An image uploaded for this article.")


class PortalPublishIn(Schema):
    publish_at: datetime.datetime | None = Field(
        None, description="The author's time if left out; now if neither.")


class PortalNoteIn(Schema):
    note: str = ""


class PortalImageOut(Schema):
    id: int
    article_id: int
    url: str
    width: int
    height: int
    caption: str

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


@router.get("/articles", response=list[PortalArticleOut],
            summary="文章管理（本人撰写或审核的文章）")
@paginate(Pagination)
def article_list(request, status: ArticleStatus | None = None, queue: bool = False):
    _need_use(request.auth)
    if queue:
        return selectors.review_queue(request.auth)
    rows = selectors.articles_for(request.auth)
    return rows.filter(status=status) if status else rows


@router.post("/articles", response={201: PortalArticleOut}, summary="写文章（草稿）")
def article_create(request, payload: PortalArticleIn):
    place = _place(request, payload.community_id, payload.street_id)
    article = services.article_create(
        actor=request.auth, place=place, title=payload.title, body_html=payload.body_html,
        summary=payload.summary, kind=payload.kind,
        series=_series(request, payload.series_id), publish_at=payload.publish_at)
    return Status(201, access.access_article(actor=request.auth, id=article.pk))


@router.get("/articles/{article_id}", response=PortalArticleOut, summary="文章详情")
def article_detail(request, article_id: Id):
    return access.access_article(actor=request.auth, id=article_id)


@router.patch("/articles/{article_id}", response=PortalArticleOut, summary="编辑草稿")
def article_edit(request, article_id: Id, payload: PortalArticlePatchIn):
    article = access.access_article(actor=request.auth, id=article_id)
    require_who(request.auth, rules.EDIT_ARTICLE, article)
    given = payload.dict(exclude_unset=True)
    cover = article.cover
    if "cover_id" in given:
        cover = None if payload.cover_id is None else get_scoped(
            selectors.article_images(article), pk=payload.cover_id)
    series = article.series
    if "series_id" in given:
        series = _series(request, payload.series_id)
    services.article_update(
        actor=request.auth, article=article,
        title=given.get("title") or article.title,
        body_html=given.get("body_html") or article.body_html,
        summary=given.get("summary", article.summary) or "",
        kind=given.get("kind") or article.kind, series=series,
        publish_at=given.get("publish_at", article.publish_at), cover=cover)
    return access.access_article(actor=request.auth, id=article_id)


@router.post("/articles/{article_id}/submit", response=PortalArticleOut, summary="提交审核")
def article_submit(request, article_id: Id):
    article = access.access_article(actor=request.auth, id=article_id)
    services.article_submit(actor=request.auth, article=article)
    return access.access_article(actor=request.auth, id=article_id)


@router.post("/articles/{article_id}/publish", response=PortalArticleOut,
             summary="审核通过并发布（可定时）")
def article_publish(request, article_id: Id, payload: PortalPublishIn):
    article = access.access_article(actor=request.auth, id=article_id)
    services.article_publish(actor=request.auth, article=article,
                             publish_at=payload.publish_at)
    return access.access_article(actor=request.auth, id=article_id)


@router.post("/articles/{article_id}/return", response=PortalArticleOut,
             summary="退回修改（须填意见）")
def article_return(request, article_id: Id, payload: PortalNoteIn):
    article = access.access_article(actor=request.auth, id=article_id)
    services.article_return(actor=request.auth, article=article, note=payload.note)
    return access.access_article(actor=request.auth, id=article_id)


@router.post("/articles/{article_id}/withdraw", response=PortalArticleOut, summary="撤回文章")
def article_withdraw(request, article_id: Id, payload: PortalNoteIn):
    article = access.access_article(actor=request.auth, id=article_id)
    services.article_withdraw(actor=request.auth, article=article, note=payload.note)
    return access.access_article(actor=request.auth, id=article_id)


@router.post("/articles/{article_id}/redraft", response=PortalArticleOut, summary="改回草稿")
def article_redraft(request, article_id: Id):
    article = access.access_article(actor=request.auth, id=article_id)
    services.article_redraft(actor=request.auth, article=article)
    return access.access_article(actor=request.auth, id=article_id)


@router.get("/articles/{article_id}/images", response=list[PortalImageOut], summary="文章图片")
def image_list(request, article_id: Id):
    return list(selectors.article_images(access.access_article(actor=request.auth,
                                                               id=article_id)))


@router.post("/articles/{article_id}/images", response={201: PortalImageOut},
             summary="上传文章图片（缩小并去除元数据）")
def image_add(request, article_id: Id, caption: Form[str] = "",
              image: File[UploadedFile] = None):
    article = access.access_article(actor=request.auth, id=article_id)
    require_who(request.auth, rules.EDIT_ARTICLE, article)
    if image is None:
        raise ValidationFailed(detail={"image": [str(_("请选择图片。"))]})
    return Status(201, services.image_add(actor=request.auth, article=article, upload=image,
                                          caption=caption))


# ---- series --------------------------------------------------------------------------------

class PortalSeriesOut(Schema):
    id: int
    street_id: int
    community_id: int | None
    title: str
    description: str
    actions: list[str] = Field(..., description="portal.edit_series")

    @staticmethod
    def resolve_actions(obj, context):
        return open_actions(context["request"].auth, obj, rules.SERIES_ACTIONS)


class PortalSeriesIn(Schema):
    community_id: Id | None = None
    street_id: Id | None = None
    title: str
    description: str = ""


class PortalSeriesPatchIn(Schema):
    title: str
    description: str = ""


@router.get("/series", response=list[PortalSeriesOut], summary="专栏")
def series_list(request):
    _need_use(request.auth)
    return list(selectors.series_for(request.auth).order_by("title"))


@router.post("/series", response={201: PortalSeriesOut}, summary="新建专栏")
def series_create(request, payload: PortalSeriesIn):
    place = _place(request, payload.community_id, payload.street_id)
    series = services.series_create(actor=request.auth, place=place, title=payload.title,
                                    description=payload.description)
    return Status(201, access.access_series(actor=request.auth, id=series.pk))


@router.patch("/series/{series_id}", response=PortalSeriesOut, summary="编辑专栏")
def series_edit(request, series_id: Id, payload: PortalSeriesPatchIn):
    series = access.access_series(actor=request.auth, id=series_id)
    services.series_update(actor=request.auth, series=series, title=payload.title,
                           description=payload.description)
    return access.access_series(actor=request.auth, id=series_id)
