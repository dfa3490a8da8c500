from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.audit.choices import Action


class AuditSearchForm(forms.Form):
    person = forms.CharField(label=_("人员或对象"), required=False,
                             help_text=_("按操作人姓名、账号或对象名称查找"))
    target_type = forms.CharField(label=_("对象类型"), required=False)
    target_id = forms.CharField(label=_("对象编号"), required=False)
    action = forms.ChoiceField(label=_("事件"), required=False,
                               choices=[("", _("全部")), *Action.choices])
    date_from = forms.DateField(label=_("起始日期"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("截止日期"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))
