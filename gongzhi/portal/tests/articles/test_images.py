"""Articles' images: served by portal:image (in production /media/ is not served) to anyone
once their article is public, else only in the back office's scope; the only <img src> an
article's body keeps is that address; a decompression bomb is refused before it is decoded,
and an outsider's upload is not even looked at."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from gongzhi.core.errors import NotFound, ValidationFailed
from gongzhi.portal.articles import services
from gongzhi.portal.articles.models import ArticleImage
from gongzhi.portal.articles.sanitising import clean_html
from gongzhi.portal.tests.factories import articles_of, illustrated_article

pytestmark = pytest.mark.django_db


def bomb_png(side: int = 12000) -> bytes:
    """A PNG of side × side pixels of one colour: small as a file, huge once decoded."""
    output = io.BytesIO()
    Image.new("1", (side, side)).save(output, format="PNG")
    return output.getvalue()


@pytest.mark.parametrize("src", [
    "/media/%2e%2e/x", "/media/portal/2026/01/a.jpg", "/portal/images/1/../x",
    "//evil/x", "https://evil.example/portal/images/1/", "/portal/images/%31/",
    "/portal/images/1", "/portal/images/1/?x=1", "/portal/images/١/",
    "/portal/images/1/\n", "/manage/portal/images/1/", "javascript:alert(1)"])
def test_an_image_may_point_only_at_the_portal_s_image_address(src):
    # when a body with an image of another address is cleaned
    clean = clean_html(f'<p>x</p><img src="{src}" alt="a">')
    # then the image keeps no address
    assert "src=" not in clean, clean


def test_the_portal_s_image_address_is_kept():
    assert clean_html('<img src="/portal/images/12/" alt="合影">') == \
        '<img src="/portal/images/12/" alt="合影">'


def test_a_decompression_bomb_is_refused_and_nothing_is_stored(world):
    # given a draft of community A and a 12000×12000 PNG (a small file)
    draft = articles_of(world).draft_a
    data = bomb_png()
    assert len(data) < 2 * 1024 * 1024
    # when A's staff upload it
    with pytest.raises(ValidationFailed) as refused:
        services.image_add(actor=world.users["staff_a"], article=draft,
                           upload=SimpleUploadedFile("big.png", data, content_type="image/png"))
    # then it is refused on "image" and nothing is stored
    assert "图片尺寸过大" in refused.value.detail["image"][0]
    assert not ArticleImage.objects.exists()


def test_an_outsider_s_upload_is_refused_before_it_is_looked_at(world):
    # given a draft of community A and community B's staff
    draft = articles_of(world).draft_a
    upload = SimpleUploadedFile("big.png", bomb_png(), content_type="image/png")
    # when they upload a bomb to it, then it is not found (not judged as an image: the rule
    # is asked before the image is opened) and nothing is stored
    with pytest.raises(NotFound):
        services.image_add(actor=world.users["staff_b"], article=draft, upload=upload)
    assert not ArticleImage.objects.exists()


def test_a_public_article_s_image_is_served_to_anyone(client, world):
    # given a published article of A with an image in its body
    article, image = illustrated_article(world)
    url = reverse("portal:image", args=[image.pk])
    assert url == f"/portal/images/{image.pk}/"
    # when a visitor (not logged in) reads the article and loads its image
    page = client.get(reverse("portal:article", args=[article.pk])).content.decode()
    response = client.get(url)
    # then the page shows the stored body with that address, and the image comes as a PNG,
    # not to be sniffed, cacheable by anyone
    assert f'<img src="{url}">' in page
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "public" in response["Cache-Control"] and "max-age=3600" in response["Cache-Control"]
    content = b"".join(response.streaming_content)
    with Image.open(io.BytesIO(content)) as served:
        assert (served.format, served.size) == ("PNG", (40, 30))


def test_a_draft_s_image_is_served_only_within_scope(client, world):
    # given a draft of A with an image
    _article, image = illustrated_article(world, publish=False)
    url = reverse("portal:image", args=[image.pk])
    # when a visitor, B's staff and a resident of A ask for it, then it is not found
    assert client.get(url).status_code == 404
    for outsider in ("staff_b", "resident_a"):
        client.force_login(world.users[outsider])
        assert client.get(url).status_code == 404, outsider
    # and A's staff and secretary (writer, reviewer) see it, kept by no shared cache
    for insider in ("staff_a", "secretary_a"):
        client.force_login(world.users[insider])
        response = client.get(url)
        assert response.status_code == 200, insider
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    # and an address of no image is not found, nor a POST to one
    assert client.get(reverse("portal:image", args=[image.pk + 1000])).status_code == 404
    assert client.post(url).status_code == 405


def test_an_image_of_a_withdrawn_or_scheduled_article_is_not_public(client, world):
    # given a published article of A with an image, then withdrawn
    article, image = illustrated_article(world)
    services.article_withdraw(actor=world.users["secretary_a"], article=article, note="有误")
    # when a visitor asks for its image, then it is not found
    assert client.get(reverse("portal:image", args=[image.pk])).status_code == 404
