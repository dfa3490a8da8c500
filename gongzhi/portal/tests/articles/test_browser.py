"""On a phone: community A's staff member writes an article with the editor (bold text and an
image uploaded from the toolbar) and submits it; the secretary publishes it."""

import pytest
from playwright.sync_api import expect

from gongzhi.accounts.tests.factories import PASSWORD
from gongzhi.conftest import build_world
from gongzhi.portal.articles.choices import ArticleStatus
from gongzhi.portal.articles.models import Article
from gongzhi.portal.tests.articles.test_views import jpeg_with_gps

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def as_user(browser, base, username):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("您好")
    return page


def test_staff_write_with_the_editor_and_the_secretary_publishes(
        browser, transactional_db, live_server, screenshot, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    build_world()
    base = live_server.url
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(jpeg_with_gps())
    # given community A's staff member on 写文章, from the menu's 门户文章
    page = as_user(browser, base, "staff_a")
    page.goto(f"{base}/portal/manage/articles/")
    page.get_by_test_id("article-create").click()
    page.get_by_label("标题").fill("甲社区重阳敬老宴")
    # when they type the text and make it bold with the toolbar
    area = page.get_by_test_id("editor-area")
    area.click()
    page.keyboard.type("九十位老人共度重阳")
    page.keyboard.press("Control+A")
    page.get_by_test_id("editor-bold").click()
    screenshot(page, "01-editor")
    page.get_by_test_id("submit").click()
    expect(page.locator(".alert-success")).to_contain_text("草稿已保存")
    article = Article.objects.get(title="甲社区重阳敬老宴")
    # (chromium's bold is <b>, kept by the cleaner like <strong>)
    assert "<b>九十位老人共度重阳</b>" in article.body_html
    # when they insert an image from the editor's toolbar and save
    page.get_by_test_id("editor-area").click()
    page.keyboard.press("Control+End")
    page.get_by_test_id("editor-image-input").set_input_files(str(photo))
    expect(page.get_by_test_id("editor-area").locator("img")).to_have_count(1)
    screenshot(page, "02-image")
    page.get_by_test_id("submit").click()
    expect(page.locator(".alert-success")).to_contain_text("草稿已保存")
    article.refresh_from_db()
    image = article.images.get()
    assert f'<img src="/portal/images/{image.pk}/"' in article.body_html
    # and they submit it from the preview
    page.get_by_test_id("action-submit").click()
    expect(page.locator(".alert-success")).to_contain_text("已提交审核")
    # when the secretary opens the review queue and publishes it now
    page = as_user(browser, base, "secretary_a")
    page.goto(f"{base}/portal/manage/articles/?queue=review")
    page.get_by_role("link", name="甲社区重阳敬老宴").click()
    page.get_by_test_id("action-publish").click()
    # then it is published, and the preview shows the bold text
    expect(page.locator(".alert-success")).to_contain_text("已审核发布")
    expect(page.get_by_test_id("article-body").locator("b")).to_have_text("九十位老人共度重阳")
    screenshot(page, "03-published")
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED and article.reviewer.username == "secretary_a"
