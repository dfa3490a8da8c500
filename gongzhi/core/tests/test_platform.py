"""Health check, security settings, error pages and the CSP: the platform's own promises."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.hashers import get_hasher

ROOT = Path(__file__).resolve().parents[3]


def test_healthz_reports_the_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["status"] == "ok"


def test_healthz_is_503_when_the_database_fails(client, db, monkeypatch):
    from gongzhi.core import healthchecks

    def broken_cursor():
        raise RuntimeError("database is down")

    with monkeypatch.context() as patch:
        patch.setattr(healthchecks.connection, "cursor", broken_cursor)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"]["status"] == "error"


def run_settings(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if k not in {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE",
                          "FIELD_ENCRYPTION_KEYS", "SEARCH_INDEX_KEY"}}
    return subprocess.run(
        [sys.executable, "-c",
         "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='gongzhi.settings.base';"
         "from django.conf import settings; print(settings.SESSION_COOKIE_SECURE,"
         " settings.CSRF_COOKIE_SECURE, settings.DEBUG)"],
        env={**clean, **env}, cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_production_without_secret_key_fails_fast():
    result = run_settings({"DEBUG": "false", "ALLOWED_HOSTS": "example.org"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_uses_secure_cookies():
    result = run_settings({"DEBUG": "false", "SECRET_KEY": "x" * 50,
                           "ALLOWED_HOSTS": "example.org",
                           "FIELD_ENCRYPTION_KEYS": "q" * 43 + "=",
                           "SEARCH_INDEX_KEY": "s" * 40})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "False"]


def test_production_without_encryption_keys_fails_fast():
    result = run_settings({"DEBUG": "false", "SECRET_KEY": "x" * 50,
                           "ALLOWED_HOSTS": "example.org"})
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS and SEARCH_INDEX_KEY must be set" in result.stderr


def test_argon2_is_the_production_password_hasher():
    from gongzhi.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert get_hasher("argon2").algorithm == "argon2"


def test_pages_carry_a_strict_content_security_policy(client, db):
    response = client.get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"


def test_no_asset_is_loaded_from_another_host(client, db):
    page = client.get("/accounts/login/").content.decode()
    assert "http://" not in page.replace("http://www.w3.org", "")
    assert "https://" not in page
    assert "//cdn" not in page


def test_vendored_assets_exist():
    static = ROOT / "gongzhi" / "static"
    for path in ["vendor/tabler/tabler.min.css", "vendor/tabler/tabler.min.js",
                 "vendor/htmx/htmx.min.js", "css/gongzhi.css", "js/gongzhi.js",
                 "img/favicon.svg"]:
        assert (static / path).is_file(), path


def test_404_page_is_in_chinese_only_in_the_chinese_interface(client, world):
    # given a member of staff using the Chinese interface
    client.force_login(world.users["staff_a"])
    # when they open a page that does not exist
    response = client.get("/places/buildings/999999/")
    # then the page says so in Chinese, with no English mixed in
    page = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in page
    assert "Page not found" not in page


def test_404_page_is_in_english_for_english_readers(client, world):
    # given a member of staff who chose English
    client.force_login(world.users["staff_a"])
    client.cookies["django_language"] = "en"
    # when they open a page that does not exist
    response = client.get("/places/buildings/999999/")
    # then the title is English
    page = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in page
    assert "页面不存在" not in page


def test_403_page_is_in_chinese_only_in_the_chinese_interface(client, world):
    # given a member of staff who may not read the audit log
    client.force_login(world.users["staff_a"])
    # when they open it
    response = client.get("/audit/")
    # then the refusal is in Chinese only
    page = response.content.decode()
    assert response.status_code == 403
    assert "没有权限" in page
    assert "Permission denied" not in page


def test_500_page_is_in_chinese_only_in_the_chinese_interface(rf):
    from gongzhi.core.views import server_error

    # when the server fails in the Chinese interface
    response = server_error(rf.get("/"))
    # then the page is Chinese only
    page = response.content.decode()
    assert "服务器出错了" in page
    assert "Server error" not in page


@pytest.mark.parametrize("status", [400, 403, 404])
def test_error_handlers_render(rf, db, status):
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.signed_cookies import SessionStore

    from gongzhi.core import views

    request = rf.get("/x")
    request.user = AnonymousUser()
    request.session = SessionStore()
    handler = {400: views.bad_request, 403: views.permission_denied,
               404: views.page_not_found}[status]
    response = handler(request, Exception())
    assert response.status_code == status


def test_500_page_needs_no_database(rf):
    from gongzhi.core.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "服务器出错了" in response.content.decode()


def test_english_catalogue_is_complete_and_compiled():
    """Every Chinese msgid has an English translation, and the .mo is newer than the .po."""
    po = ROOT / "gongzhi" / "locale" / "en" / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    assert mo.is_file()
    text = po.read_text()
    entries = text.split("\n\n")[1:]  # the first block is the header
    # an empty msgstr line that is not continued on the next line is a missing translation
    empty = re.compile(r'^msgstr(\[\d\])? ""\n(?!")', re.MULTILINE)
    untranslated = [entry for entry in entries if empty.search(entry + "\n")]
    assert untranslated == []
    assert "#, fuzzy" not in text
    assert mo.stat().st_mtime >= po.stat().st_mtime - 1, "run `make messages` to compile"


def test_chinese_by_default_even_for_an_english_browser(client, db):
    page = client.get("/accounts/login/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert "登录您的账号" in page.content.decode()
    client.cookies["django_language"] = "en"
    page = client.get("/accounts/login/", headers={"Accept-Language": "zh-CN"})
    assert "Log in to your account" in page.content.decode()


def test_pagination_keeps_the_filters(rf):
    from django.core.paginator import Paginator
    from django.template import Context, Template

    request = rf.get("/people/", {"q": "林", "flag": "low_income", "page": "2"})
    page = Paginator(list(range(120)), 50).get_page(2)
    html = Template("{% load gz %}{% gz_pagination page %}").render(
        Context({"request": request, "page": page}))
    assert 'href="?q=%E6%9E%97&amp;flag=low_income&amp;page=1" rel="prev"' in html
    assert 'href="?q=%E6%9E%97&amp;flag=low_income&amp;page=3" rel="next"' in html
    assert "2 / 3" in html


@pytest.mark.parametrize(("part", "whole", "shown"), [
    ("29129/50", "43691/50", "66.7%"), ("0", "0", "—"), (0, "0/1", "—"), (3, 4, "75.0%")])
def test_percent_of_handles_fractions_and_zero(part, whole, shown):
    from gongzhi.core.templatetags.gz import decimal2, percent_of

    assert percent_of(part, whole) == shown
    assert str(decimal2("29129/50")) == "582.58"


def test_the_stylesheet_braces_balance():
    """An unclosed @media block silently confines every later rule to phones."""
    depth = 0
    css = (ROOT / "gongzhi" / "static" / "css" / "gongzhi.css").read_text()
    for number, line in enumerate(css.splitlines(), 1):
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"an extra closing brace on line {number}"
    assert depth == 0


def test_the_empty_choice_of_a_select_reads_in_chinese():
    """Django 6's "- Select an option -" is not in its own zh_Hans catalogue: ours has it."""
    from django.utils import translation

    from gongzhi.cobuilding.forms import NeedForm

    with translation.override("zh-hans"):
        html = str(NeedForm()["category"])
    assert "请选择" in html and "Select an option" not in html
    with translation.override("en"):
        assert "Select an option" in str(NeedForm()["category"])


def test_every_model_and_field_has_a_chinese_name():
    """The audit log, the admin and error messages name rows and fields by their verbose names:
    one left to Django's default shows English ("from status") in the Chinese interface."""
    from django.apps import apps

    cjk = re.compile(r"[\u4e00-\u9fff]")
    unnamed = [f"{model._meta.label}.{field.name}"
               for model in apps.get_models() if model.__module__.startswith("gongzhi.")
               for field in model._meta.get_fields()
               if getattr(field, "concrete", False) and not field.auto_created
               and not cjk.search(str(field.verbose_name))]
    unnamed += [model._meta.label for model in apps.get_models()
                if model.__module__.startswith("gongzhi.")
                and not cjk.search(str(model._meta.verbose_name))]
    assert unnamed == []
