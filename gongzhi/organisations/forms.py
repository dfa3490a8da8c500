"""Forms of partner units, their contacts and agreements (co-building's pages show them)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.core.forms import ServiceModelForm
from gongzhi.organisations.models import Agreement, PartnerUnit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UnitForm(ServiceModelForm):
    class Meta:
        model = PartnerUnit
        fields = ["name", "kind", "party_organisation", "liaison_name", "liaison_phone",
                  "offers"]
        widgets = {"offers": forms.Textarea(attrs={"rows": 3})}


class ContactCreateForm(forms.Form):
    username = forms.CharField(label=_("登录用户名"), max_length=150)
    display_name = forms.CharField(label=_("姓名或称呼"), max_length=64)
    password = forms.CharField(label=_("初始密码"), widget=forms.PasswordInput,
                               help_text=_("联络人首次登录时须修改密码。"))


class ContactLinkForm(forms.Form):
    username = forms.CharField(label=_("已有账号的用户名"), max_length=150)


class AgreementForm(ServiceModelForm):
    class Meta:
        model = Agreement
        fields = ["title", "community_liaison", "unit_liaison", "starts_on", "ends_on", "venue",
                  "staff_days", "money", "expertise", "supplies", "commitments", "cadence"]
        widgets = {"starts_on": DATE, "ends_on": DATE,
                   "commitments": forms.Textarea(attrs={"rows": 2})}


class AgreementRenewForm(forms.Form):
    starts_on = forms.DateField(label=_("新协议开始日期"), widget=DATE)
    ends_on = forms.DateField(label=_("新协议到期日期"), widget=DATE)


class AgreementReviewForm(forms.Form):
    note = forms.CharField(label=_("评估意见"), widget=forms.Textarea(attrs={"rows": 3}))
