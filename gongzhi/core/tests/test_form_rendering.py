"""The shared form rendering: required fields are marked, the server's messages sit beside them."""

import re

from django.urls import reverse


def test_required_field_renders_a_visible_and_a_spoken_marker(client, world):
    # given a member of staff of community A
    client.force_login(world.users["staff_a"])
    # when they open the form for a new building
    response = client.get(reverse("places:building_create", args=[world.community_a.pk]))
    # then the required name field carries the red asterisk and "（必填）" for screen readers,
    # and the optional year does not
    page = response.content.decode()
    name_label = re.search(r'<label class="form-label" for="id_name">(.*?)</label>', page).group(1)
    year_label = re.search(r'<label class="form-label" for="id_year_built">(.*?)</label>',
                           page).group(1)
    assert '<span class="gz-required" aria-hidden="true">*</span>' in name_label
    assert '<span class="visually-hidden" data-testid="required-mark">（必填）</span>' in name_label
    assert "gz-required" not in year_label


def test_blank_submit_shows_the_chinese_message_beside_the_field(client, world):
    # given a member of staff of community A
    client.force_login(world.users["staff_a"])
    buildings_before = world.community_a.buildings.count()
    # when they submit the new-building form empty (a browser sends the empty fields)
    response = client.post(reverse("places:building_create", args=[world.community_a.pk]),
                           {"name": "", "address": "", "floors": "", "units": "1"})
    # then the page comes back with the Chinese message under the name field, nothing saved
    page = response.content.decode()
    assert response.status_code == 200
    assert ('<div class="invalid-feedback d-block" id="id_name_errors" role="alert">'
            '<div>这个字段是必填项。</div></div>') in page
    assert 'aria-describedby="id_name_errors"' in page
    assert world.community_a.buildings.count() == buildings_before


def test_a_draft_prefills_an_unbound_form_as_its_widgets_read_a_post():
    from django import forms
    from django.http import QueryDict

    from gongzhi.core.forms import prefill_form

    class NoticeForm(forms.Form):
        title = forms.CharField()
        urgent = forms.BooleanField(required=False)
        audience = forms.MultipleChoiceField(choices=[("a", "甲"), ("b", "乙"), ("c", "丙")])
        version = forms.IntegerField(widget=forms.HiddenInput)

    # given a draft kept from a submission of the form with prefix "notice"
    draft = {"notice-title": ["停水通知"], "notice-audience": ["a", "c"],
             "notice-version": ["3"]}
    shared_initial = {"version": 7}
    form = NoticeForm(prefix="notice", initial=shared_initial)
    # when it prefills the form
    prefill_form(form, draft)
    # then typed fields come back, the unticked box stays unticked, the hidden field is fresh
    assert form.initial == {"title": "停水通知", "urgent": False, "audience": ["a", "c"],
                            "version": 7}
    # and the view's own initial dict is untouched (it may be shared between requests)
    assert shared_initial == {"version": 7}
    # and a bound form is left alone
    bound = NoticeForm(data=QueryDict("notice-title=x"), prefix="notice")
    prefill_form(bound, draft)
    assert bound.initial == {}
