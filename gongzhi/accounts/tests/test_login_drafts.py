"""An expired session: the login page says why, and what was typed comes back after login."""

from urllib.parse import quote

from django.contrib.sessions.models import Session
from django.urls import reverse

from gongzhi.accounts import login_drafts
from gongzhi.accounts.tests.factories import PASSWORD
from gongzhi.places.models import Building

LOGIN = reverse("accounts:login")


def _log_in(client, user, login_page=LOGIN):
    response = client.post(login_page, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def _expire_session(client):
    """What the idle timeout does: the session row is gone; the browser still sends its cookie."""
    Session.objects.filter(session_key=client.session.session_key).delete()


def _new_building_form(world):
    return reverse("places:building_create", args=[world.community_a.pk])


def test_expired_session_keeps_the_submission_and_says_why(client, world):
    # given a member of staff who logged in, then left the new-building form open too long
    _log_in(client, world.users["staff_a"])
    form_page = _new_building_form(world)
    _expire_session(client)
    buildings_before = Building.objects.count()
    # when they submit the form
    response = client.post(form_page, {"name": "新楼", "address": "仁安巷 3 号", "floors": "7",
                                       "units": "2", "password": "不该保存",
                                       "csrfmiddlewaretoken": "x" * 32},
                           HTTP_REFERER=f"http://testserver{form_page}")
    # then they are sent to log in, back to the form afterwards, and nothing was saved
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={quote(form_page, safe='')}"
    assert Building.objects.count() == buildings_before
    # and the draft is kept without the password or the token
    draft = client.session[login_drafts.DRAFT_KEY]
    assert draft == {"user": world.users["staff_a"].pk, "path": form_page,
                     "fields": {"name": ["新楼"], "address": ["仁安巷 3 号"], "floors": ["7"],
                                "units": ["2"]}}
    # and the login page says why it appeared
    page = client.get(response["Location"]).content.decode()
    assert "您的登录已过期，请重新登录；刚才填写的内容已保存，登录后会自动恢复。" in page


def test_after_login_the_form_comes_back_filled_once(client, world):
    # given a submission kept when staff_a's session expired
    _log_in(client, world.users["staff_a"])
    form_page = _new_building_form(world)
    _expire_session(client)
    sent_to = client.post(form_page, {"name": "新楼", "address": "仁安巷 3 号", "floors": "7",
                                      "units": "2"})["Location"]
    # when they log in again and land on the form
    response = _log_in(client, world.users["staff_a"], sent_to)
    assert response["Location"] == form_page
    page = client.get(form_page).content.decode()
    # then the form shows what they typed, and says so
    assert 'name="name" value="新楼"' in page
    assert 'name="address" value="仁安巷 3 号"' in page
    assert "已恢复您登录前填写的内容，请检查后提交。" in page
    assert login_drafts.DRAFT_KEY not in client.session
    # and the next visit shows a fresh form
    again = client.get(form_page).content.decode()
    assert "新楼" not in again


def test_someone_else_logging_in_discards_the_draft(client, world):
    # given a submission kept when staff_a's session expired
    _log_in(client, world.users["staff_a"])
    form_page = _new_building_form(world)
    _expire_session(client)
    client.post(form_page, {"name": "新楼", "address": "仁安巷 3 号", "floors": "7",
                            "units": "2"})
    # when secretary_a logs in on that browser and opens the same form
    _log_in(client, world.users["secretary_a"])
    page = client.get(form_page).content.decode()
    # then the form is empty and the draft is gone
    assert "新楼" not in page
    assert login_drafts.DRAFT_KEY not in client.session


def test_expired_session_on_a_plain_page_says_why(client, world):
    # given a member of staff whose session expired
    _log_in(client, world.users["staff_a"])
    _expire_session(client)
    # when they open a page that needs a login
    response = client.get(reverse("places:community_list"))
    # then the login page says the session expired, and keeps no draft
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "您的登录已过期，请重新登录。" in page
    assert login_drafts.DRAFT_KEY not in client.session


def test_a_first_visit_gets_the_plain_login_page(client, world):
    # given a browser that was never signed in
    # when it opens a page that needs a login
    response = client.get(reverse("places:community_list"))
    # then the login page gives no reason
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="login-reason"' not in page


def test_logging_out_is_not_an_expired_session(client, world):
    # given a member of staff who logged out
    _log_in(client, world.users["staff_a"])
    client.post(reverse("accounts:logout"))
    # when the browser opens a page that needs a login
    response = client.get(reverse("places:community_list"))
    # then the login page gives no reason
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="login-reason"' not in page


def test_a_form_posting_to_an_action_url_comes_back_to_the_page_it_was_on(client, world):
    # given staff_a's session expired while a form on the community page was open
    _log_in(client, world.users["staff_a"])
    community_page = reverse("places:community_detail", args=[world.community_a.pk])
    _expire_session(client)
    # when its submission goes to another URL
    response = client.post(_new_building_form(world), {"name": "新楼"},
                           HTTP_REFERER=f"http://testserver{community_page}")
    # then login leads back to the page the form was on, where the draft waits
    assert response["Location"] == f"{LOGIN}?next={quote(community_page, safe='')}"
    assert client.session[login_drafts.DRAFT_KEY]["path"] == community_page


def test_an_htmx_submission_sends_the_whole_page_to_the_login(client, world):
    # given staff_a's session expired while an htmx form was open
    _log_in(client, world.users["staff_a"])
    form_page = _new_building_form(world)
    _expire_session(client)
    # when htmx submits it
    response = client.post(form_page, {"name": "新楼"}, HTTP_HX_REQUEST="true",
                           HTTP_REFERER=f"http://testserver{form_page}")
    # then htmx is told to load the login page as a whole page, and the draft is kept
    assert response.status_code == 204
    assert response["HX-Redirect"] == f"{LOGIN}?next={quote(form_page, safe='')}"
    assert client.session[login_drafts.DRAFT_KEY]["fields"] == {"name": ["新楼"]}


def test_draft_fields_drop_secrets_and_oversized_values():
    from django.http import QueryDict

    # given a submission with secrets, sensitive personal data and a huge field
    post = QueryDict(mutable=True)
    post.setlist("content", ["楼道灯坏了"])
    post.setlist("tags", ["照明", "安全"])
    post.setlist("new_password", ["secret-1"])
    post.setlist("csrfmiddlewaretoken", ["t" * 32])
    post.setlist("api_token", ["abc"])
    post.setlist("id_number", ["440104195001011234"])
    post.setlist("phone", ["13800138000"])
    post.setlist("flags", ["low_income"])
    post.setlist("essay", ["字" * (login_drafts.MAX_VALUE_CHARS + 1)])
    # when the draft is taken
    fields = login_drafts.draft_fields(post)
    # then only the ordinary fields remain
    assert fields == {"content": ["楼道灯坏了"], "tags": ["照明", "安全"]}
