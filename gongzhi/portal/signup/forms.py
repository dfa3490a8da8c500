"""The forms of residents' own accounts. They only shape what the pages take; the services
check everything again (the API calls them without these forms)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.portal.signup.choices import CodePurpose


class PhoneCodeFields(forms.Form):
    phone = forms.CharField(label=_("手机号码"), max_length=20, widget=forms.TextInput(
        attrs={"inputmode": "numeric", "autocomplete": "tel"}))
    code = forms.CharField(label=_("短信验证码"), max_length=6, widget=forms.TextInput(
        attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}))


class PasswordFields(forms.Form):
    password = forms.CharField(label=_("设置密码"), strip=False, widget=forms.PasswordInput(
        attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("再次输入密码"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))


class SignupForm(PhoneCodeFields, PasswordFields):
    name = forms.CharField(label=_("真实姓名"), max_length=64,
                           help_text=_("与社区登记的姓名一致，便于自动关联您的居民信息。"))
    community = forms.ChoiceField(label=_("所在社区"))
    id_last_six = forms.CharField(label=_("身份证号后六位"), max_length=6, min_length=6,
                                  help_text=_("仅用于与社区登记信息核对，不会保存。"))

    field_order = ["phone", "code", "name", "community", "id_last_six", "password", "password2"]

    def __init__(self, *args, communities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.communities = {str(c.pk): c for c in communities}
        groups = {}
        for community in communities:
            street = f"{community.street.district.name} · {community.street.name}"
            groups.setdefault(street, []).append((str(community.pk), community.name))
        self.fields["community"].choices = [("", _("请选择")), *groups.items()]

    def chosen_community(self):
        return self.communities.get(self.cleaned_data.get("community"))


class PasswordResetForm(PhoneCodeFields, PasswordFields):
    password = forms.CharField(label=_("新密码"), strip=False, widget=forms.PasswordInput(
        attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("再次输入新密码"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    field_order = ["phone", "code", "password", "password2"]


class CodeRequestForm(forms.Form):
    phone = forms.CharField(max_length=20)
    purpose = forms.ChoiceField(choices=CodePurpose.choices)


class ConfirmForm(forms.Form):
    person = forms.IntegerField(label=_("对应的居民"), error_messages={
        "required": _("请从本社区居民中选择此账号对应的居民。")})


class RejectForm(forms.Form):
    note = forms.CharField(label=_("未通过的原因"), max_length=200)
