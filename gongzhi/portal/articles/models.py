"""What the portal publishes: articles written in the back office (rich text, sanitised when
saved), grouped in series (a street's profile of each of its communities), with their
images. An article belongs to a street, and to one of its communities or to the street as a
whole; it goes draft → review → published (public from `publish_at`, so it can be scheduled)
and may be withdrawn. The public pages show published articles whose time has come, only."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.core.models import ScopedModel
from gongzhi.portal.articles.choices import ArticleKind, ArticleStatus

# an article or a series of a street (community empty) is in the scope of the street's and the
# district's roles; a community's, of that community's roles too
OWNER_PATHS = {"district": "street__district", "street": "street", "community": "community"}


class OwnedByPlace(ScopedModel):
    street = models.ForeignKey("places.Street", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("街道"))
    community = models.ForeignKey("places.Community", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("社区"),
                                  help_text=_("留空表示由街道发布。"))

    scope_paths = OWNER_PATHS

    class Meta:
        abstract = True

    def scope_ids(self) -> dict:
        return {"community_id": self.community_id, "street_id": self.street_id,
                "district_id": self.street.district_id}


class Series(OwnedByPlace):
    """A run of articles, e.g. the street's 社区风采 profiles, one per community."""

    title = models.CharField(_("专栏名称"), max_length=64)
    description = models.TextField(_("专栏简介"), blank=True)

    class Meta:
        verbose_name = _("专栏")
        verbose_name_plural = _("专栏")
        ordering = ["street", "title"]
        constraints = [models.UniqueConstraint(fields=["street", "title"],
                                               name="portal_series_title_unique_in_street")]

    def __str__(self):
        return self.title


class Article(OwnedByPlace):
    series = models.ForeignKey(Series, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="articles", verbose_name=_("专栏"))
    kind = models.CharField(_("类型"), max_length=16, choices=ArticleKind.choices,
                            default=ArticleKind.NEWS)
    title = models.CharField(_("标题"), max_length=100)
    summary = models.CharField(_("摘要"), max_length=200, blank=True)
    # stored only as sanitised by portal.articles.sanitising.clean_html (nh3)
    body_html = models.TextField(_("正文"))
    cover = models.ForeignKey("portal.ArticleImage", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+",
                              verbose_name=_("封面图片"))
    status = models.CharField(_("状态"), max_length=16, choices=ArticleStatus.choices,
                              default=ArticleStatus.DRAFT, db_index=True)
    publish_at = models.DateTimeField(_("发布时间"), null=True, blank=True, db_index=True,
                                      help_text=_("留空表示审核通过后立即发布。"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("作者"))
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("审核人"))
    review_note = models.CharField(_("审核意见"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("文章")
        verbose_name_plural = _("文章")
        ordering = ["-publish_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ArticleStatus.PUBLISHED) | Q(publish_at__isnull=False),
                name="portal_article_published_has_time"),
        ]

    def __str__(self):
        return self.title


class ArticleImage(OwnedByPlace):
    """An image uploaded for articles: resized to at most PORTAL_IMAGE_MAX_SIDE pixels on its
    longer side and re-encoded without metadata (portal.articles.images) before it is stored."""

    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="images", verbose_name=_("文章"))
    image = models.ImageField(_("图片"), upload_to="portal/%Y/%m/", width_field="width",
                              height_field="height")
    width = models.PositiveIntegerField(_("宽度"), default=0)
    height = models.PositiveIntegerField(_("高度"), default=0)
    caption = models.CharField(_("图片说明"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("上传人"))

    class Meta:
        verbose_name = _("文章图片")
        verbose_name_plural = _("文章图片")
        ordering = ["pk"]

    def __str__(self):
        return self.caption or self.image.name

    def get_absolute_url(self) -> str:
        """The image's address, served by portal:image (in production /media/ is not served);
        the only <img src> the sanitiser lets into an article's body."""
        return reverse("portal:image", args=[self.pk])
