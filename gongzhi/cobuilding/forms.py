from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.cobuilding.models import Need
from gongzhi.core.forms import ServiceModelForm


class NeedForm(ServiceModelForm):
    class Meta:
        model = Need
        fields = ["title", "category", "description", "affected", "urgency", "people_count"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class MatchResponseForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("接受")), ("decline", _("婉拒"))])
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class ReportForm(forms.Form):
    text = forms.CharField(label=_("进展"), widget=forms.Textarea(attrs={"rows": 3}))
    photo = forms.ImageField(label=_("照片"), required=False)


class PublishForm(forms.Form):
    result = forms.CharField(label=_("成效"), widget=forms.Textarea(attrs={"rows": 3}))
    evaluation = forms.CharField(label=_("居民评价"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 2}))
    summary = forms.CharField(label=_("公开摘要"), widget=forms.Textarea(attrs={"rows": 3}))
