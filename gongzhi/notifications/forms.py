from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.notifications.choices import EXTERNAL_CHANNELS, Channel, Kind, Mode
from gongzhi.notifications.models import mobile_validator


class NoticeForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=100)
    body = forms.CharField(label=_("正文"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 6}))
    building = forms.ModelChoiceField(label=_("楼栋（可选）"), queryset=None, required=False,
                                      empty_label=_("全社区"),
                                      help_text=_("选定楼栋后，可打印张贴到该楼栋公告栏的通知。"))
    is_urgent = forms.BooleanField(label=_("紧急通知（不受免打扰时段限制）"), required=False)

    def __init__(self, *args, buildings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building"].queryset = buildings


class ProfileForm(forms.Form):
    email = forms.EmailField(label=_("接收通知的邮箱"), required=False)
    mobile = forms.CharField(label=_("接收短信的手机号"), required=False, max_length=11,
                             validators=[mobile_validator],
                             widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                           "autocomplete": "tel"}))
    quiet_start = forms.TimeField(label=_("免打扰开始"), required=False,
                                  widget=forms.TimeInput(attrs={"type": "time"}))
    quiet_end = forms.TimeField(label=_("免打扰结束"), required=False,
                                widget=forms.TimeInput(attrs={"type": "time"}),
                                help_text=_("此时段内的非紧急通知会在结束后再发送；都留空表示不设免打扰。"))


def mode_field_name(kind: str, channel: str) -> str:
    return f"mode__{kind}__{channel}"


class PreferencesForm(forms.Form):
    """One choice per kind and outside channel."""

    def __init__(self, *args, modes: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in Kind:
            for channel in EXTERNAL_CHANNELS:
                self.fields[mode_field_name(kind, channel)] = forms.ChoiceField(
                    label=f"{kind.label} · {Channel(channel).label}", choices=Mode.choices,
                    initial=modes[(kind.value, channel.value)])

    def rows(self):
        """[(kind label, [bound field per channel])] for the table."""
        return [(kind.label, [self[mode_field_name(kind, channel)]
                              for channel in EXTERNAL_CHANNELS]) for kind in Kind]

    def modes(self) -> dict:
        return {(kind.value, channel.value): self.cleaned_data[mode_field_name(kind, channel)]
                for kind in Kind for channel in EXTERNAL_CHANNELS}
