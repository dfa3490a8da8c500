from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.deliberation.balloting.forms import IdListField
from gongzhi.deliberation.votes.choices import (
    ITEM_NUMERALS,
    Article278Item,
    Choice,
    CostScheme,
    VoteKind,
)
from gongzhi.places.forms import UnitChoiceField, check_unit_in_building, offer_units


class VoteForm(forms.Form):
    building = forms.ModelChoiceField(label=_("楼栋"), queryset=None)
    unit = UnitChoiceField(help_text=_("加装电梯选所服务的单元；整栋表决选“整栋”。"))
    title = forms.CharField(label=_("表决事项"), max_length=128)
    item_number = forms.TypedChoiceField(
        label=_("民法典第278条第一款事项"), coerce=int, required=False, empty_value=None,
        choices=lambda: [("", "---------")] + [
            (item.value, f"（{ITEM_NUMERALS[item.value]}）{item.label}")  # in the reader's language
            for item in Article278Item],
        help_text=_("事项决定表决门槛：第（六）至（八）项须四分之三以上，其余须过半数。"))
    elevator = forms.BooleanField(
        label=_("加装电梯"), required=False,
        help_text=_("加装电梯属于第（七）项，适用加装电梯规则（受影响业主须逐户同意）。"))
    closes_on = forms.DateField(label=_("截止日期"), widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(
        attrs={"rows": 3}))
    cost_total = forms.DecimalField(label=_("费用总额（元）"), min_value=0, initial=0,
                                    decimal_places=2)
    cost_scheme = forms.ChoiceField(label=_("费用分摊方式"), choices=CostScheme.choices)
    cost_parameters = forms.CharField(
        label=_("分摊参数"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("按楼层系数：每行“楼层=系数”，如 1=0；按约定：每行“房号=权重”。"))

    def __init__(self, *args, buildings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building"].queryset = buildings
        offer_units(self, buildings)

    def clean(self):
        cleaned = super().clean()
        check_unit_in_building(self)
        # the service takes the kind only for an elevator; otherwise the item decides it
        cleaned["kind"] = VoteKind.ELEVATOR if cleaned.pop("elevator", False) else None
        return cleaned

    def clean_cost_parameters(self):
        parameters = {}
        for line in self.cleaned_data["cost_parameters"].splitlines():
            if not line.strip():
                continue
            key, sep, value = line.partition("=")
            if not sep:
                raise forms.ValidationError(_("每行须为“键=值”。"))
            parameters[key.strip()] = value.strip()
        return parameters


class VoteEditForm(forms.Form):
    """A draft's own fields (services.EDITABLE), the create form's: the scope and the elevator
    stay as created."""

    title = VoteForm.base_fields["title"]
    item_number = VoteForm.base_fields["item_number"]
    closes_on = VoteForm.base_fields["closes_on"]
    description = VoteForm.base_fields["description"]
    cost_total = VoteForm.base_fields["cost_total"]
    cost_scheme = VoteForm.base_fields["cost_scheme"]
    cost_parameters = VoteForm.base_fields["cost_parameters"]
    clean_cost_parameters = VoteForm.clean_cost_parameters

    @classmethod
    def of(cls, vote):
        """The form filled with the draft's values, for its page."""
        return cls(initial={
            "title": vote.title, "item_number": vote.item_number, "closes_on": vote.closes_on,
            "description": vote.description, "cost_total": vote.cost_total,
            "cost_scheme": vote.cost_scheme,
            "cost_parameters": "\n".join(f"{key}={value}"
                                         for key, value in vote.cost_parameters.items())})


class BallotChoiceForm(forms.Form):
    choice = forms.ChoiceField(label=_("表决意见"), choices=Choice.choices,
                               widget=forms.RadioSelect)


class PublicityPhotoForm(forms.Form):
    posted_on = forms.DateField(label=_("张贴日期"),
                                widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("张贴地点"), max_length=128)
    photo = forms.FileField(label=_("照片"))


# ---- one form per action on a vote's page (views.VOTE_ACTION_FORMS) -----------------------

class OpenForm(forms.Form):
    affected = IdListField(required=False)


class DocumentForm(forms.Form):
    document = forms.FileField(label=_("方案文件"), required=False)


class PaperBallotForm(forms.Form):
    elector = forms.IntegerField(label=_("房屋"))
    voter_name = forms.CharField(label=_("签名业主"), required=False, max_length=64)
    choice = forms.CharField(label=_("表决意见"), required=False)
    scan = forms.FileField(label=_("表决票扫描件"), required=False)


class ProxyForm(forms.Form):
    elector = forms.IntegerField(label=_("房屋"))
    owner_name = forms.CharField(label=_("委托业主"), required=False, max_length=64)
    proxy_name = forms.CharField(label=_("受托人"), required=False, max_length=64)
    document = forms.FileField(label=_("书面委托书"), required=False)


class ProxyBallotForm(forms.Form):
    proxy = forms.IntegerField(widget=forms.HiddenInput)
    choice = forms.CharField(label=_("表决意见"), required=False)


class ProxyRevokeForm(forms.Form):
    proxy = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("撤销理由"), required=False)


class ElectorCorrectForm(forms.Form):
    """An explicit correction of one flat of the frozen electorate, with a reason."""
    elector = forms.IntegerField(label=_("房屋"))
    field = forms.ChoiceField(label=_("更正项目"), choices=[
        ("is_unsold", _("开发商未售出")), ("floor_area", _("面积")),
        ("is_affected", _("受影响"))])
    value = forms.CharField(label=_("更正为"), max_length=32)
    reason = forms.CharField(label=_("更正理由"), max_length=255)
