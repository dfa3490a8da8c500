from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.deliberation.polls.choices import PollKind
from gongzhi.places.forms import UnitChoiceField, check_unit_in_building, offer_units


class PollForm(forms.Form):
    community = forms.ModelChoiceField(label=_("社区"), queryset=None)
    building = forms.ModelChoiceField(label=_("楼栋"), queryset=None, required=False,
                                      help_text=_("留空则为全社区的成年居民。"))
    unit = UnitChoiceField(help_text=_("只限一个单元时选择。"))
    title = forms.CharField(label=_("投票事项"), max_length=128)
    description = forms.CharField(label=_("说明"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    kind = forms.ChoiceField(label=_("选项类型"), choices=PollKind.choices)
    option_labels = forms.CharField(label=_("自定义选项"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 3}),
                                    help_text=_("每行一个选项；系统自动加上“弃权”。"))
    closes_on = forms.DateField(label=_("截止日期"),
                                widget=forms.DateInput(attrs={"type": "date"}))
    quorum = forms.CharField(label=_("参与门槛"), initial="1/2", max_length=16,
                             help_text=_("投票人数占投票人总数的比例，如 1/2、2/3。"))
    quorum_is_strict = forms.BooleanField(label=_("参与须超过门槛（“过半数”，不含本数）"),
                                          required=False, initial=True)
    majority = forms.CharField(label=_("通过门槛"), initial="1/2", max_length=16,
                               help_text=_("得票最多的选项占投票人数的比例。"))
    majority_is_strict = forms.BooleanField(label=_("通过须超过门槛（“过半数”，不含本数）"),
                                            required=False, initial=True)
    publicity_days = forms.IntegerField(label=_("公示天数"), min_value=1, max_value=60,
                                        initial=7)

    def __init__(self, *args, communities, buildings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        self.fields["building"].queryset = buildings
        offer_units(self, buildings)

    def clean(self):
        cleaned = super().clean()
        check_unit_in_building(self)
        return cleaned

    def clean_option_labels(self):
        return [line.strip() for line in self.cleaned_data["option_labels"].splitlines()
                if line.strip()]


# ---- one form per action on a poll's page (views.POLL_ACTION_FORMS) -----------------------

class PaperBallotForm(forms.Form):
    elector = forms.IntegerField(label=_("投票人"))
    choice = forms.CharField(label=_("选择"), required=False)
    scan = forms.FileField(label=_("选票扫描件"), required=False)
