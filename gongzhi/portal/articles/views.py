"""The articles' back office: the list with its tabs and the review queue, writing and editing
a draft (a small editor of our own over a plain textarea), its images, the preview with the
open actions as buttons, and the series. Each action is one form and one service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from gongzhi.core.actions import open_actions, require_who
from gongzhi.core.errors import DomainError, PermissionDenied
from gongzhi.core.forms import domain_error_text, submit_form
from gongzhi.portal.articles import access, rules, selectors, services
from gongzhi.portal.articles.choices import ArticleStatus
from gongzhi.portal.articles.forms import (
    ArticleForm,
    EmptyForm,
    ImageForm,
    PublishForm,
    ReturnForm,
    SeriesForm,
    WithdrawForm,
)
from gongzhi.portal.articles.states import ArticleNotDraft

FORM = "portal/articles/form.html"
TABS = ("draft", "review", "published", "withdrawn")


def _need_use(user) -> None:
    if not rules.can_use_articles(user):
        raise PermissionDenied()


def _need_places(user) -> list:
    places = selectors.places_to_write(user)
    if not places:
        raise PermissionDenied()
    return places


# ---- the list ------------------------------------------------------------------------------

@login_required
def article_list(request):
    """文章管理: the articles the user writes or reviews, by state; the review queue."""
    _need_use(request.user)
    counts = selectors.status_counts(request.user)
    reviewer = rules.can_review_articles(request.user)
    queue = reviewer and request.GET.get("queue") == "review"
    status = request.GET.get("status") if request.GET.get("status") in TABS else None
    if queue:
        rows = selectors.review_queue(request.user)
    else:
        rows = selectors.articles_for(request.user)
        if status:
            rows = rows.filter(status=status)
    tabs = [(value, label, counts[value]) for value, label in ArticleStatus.choices]
    return render(request, "portal/articles/article_list.html", {
        "articles": rows[:200], "tabs": tabs, "status": status, "queue": queue,
        "reviewer": reviewer, "total": sum(counts.values()),
        "queue_count": counts[ArticleStatus.REVIEW],
        "can_write": rules.can_write_articles(request.user), "now": timezone.now()})


# ---- writing -------------------------------------------------------------------------------

@login_required
def article_create(request):
    places = _need_places(request.user)
    form = ArticleForm(data=request.POST or None, places=places,
                       series=selectors.series_for(request.user))
    done = submit_form(request, form, lambda data: services.article_create(
        actor=request.user, place=form.places[data["place"]], title=data["title"],
        body_html=data["body_html"], summary=data["summary"], kind=data["kind"],
        series=data["series"], publish_at=data["publish_at"]),
        success_message=_("草稿已保存，可继续上传图片。"),
        success_url=lambda article: reverse("portal:article_edit", args=[article.pk]))
    return done or render(request, FORM, {"form": form, "title": _("写文章"),
                                          "back": reverse("portal:article_list"),
                                          "editor": True})


@login_required
def article_edit(request, pk):
    article = access.access_article(actor=request.user, id=pk)
    require_who(request.user, rules.EDIT_ARTICLE, article)
    detail = reverse("portal:article_detail", args=[article.pk])
    if rules.EDIT_ARTICLE not in open_actions(request.user, article, [rules.EDIT_ARTICLE]):
        messages.error(request, ArticleNotDraft.default_message)
        return redirect(detail)
    images = list(selectors.article_images(article))
    options = {"series": selectors.series_for(request.user), "images": images}
    form = (ArticleForm(data=request.POST, **options) if request.method == "POST"
            else ArticleForm.of(article, **options))
    done = submit_form(request, form, lambda data: services.article_update(
        actor=request.user, article=article, title=data["title"], body_html=data["body_html"],
        summary=data["summary"], kind=data["kind"], series=data["series"],
        publish_at=data["publish_at"], cover=data["cover"]),
        success_message=_("草稿已保存。"),
        success_url=detail)
    return done or render(request, FORM, {
        "form": form, "title": _("编辑文章"), "article": article, "images": images,
        "editor": True, "back": detail})


@login_required
@require_POST
def article_image_add(request, pk):
    """Upload an image of a draft (multipart). The editor asks for JSON (its URL to insert);
    without JS the form posts here and comes back to the edit page."""
    article = access.access_article(actor=request.user, id=pk)
    require_who(request.user, rules.EDIT_ARTICLE, article)
    wants_json = "application/json" in request.headers.get("Accept", "")
    back = reverse("portal:article_edit", args=[article.pk])
    form = ImageForm(data=request.POST, files=request.FILES)
    error = None
    if not form.is_valid():
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    else:
        try:
            image = services.image_add(actor=request.user, article=article,
                                       upload=form.cleaned_data["image"],
                                       caption=form.cleaned_data["caption"])
        except DomainError as refusal:
            error = domain_error_text(refusal)
    if wants_json:
        if error:
            return JsonResponse({"error": error}, status=400)
        return JsonResponse({"id": image.pk, "url": image.get_absolute_url(), "width": image.width,
                             "height": image.height, "caption": image.caption}, status=201)
    if error:
        messages.error(request, error)
    else:
        url = image.get_absolute_url()
        messages.success(request, _("图片已上传，地址：%(url)s") % {"url": url})
    return redirect(back)


# ---- an image, as the public portal and the back office show it ----------------------------

IMAGE_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
PUBLIC_IMAGE_MAX_AGE = 3600  # a withdrawn article's image may stay in caches up to an hour


@require_safe
def image_file(request, pk):
    """An article's image (in production /media/ is not served): anyone's of a published and
    due article, else only for those who write or review its article (not found to others).
    Only the formats images.prepared_image stores, with their own content type, never sniffed;
    a draft's image is not kept by shared caches."""
    image = access.access_image(actor=request.user, id=pk)
    content_type = IMAGE_TYPES.get(image.image.name.rsplit(".", 1)[-1].lower())
    if content_type is None or not image.image.storage.exists(image.image.name):
        raise Http404
    response = FileResponse(image.image.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    if selectors.is_public(image.article):
        patch_cache_control(response, public=True, max_age=PUBLIC_IMAGE_MAX_AGE)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response


# ---- the preview and its actions -----------------------------------------------------------

ACTION_FORMS = {
    "submit": (EmptyForm, lambda actor, article, data: services.article_submit(
        actor=actor, article=article), _("已提交审核。")),
    "publish": (PublishForm, lambda actor, article, data: services.article_publish(
        actor=actor, article=article, publish_at=data["publish_at"]), _("已审核发布。")),
    "return": (ReturnForm, lambda actor, article, data: services.article_return(
        actor=actor, article=article, note=data["note"]), _("已退回作者修改。")),
    "withdraw": (WithdrawForm, lambda actor, article, data: services.article_withdraw(
        actor=actor, article=article, note=data["note"]), _("文章已撤回，门户不再显示。")),
    "redraft": (EmptyForm, lambda actor, article, data: services.article_redraft(
        actor=actor, article=article), _("文章已改回草稿。")),
}


@login_required
def article_detail(request, pk):
    article = access.access_article(actor=request.user, id=pk)
    actions = open_actions(request.user, article, rules.ARTICLE_ACTIONS)
    return render(request, "portal/articles/article_detail.html", {
        "article": article, "images": selectors.article_images(article),
        "can": {name.removeprefix("portal.").removesuffix("_article"): True
                for name in actions},
        "publish_form": PublishForm(initial={"publish_at": article.publish_at}),
        "now": timezone.now()})


@login_required
@require_POST
def article_action(request, pk, action):
    article = access.access_article(actor=request.user, id=pk)
    if action not in ACTION_FORMS:
        raise Http404()
    require_who(request.user, rules.ARTICLE_ACTION_RULES[action], article)
    form_class, perform, message = ACTION_FORMS[action]
    url = reverse("portal:article_detail", args=[article.pk])
    return submit_form(request, form_class(data=request.POST),
                       lambda data: perform(request.user, article, data),
                       success_message=message, success_url=url, failure_url=url)


# ---- series --------------------------------------------------------------------------------

@login_required
def series_list(request):
    _need_use(request.user)
    return render(request, "portal/articles/series_list.html", {
        "series": selectors.series_for(request.user).order_by("title"),
        "can_create": bool(selectors.places_to_write(request.user))})


@login_required
def series_create(request):
    places = _need_places(request.user)
    form = SeriesForm(data=request.POST or None, places=places)
    done = submit_form(request, form, lambda data: services.series_create(
        actor=request.user, place=form.places[data["place"]], title=data["title"],
        description=data["description"]),
        success_message=_("专栏已创建。"), success_url=reverse("portal:series_list"))
    return done or render(request, FORM, {"form": form, "title": _("新建专栏"),
                                          "back": reverse("portal:series_list")})


@login_required
def series_edit(request, pk):
    series = access.access_series(actor=request.user, id=pk)
    require_who(request.user, rules.EDIT_SERIES, series)
    form = SeriesForm(data=request.POST) if request.method == "POST" else SeriesForm.of(series)
    done = submit_form(request, form, lambda data: services.series_update(
        actor=request.user, series=series, title=data["title"],
        description=data["description"]),
        success_message=_("专栏已保存。"), success_url=reverse("portal:series_list"))
    return done or render(request, FORM, {"form": form, "title": _("编辑专栏"),
                                          "back": reverse("portal:series_list")})
