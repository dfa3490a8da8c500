from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.functional import lazy
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from gongzhi.accounts import services
from gongzhi.core.errors import DomainError


class LoginForm(AuthenticationForm):
    """Django's login form, checked through the lock-out service instead of plain authenticate."""

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            try:
                self.user_cache = services.login_authenticate(
                    username=username, password=password, request=self.request)
            except DomainError as error:
                raise forms.ValidationError(str(error.message), code=error.code) from None
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class PreferencesForm(forms.Form):
    large_text = forms.BooleanField(label=_("大字模式（适合老年人）"), required=False)
    high_contrast = forms.BooleanField(label=_("高对比度"), required=False)
    language = forms.ChoiceField(label=_("界面语言"), choices=settings.LANGUAGES)


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label=_("原密码"), widget=forms.PasswordInput(
        attrs={"autocomplete": "current-password"}))
    new_password = forms.CharField(label=_("新密码"), widget=forms.PasswordInput(
        attrs={"autocomplete": "new-password"}),
        help_text=lazy(password_validation.password_validators_help_text_html, SafeString)())
    new_password_again = forms.CharField(label=_("再次输入新密码"), widget=forms.PasswordInput(
        attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("new_password") and data.get("new_password") != data.get("new_password_again"):
            self.add_error("new_password_again", _("两次输入的新密码不一致。"))
        return data
