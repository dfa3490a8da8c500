"""The forms of the register's pages: they parse input; the services validate and save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.care.register.choices import Difficulty, HelperKind, HouseholdStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PAIRED_CHOICES = [("", _("全部")), ("yes", _("已结对")), ("no", _("未结对"))]


class HouseholdForm(forms.Form):
    """The household's difficulty, needs and care plan (the profile is kept encrypted)."""

    kinds = forms.MultipleChoiceField(label=_("困难类型"), choices=Difficulty.choices,
                                      widget=forms.CheckboxSelectMultiple)
    details = forms.CharField(label=_("困难情况"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    needs = forms.CharField(label=_("主要需求"), max_length=2000, required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))
    help = forms.CharField(label=_("需要的帮助"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    visit_every_days = forms.IntegerField(label=_("走访周期（天）"), min_value=1, max_value=366,
                                          initial=30,
                                          help_text=_("至少每隔多少天走访一次。"))

    @classmethod
    def of(cls, household, profile: dict, **kwargs):
        return cls(initial={"kinds": profile["kinds"], "details": profile["details"],
                            "needs": profile["needs"], "help": profile["help"],
                            "visit_every_days": household.visit_every_days}, **kwargs)


class CloseForm(forms.Form):
    reason = forms.CharField(label=_("结束原因"), max_length=200,
                             help_text=_("如：情况好转、迁出本社区、已去世"))


class EmptyForm(forms.Form):
    """An action that needs no input (reopen, end a pairing)."""


class PairingForm(forms.Form):
    """Pair a helper: a party member on the community's roll, a confirmed volunteer of the
    community, or a partner unit; one of the three lists, by the kind chosen."""

    helper_kind = forms.ChoiceField(label=_("帮扶人类型"), choices=HelperKind.choices)
    member = forms.TypedChoiceField(label=_("党员"), coerce=int, required=False,
                                    empty_value=None)
    volunteer = forms.TypedChoiceField(label=_("志愿者"), coerce=int, required=False,
                                       empty_value=None)
    unit = forms.TypedChoiceField(label=_("共建单位"), coerce=int, required=False,
                                  empty_value=None)
    starts_on = forms.DateField(label=_("开始日期"), widget=DATE)
    ends_on = forms.DateField(label=_("结束日期"), required=False, widget=DATE,
                              help_text=_("不填则长期结对"))
    goals = forms.CharField(label=_("帮扶目标"), max_length=2000, required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, members=(), volunteers=(), units=(), **kwargs):
        super().__init__(*args, **kwargs)
        blank = [("", "—")]
        self.fields["member"].choices = blank + [(m.pk, m.person.name) for m in members]
        self.fields["volunteer"].choices = blank + [(v.pk, v.display_name) for v in volunteers]
        self.fields["unit"].choices = blank + [(u.pk, u.name) for u in units]

    def helper_id(self):
        data = self.cleaned_data
        return data.get(data["helper_kind"])


class HouseholdFilterForm(forms.Form):
    q = forms.CharField(label=_("姓名"), required=False,
                        widget=forms.TextInput(attrs={"class": "form-control",
                                                      "type": "search"}))
    status = forms.ChoiceField(label=_("状态"), required=False,
                               choices=[("", _("全部")), *HouseholdStatus.choices],
                               widget=forms.Select(attrs={"class": "form-select"}))
    paired = forms.ChoiceField(label=_("结对"), required=False, choices=PAIRED_CHOICES,
                               widget=forms.Select(attrs={"class": "form-select"}))
    grid = forms.TypedChoiceField(label=_("网格"), required=False, coerce=int, empty_value=None,
                                  widget=forms.Select(attrs={"class": "form-select"}))

    def __init__(self, *args, grids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grid"].choices = [("", _("全部")),
                                       *[(g.pk, g.name) for g in grids]]
