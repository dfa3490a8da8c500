"""The forms of the volunteering pages: they parse input; the services validate and save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.activities.volunteering.selectors import PERIODS
from gongzhi.activities.volunteering.services import KIND_CHOICES

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProfileForm(forms.Form):
    """What a volunteer tells about themself (志愿服务条例 art. 19: basic information)."""

    skills = forms.CharField(label=_("特长"), max_length=200, required=False,
                             help_text=_("如：急救、理发、法律咨询、书法"))
    availability = forms.CharField(label=_("可服务时间"), max_length=200, required=False,
                                   help_text=_("如：周末上午、工作日晚上"))
    preferred_kinds = forms.MultipleChoiceField(
        label=_("服务意向"), required=False, choices=KIND_CHOICES,
        widget=forms.CheckboxSelectMultiple)

    @classmethod
    def of(cls, volunteer, **kwargs):
        return cls(initial={"skills": volunteer.skills, "availability": volunteer.availability,
                            "preferred_kinds": volunteer.preferred_kinds, "name": volunteer.name},
                   **kwargs)


class JoinForm(ProfileForm):
    """Self-registration; the community is asked only of one attached to several."""

    community = forms.TypedChoiceField(label=_("社区"), coerce=int)
    consent = forms.BooleanField(
        label=_("我同意社区记录我的志愿服务信息，仅用于志愿服务的组织与证明，未经本人同意不予公开。"))

    field_order = ["community", "skills", "availability", "preferred_kinds", "consent"]

    def __init__(self, *args, communities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.communities = {c.pk: c for c in communities}
        self.fields["community"].choices = [(c.pk, c.name) for c in communities]
        if len(self.communities) == 1:
            self.fields["community"].widget = forms.HiddenInput()
            self.initial.setdefault("community", next(iter(self.communities)))


class UnitStaffForm(ProfileForm):
    """A partner unit's staff member, by name (not in the community's registry)."""

    name = forms.CharField(label=_("姓名"), max_length=64)

    field_order = ["name", "skills", "availability", "preferred_kinds"]


class EditForm(ProfileForm):
    """The profile's own fields; a unit staff member's name too."""

    name = forms.CharField(label=_("姓名"), max_length=64, required=False)

    def __init__(self, *args, has_name: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_name:
            del self.fields["name"]
        else:
            self.fields["name"].required = True
            self.order_fields(["name"])


class EmptyForm(forms.Form):
    """An action that needs no input (confirm, suspend, reinstate)."""


class CorrectionRequestForm(forms.Form):
    hours = forms.DecimalField(label=_("应记时长（小时）"), min_value=0, max_value=24,
                               decimal_places=1)
    reason = forms.CharField(label=_("理由"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}))


class ApproveForm(forms.Form):
    note = forms.CharField(label=_("审核意见"), max_length=200, required=False)


class RejectForm(forms.Form):
    note = forms.CharField(label=_("不予更正的理由"), max_length=200)


class CertificateForm(forms.Form):
    start = forms.DateField(label=_("起始日期"), required=False, widget=DATE,
                            help_text=_("不填则从首次服务算起"))
    end = forms.DateField(label=_("截止日期"), required=False, widget=DATE,
                          help_text=_("不填则到今天"))


class PeriodForm(forms.Form):
    period = forms.ChoiceField(label=_("期间"), choices=list(PERIODS.items()), required=False)


class VolunteerFilterForm(forms.Form):
    q = forms.CharField(label=_("姓名或特长"), required=False,
                        widget=forms.TextInput(attrs={"class": "form-control",
                                                      "type": "search"}))
    status = forms.ChoiceField(label=_("状态"), required=False,
                               widget=forms.Select(attrs={"class": "form-select"}))

    def __init__(self, *args, statuses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("全部")), *statuses]
