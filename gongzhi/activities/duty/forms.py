"""The forms of duty's pages: they parse input; the services validate and write."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.activities.duty.selectors import BOARD_DEFAULT_DAYS, BOARD_MAX_DAYS
from gongzhi.activities.rota.choices import PostKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BoardFilterForm(forms.Form):
    community = forms.TypedChoiceField(label=_("社区"), required=False, coerce=int,
                                       empty_value=None,
                                       widget=forms.Select(attrs={"class": "form-select"}))
    start = forms.DateField(label=_("开始日期"), required=False, widget=DATE)
    days = forms.IntegerField(label=_("天数"), required=False, min_value=1,
                              max_value=BOARD_MAX_DAYS)
    kind = forms.ChoiceField(label=_("岗位类型"), required=False,
                             choices=[("", _("全部")), *PostKind.choices],
                             widget=forms.Select(attrs={"class": "form-select"}))
    empty = forms.BooleanField(label=_("只看有空缺的班次"), required=False)

    def __init__(self, *args, communities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].choices = [(c.pk, c.name) for c in communities]

    def filters(self, *, today: datetime.date) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {"community_id": data.get("community"), "start": data.get("start") or today,
                "days": data.get("days") or BOARD_DEFAULT_DAYS, "kind": data.get("kind") or "",
                "only_empty": bool(data.get("empty"))}


class CoverForm(forms.Form):
    note = forms.CharField(label=_("说明（选填）"), required=False, max_length=200,
                           widget=forms.TextInput(attrs={"placeholder": _("如：临时出差")}))


class SwapForm(forms.Form):
    target = forms.TypedChoiceField(label=_("交换的班次"), coerce=int)
    note = forms.CharField(label=_("说明（选填）"), required=False, max_length=200)

    def __init__(self, *args, targets=(), with_names=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = {signup.pk: signup for signup in targets}
        self.fields["target"].choices = [(s.pk, target_label(s, with_names=with_names))
                                         for s in targets]


def target_label(signup, *, with_names: bool = False) -> str:
    """A shift to swap with, by its time; by its holder's name too only for a reader who sees
    who took the post's shifts (on a members-only post, names are party membership)."""
    shift = signup.shift
    when = (f"{shift.date:%m-%d}" if shift.starts_at is None
            else f"{timezone.localtime(shift.starts_at):%m-%d %H:%M}")
    return f"{when} · {signup.volunteer.display_name}" if with_names else when


class FindingForm(forms.Form):
    building = forms.TypedChoiceField(label=_("楼栋（选填）"), required=False, coerce=int,
                                      empty_value=None)
    description = forms.CharField(label=_("发现的问题"), max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, buildings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.buildings = {building.pk: building for building in buildings}
        self.fields["building"].choices = [("", _("不指定"))] + [
            (building.pk, building.name) for building in buildings]


class AssignForm(forms.Form):
    volunteer = forms.TypedChoiceField(label=_("安排替班的志愿者"), coerce=int)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {volunteer.pk: volunteer for volunteer in candidates}
        self.fields["volunteer"].choices = [(v.pk, v.display_name) for v in candidates]


class EmptyForm(forms.Form):
    """An action without input (take, accept, decline, withdraw)."""


class ConvertForm(forms.Form):
    category = forms.TypedChoiceField(label=_("诉求类别"), coerce=int)
    building = forms.TypedChoiceField(label=_("楼栋"), coerce=int)

    def __init__(self, *args, categories=(), buildings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = {category.pk: category for category in categories}
        self.buildings = {building.pk: building for building in buildings}
        self.fields["category"].choices = [(c.pk, c.name) for c in categories]
        self.fields["building"].choices = [(b.pk, b.name) for b in buildings]
