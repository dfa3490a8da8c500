"""Articles for the portal's tests, on top of gongzhi/conftest.py's world, made through the
services as users would: `published_a` (community A's, public), `draft_a` (a draft of A),
`street_news` (the street's own, public, in the series 社区风采) and `scheduled_a` (approved,
public only from tomorrow)."""

import datetime
import io
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from gongzhi.portal.articles import services


@dataclass
class Articles:
    series: object
    published_a: object
    draft_a: object
    street_news: object
    scheduled_a: object


def articles_of(world) -> Articles:
    staff, secretary = world.users["staff_a"], world.users["secretary_a"]
    street_admin = world.users["street_admin"]
    series = services.series_create(actor=street_admin, place=world.street, title="社区风采",
                                    description="走进街道的每一个社区。")
    published = services.article_create(
        actor=staff, place=world.community_a, title="甲社区义诊进小区",
        body_html="<p>社区卫生服务中心的医生为居民量血压。</p>")
    services.article_submit(actor=staff, article=published)
    services.article_publish(actor=secretary, article=published,
                             at=timezone.now() - datetime.timedelta(days=3))
    draft = services.article_create(actor=staff, place=world.community_a, title="草稿：楼道清理",
                                    body_html="<p>还没写完。</p>")
    street_news = services.article_create(
        actor=street_admin, place=world.street, title="走进甲社区", series=series,
        kind="profile", body_html="<p>甲社区是一个老城区社区。</p>")
    services.article_submit(actor=street_admin, article=street_news)
    services.article_publish(actor=street_admin, article=street_news)
    scheduled = services.article_create(actor=staff, place=world.community_a,
                                        title="下周停水通知", kind="notice",
                                        body_html="<p>下周二停水。</p>")
    services.article_submit(actor=staff, article=scheduled)
    services.article_publish(actor=secretary, article=scheduled,
                             publish_at=timezone.now() + datetime.timedelta(days=1))
    for row in (published, draft, street_news, scheduled):
        row.refresh_from_db()
    return Articles(series, published, draft, street_news, scheduled)


def articles_of_a(world) -> Articles:
    """articles_of(world), made once per world (the scope matrix builds its rows up front)."""
    if getattr(world, "portal_articles", None) is None:
        world.portal_articles = articles_of(world)
    return world.portal_articles


def small_png(colour=(30, 120, 200)) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(output, format="PNG")
    return output.getvalue()


def illustrated_article(world, *, publish: bool = True):
    """Community A's article with an image in its body, as the editor makes it: uploaded to the
    draft, its address put into the body, then (with `publish`) submitted and published."""
    staff = world.users["staff_a"]
    article = services.article_create(actor=staff, place=world.community_a, title="甲社区植树",
                                      body_html="<p>植树。</p>")
    image = services.image_add(actor=staff, article=article, caption="植树现场",
                               upload=SimpleUploadedFile("tree.png", small_png(),
                                                         content_type="image/png"))
    services.article_update(actor=staff, article=article, title=article.title,
                            body_html=f'<p>植树。</p><img src="{image.get_absolute_url()}">')
    if publish:
        services.article_submit(actor=staff, article=article)
        services.article_publish(actor=world.users["secretary_a"], article=article,
                                 at=timezone.now() - datetime.timedelta(days=1))
    article.refresh_from_db()
    return article, image
