"""The articles' back office in the JSON API: the same rules and services as the pages, each
article with the actions open to the reader now."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from gongzhi.accounts.services import api_token_create
from gongzhi.portal.articles.choices import ArticleStatus
from gongzhi.portal.articles.models import Article, ArticleImage
from gongzhi.portal.tests.articles.test_views import jpeg_with_gps
from gongzhi.portal.tests.factories import articles_of

pytestmark = pytest.mark.django_db
API = "/api/v1/portal"


@pytest.fixture
def call(client):
    def send(user, method, path, data=None, multipart=False):
        headers = {"Authorization": f"Bearer {api_token_create(user=user).token}"}
        if method in ("post", "patch") and not multipart:
            return getattr(client, method)(f"{API}{path}", data or {},
                                           content_type="application/json", headers=headers)
        return getattr(client, method)(f"{API}{path}", data or {}, headers=headers)
    return send


def test_each_reader_sees_the_actions_open_to_them(call, world):
    # given A's articles
    articles = articles_of(world)
    # when the author and the secretary read the draft and the published one
    staff = call(world.users["staff_a"], "get", f"/articles/{articles.draft_a.pk}").json()
    secretary = call(world.users["secretary_a"], "get",
                     f"/articles/{articles.published_a.pk}").json()
    # then the author may edit and submit the draft; the secretary withdraw the published one
    assert staff["actions"] == ["portal.edit_article", "portal.submit_article"]
    assert secretary["actions"] == ["portal.withdraw_article"]
    # and community B's staff do not find A's draft, nor see it in their list
    assert call(world.users["staff_b"], "get",
                f"/articles/{articles.draft_a.pk}").status_code == 404
    listed = call(world.users["staff_b"], "get", "/articles").json()
    assert articles.draft_a.pk not in {row["id"] for row in listed["items"]}


def test_write_submit_publish_through_the_api(call, world):
    staff, secretary = world.users["staff_a"], world.users["secretary_a"]
    # when staff write a draft and change its title
    response = call(staff, "post", "/articles", {"title": "甲社区消防演练",
                                                  "body_html": "<p>演练<img src=x onerror=y></p>"})
    assert response.status_code == 201, response.content
    article = response.json()
    assert "onerror" not in article["body_html"] and "src" not in article["body_html"]
    assert article["community_id"] == world.community_a.pk
    patched = call(staff, "patch", f"/articles/{article['id']}", {"title": "甲社区消防演练（图）"})
    assert patched.json()["title"] == "甲社区消防演练（图）"
    # and the secretary publishes it before it is submitted: refused, nothing changes
    early = call(secretary, "post", f"/articles/{article['id']}/publish", {})
    assert early.status_code == 409
    assert Article.objects.get(pk=article["id"]).status == ArticleStatus.DRAFT
    # when staff submit and the secretary returns it without a note, then with one
    call(staff, "post", f"/articles/{article['id']}/submit")
    assert call(secretary, "post", f"/articles/{article['id']}/return",
                {"note": ""}).status_code == 422
    returned = call(secretary, "post", f"/articles/{article['id']}/return", {"note": "补图"})
    assert (returned.json()["status"], returned.json()["review_note"]) == ("draft", "补图")
    # when it is submitted again and published, withdrawn, redrafted
    call(staff, "post", f"/articles/{article['id']}/submit")
    published = call(secretary, "post", f"/articles/{article['id']}/publish", {}).json()
    assert published["status"] == "published" and published["publish_at"]
    assert call(secretary, "post", f"/articles/{article['id']}/withdraw",
                {"note": "过期"}).json()["status"] == "withdrawn"
    assert call(staff, "post", f"/articles/{article['id']}/redraft").json()["status"] == "draft"


def test_image_upload_through_the_api(call, world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    articles = articles_of(world)
    staff = world.users["staff_a"]
    upload = SimpleUploadedFile("p.jpg", jpeg_with_gps((1000, 3000)), content_type="image/jpeg")
    # when staff upload a tall photo with EXIF to the draft
    response = call(staff, "post", f"/articles/{articles.draft_a.pk}/images",
                    {"image": upload, "caption": "合影"}, multipart=True)
    # then it is stored smaller, without EXIF, and may become the cover
    assert response.status_code == 201, response.content
    image = ArticleImage.objects.get(pk=response.json()["id"])
    with Image.open(image.image.path) as stored:
        assert stored.size == (533, 1600) and not stored.getexif()
    patched = call(staff, "patch", f"/articles/{articles.draft_a.pk}", {"cover_id": image.pk})
    assert patched.json()["cover_id"] == image.pk
    # and no image can be added to a published article
    other = SimpleUploadedFile("p.jpg", jpeg_with_gps(), content_type="image/jpeg")
    refused = call(staff, "post", f"/articles/{articles.published_a.pk}/images",
                   {"image": other}, multipart=True)
    assert refused.status_code == 409
    assert ArticleImage.objects.count() == 1


def test_series_through_the_api(call, world):
    admin = world.users["street_admin"]
    created = call(admin, "post", "/series", {"street_id": world.street.pk, "title": "老街"})
    assert created.status_code == 201, created.content
    series = created.json()
    assert series["actions"] == ["portal.edit_series"] and series["community_id"] is None
    renamed = call(admin, "patch", f"/series/{series['id']}", {"title": "老街记忆"})
    assert renamed.json()["title"] == "老街记忆"
    assert call(world.users["staff_b"], "patch", f"/series/{series['id']}",
                {"title": "x"}).status_code == 404
