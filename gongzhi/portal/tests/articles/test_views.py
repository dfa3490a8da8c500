"""The articles' back office pages: the list with its tabs, writing, editing, the preview's
buttons (each one POST to one service), images, series; wrong state and scope."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from gongzhi.portal.articles import services
from gongzhi.portal.articles.choices import ArticleStatus
from gongzhi.portal.articles.models import Article, ArticleImage, Series
from gongzhi.portal.tests.factories import articles_of

pytestmark = pytest.mark.django_db

GPS_TAG = 0x8825


def jpeg_with_gps(size=(2400, 1200)) -> bytes:
    """A JPEG as a phone takes it: large, with a GPS position and a camera model in EXIF."""
    image = Image.new("RGB", size, (200, 80, 40))
    exif = Image.Exif()
    exif[0x0110] = "Phone X"  # Model
    exif[GPS_TAG] = {1: "N", 2: (23.0, 7.0, 30.0), 3: "E", 4: (113.0, 17.0, 0.0)}
    output = io.BytesIO()
    image.save(output, format="JPEG", exif=exif)
    return output.getvalue()


def test_the_list_shows_tabs_with_counts_and_filters_by_status(client, world):
    # given community A's articles (one published, one draft, one scheduled)
    articles_of(world)
    client.force_login(world.users["secretary_a"])
    # when the secretary opens 文章管理 and then its 草稿 tab
    page = client.get(reverse("portal:article_list")).content.decode()
    drafts = client.get(reverse("portal:article_list"), {"status": "draft"}).content.decode()
    # then the tabs count each state and the tab lists only drafts
    assert 'data-testid="tab-published"' in page and "已发布（含定时）" in page
    assert "甲社区义诊进小区" in page and "下周停水通知" in page and "定时发布" in page
    assert "草稿：楼道清理" in drafts and "甲社区义诊进小区" not in drafts


def test_staff_of_another_community_cannot_see_a_draft(client, world):
    # given a draft of community A
    articles = articles_of(world)
    client.force_login(world.users["staff_b"])
    # when community B's staff open their list and A's draft by its address
    page = client.get(reverse("portal:article_list")).content.decode()
    response = client.get(reverse("portal:article_detail", args=[articles.draft_a.pk]))
    edit = client.get(reverse("portal:article_edit", args=[articles.draft_a.pk]))
    submit = client.post(reverse("portal:article_action", args=[articles.draft_a.pk, "submit"]))
    # then the draft is not there, not found, and still a draft
    assert "草稿：楼道清理" not in page
    assert (response.status_code, edit.status_code, submit.status_code) == (404, 404, 404)
    articles.draft_a.refresh_from_db()
    assert articles.draft_a.status == ArticleStatus.DRAFT


def test_staff_write_submit_and_the_secretary_publishes_at_a_time(client, world):
    # given community A's staff member on 写文章 (their one place is preset)
    staff, secretary = world.users["staff_a"], world.users["secretary_a"]
    client.force_login(staff)
    form = client.get(reverse("portal:article_create")).content.decode()
    assert 'data-article-editor' in form and "article_editor.js" in form
    # when they save a draft with a script in its body
    response = client.post(reverse("portal:article_create"), {
        "place": f"c{world.community_a.pk}", "kind": "news", "title": "甲社区重阳敬老",
        "summary": "", "body_html": "<p><strong>敬老</strong>活动<script>x()</script></p>"})
    article = Article.objects.get(title="甲社区重阳敬老")
    # then it is a draft of A, cleaned, and they are sent on to add images
    assert response["Location"] == reverse("portal:article_edit", args=[article.pk])
    assert article.body_html == "<p><strong>敬老</strong>活动</p>"
    assert (article.community, article.status) == (world.community_a, ArticleStatus.DRAFT)
    # when they open the preview, only the author's buttons are there, and they submit
    page = client.get(reverse("portal:article_detail", args=[article.pk])).content.decode()
    assert 'data-testid="action-submit"' in page and 'data-testid="action-publish"' not in page
    client.post(reverse("portal:article_action", args=[article.pk, "submit"]))
    article.refresh_from_db()
    assert article.status == ArticleStatus.REVIEW
    # when the secretary opens the review queue and publishes for tomorrow 08:00
    client.force_login(secretary)
    queue = client.get(reverse("portal:article_list"), {"queue": "review"}).content.decode()
    assert "甲社区重阳敬老" in queue
    page = client.get(reverse("portal:article_detail", args=[article.pk])).content.decode()
    assert 'data-testid="action-publish"' in page and 'data-testid="action-return"' in page
    assert 'data-testid="action-submit"' not in page
    response = client.post(reverse("portal:article_action", args=[article.pk, "publish"]),
                           {"publish_at": "2099-10-01T08:00"})
    # then it is published, scheduled for that time (Beijing time)
    article.refresh_from_db()
    assert response.status_code == 302
    assert article.status == ArticleStatus.PUBLISHED
    assert article.publish_at.isoformat() == "2099-10-01T00:00:00+00:00"
    assert article.reviewer == secretary


def test_return_needs_a_note_and_a_wrong_state_changes_nothing(client, world):
    # given a draft of A, not yet submitted
    articles = articles_of(world)
    draft = articles.draft_a
    client.force_login(world.users["secretary_a"])
    url = reverse("portal:article_detail", args=[draft.pk])
    # when the secretary tries to publish it
    response = client.post(reverse("portal:article_action", args=[draft.pk, "publish"]),
                           follow=True)
    # then a message says why, and it is still a draft
    assert "该文章不在待审核状态" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == ArticleStatus.DRAFT
    # when it is submitted and returned without a note
    services.article_submit(actor=world.users["staff_a"], article=draft)
    response = client.post(reverse("portal:article_action", args=[draft.pk, "return"]),
                           {"note": " "}, follow=True)
    # then it stays in review and the page asks for a note
    assert response.redirect_chain[-1][0] == url
    assert "这个字段是必填项" in response.content.decode() or "必填" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == ArticleStatus.REVIEW
    # when it is returned with a note, then the author sees the note on the draft
    client.post(reverse("portal:article_action", args=[draft.pk, "return"]),
                {"note": "请补充照片"})
    draft.refresh_from_db()
    assert (draft.status, draft.review_note) == (ArticleStatus.DRAFT, "请补充照片")
    client.force_login(world.users["staff_a"])
    assert "请补充照片" in client.get(url).content.decode()


def test_withdraw_and_redraft(client, world):
    # given a published article of A
    articles = articles_of(world)
    article = articles.published_a
    client.force_login(world.users["secretary_a"])
    # when the secretary withdraws it with a reason
    client.post(reverse("portal:article_action", args=[article.pk, "withdraw"]),
                {"note": "信息有误"})
    article.refresh_from_db()
    assert (article.status, article.review_note) == (ArticleStatus.WITHDRAWN, "信息有误")
    # then the author may turn it back into a draft and edit it
    client.force_login(world.users["staff_a"])
    page = client.get(reverse("portal:article_detail", args=[article.pk])).content.decode()
    assert 'data-testid="action-redraft"' in page
    client.post(reverse("portal:article_action", args=[article.pk, "redraft"]))
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT
    response = client.post(reverse("portal:article_edit", args=[article.pk]), {
        "kind": "news", "title": "甲社区义诊（更正）", "body_html": "<p>更正后的正文</p>"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "甲社区义诊（更正）"


def test_editing_a_submitted_article_is_refused(client, world):
    # given an article in review
    articles = articles_of(world)
    article = articles.draft_a
    services.article_submit(actor=world.users["staff_a"], article=article)
    client.force_login(world.users["staff_a"])
    # when its author opens its edit page or posts a change
    response = client.get(reverse("portal:article_edit", args=[article.pk]))
    post = client.post(reverse("portal:article_edit", args=[article.pk]), {
        "kind": "news", "title": "改了", "body_html": "<p>改了</p>"})
    # then both send them back to the preview, saying why, and the title is unchanged
    detail = reverse("portal:article_detail", args=[article.pk])
    assert response["Location"] == detail and post["Location"] == detail
    page = client.get(detail).content.decode()
    assert "只有草稿可以修改或提交审核" in page
    article.refresh_from_db()
    assert article.title == "草稿：楼道清理"


def test_an_uploaded_image_is_resized_and_has_no_exif(client, world, tmp_path, settings):
    # given a draft and a large JPEG with a GPS position
    settings.MEDIA_ROOT = tmp_path
    articles = articles_of(world)
    draft = articles.draft_a
    client.force_login(world.users["staff_a"])
    upload = SimpleUploadedFile("phone.jpg", jpeg_with_gps(), content_type="image/jpeg")
    # when the editor uploads it (asking for JSON)
    response = client.post(reverse("portal:article_image_add", args=[draft.pk]),
                           {"image": upload, "caption": "义诊现场"},
                           headers={"Accept": "application/json"})
    # then its URL comes back, and the stored file is small enough and carries no EXIF
    assert response.status_code == 201, response.content
    data = response.json()
    image = ArticleImage.objects.get(pk=data["id"])
    assert data["url"] == reverse("portal:image", args=[image.pk])
    with Image.open(image.image.path) as stored:
        assert max(stored.size) <= settings.PORTAL_IMAGE_MAX_SIDE
        assert stored.size == (1600, 800)
        assert not stored.getexif()
        assert GPS_TAG not in stored.getexif()
        assert "exif" not in stored.info
    # when the draft's body takes the image and it is made the cover
    response = client.post(reverse("portal:article_edit", args=[draft.pk]), {
        "kind": "news", "title": draft.title, "cover": image.pk,
        "body_html": f'<p>现场</p><img src="{data["url"]}" onerror="x()">'})
    draft.refresh_from_db()
    assert draft.cover == image
    assert f'<img src="{data["url"]}">' in draft.body_html
    # and the edit page lists the image, marked as the cover
    page = client.get(reverse("portal:article_edit", args=[draft.pk])).content.decode()
    assert data["url"] in page and "· 封面" in page


def test_a_file_that_is_not_an_image_is_refused_with_a_message(client, world, tmp_path,
                                                                settings):
    settings.MEDIA_ROOT = tmp_path
    articles = articles_of(world)
    client.force_login(world.users["staff_a"])
    # when a text file is uploaded as an image without JS
    upload = SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")
    response = client.post(reverse("portal:article_image_add", args=[articles.draft_a.pk]),
                           {"image": upload}, follow=True)
    # then the edit page says so and nothing is stored
    assert "只能上传 JPEG、PNG 或 WebP 图片" in response.content.decode()
    assert not ArticleImage.objects.exists()


def test_series_are_created_and_edited_by_the_street(client, world):
    # given the street admin
    client.force_login(world.users["street_admin"])
    # when they create a series for the street, and one with the same name again
    client.post(reverse("portal:series_create"), {"place": f"s{world.street.pk}",
                                                  "title": "街巷故事", "description": "老街"})
    again = client.post(reverse("portal:series_create"), {"place": f"s{world.street.pk}",
                                                          "title": "街巷故事"})
    # then there is one, and the second form says the name is taken
    series = Series.objects.get(title="街巷故事")
    assert series.community is None
    assert "本街道已有同名专栏" in again.content.decode()
    # when they rename it
    client.post(reverse("portal:series_edit", args=[series.pk]), {"title": "街巷记忆"})
    series.refresh_from_db()
    assert series.title == "街巷记忆"
    assert "街巷记忆" in client.get(reverse("portal:series_list")).content.decode()


def test_the_street_admin_writes_for_the_street(client, world):
    client.force_login(world.users["street_admin"])
    page = client.get(reverse("portal:article_create")).content.decode()
    # the street is one of the places to choose
    assert f'value="s{world.street.pk}"' in page
    client.post(reverse("portal:article_create"), {
        "place": f"s{world.street.pk}", "kind": "news", "title": "街道新闻",
        "body_html": "<p>正文</p>"})
    article = Article.objects.get(title="街道新闻")
    assert (article.street, article.community) == (world.street, None)


def test_residents_have_no_back_office(client, world):
    client.force_login(world.users["resident_a"])
    assert client.get(reverse("portal:article_list")).status_code == 403
    assert client.get(reverse("portal:article_create")).status_code == 403

