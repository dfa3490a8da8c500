from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.people.choices import (
    AgeBand,
    CorrectionStatus,
    HukouType,
    Relation,
    RevealReason,
    SensitiveFlag,
    Sex,
)


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False,
                        help_text=_("姓名、完整身份证号、完整手机号，或手机号后四位"))
    building = forms.IntegerField(label=_("楼栋"), required=False, widget=forms.Select)
    flag = forms.ChoiceField(label=_("标签"), required=False,
                             choices=[("", _("全部")), ("living_alone", _("独居")),
                                      *SensitiveFlag.choices])
    age_band = forms.ChoiceField(label=_("年龄段"), required=False,
                                 choices=[("", _("全部")), ("60+", _("60 岁及以上")),
                                          *AgeBand.choices])
    reason = forms.ChoiceField(label=_("查找原因"), required=False,
                               choices=[("", _("请选择")), *RevealReason.choices],
                               help_text=_("按敏感标签（残疾、低保、困难群众、党员）查找时必选，记入审计日志。"))

    def __init__(self, *args, buildings=(), may_search_flags=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building"].widget.choices = [("", _("全部楼栋"))] + [
            (b.pk, b.name) for b in buildings]
        if not may_search_flags:
            # Who carries a sensitive flag is as sensitive as the flag: not offered at all.
            self.fields["flag"].choices = self.fields["flag"].choices[:2]
            del self.fields["reason"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("flag") in SensitiveFlag.values and not cleaned.get("reason"):
            self.add_error("reason", _("按敏感标签查找须选择原因。"))
        return cleaned


class PersonForm(forms.Form):
    """Create or edit a person. ID number and phone are never pre-filled in clear."""

    name = forms.CharField(label=_("姓名"), max_length=64)
    id_number = forms.CharField(label=_("身份证号"), required=False, max_length=18,
                                widget=forms.TextInput(attrs={"autocomplete": "off",
                                                              "inputmode": "text"}))
    sex = forms.ChoiceField(label=_("性别"), required=False,
                            choices=[("", _("按身份证号")), *Sex.choices])
    birth_date = forms.DateField(label=_("出生日期"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}),
                                 help_text=_("填写身份证号时可留空，自动从证件号取得。"))
    phone = forms.CharField(label=_("联系电话"), required=False, max_length=20,
                            widget=forms.TextInput(attrs={"autocomplete": "off",
                                                          "inputmode": "tel"}))
    hukou_type = forms.ChoiceField(label=_("户籍类型"), choices=HukouType.choices)
    is_living_alone = forms.BooleanField(label=_("独居"), required=False)
    flags = forms.MultipleChoiceField(label=_("敏感标签"), required=False,
                                      choices=SensitiveFlag.choices,
                                      widget=forms.CheckboxSelectMultiple,
                                      help_text=_("加密保存，查看会记入审计日志。"))
    notes = forms.CharField(label=_("备注"), required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            for name in ("id_number", "phone"):
                self.fields[name].help_text = _("留空表示不修改；当前值已脱敏显示在上方。")


class QuickEditForm(forms.Form):
    """The fields staff update most often, edited in place in the residents list."""

    phone = forms.CharField(label=_("新的联系电话"), required=False, max_length=20,
                            widget=forms.TextInput(attrs={"inputmode": "tel",
                                                          "autocomplete": "off"}),
                            help_text=_("留空表示不修改。"))
    is_living_alone = forms.BooleanField(label=_("独居"), required=False)
    notes = forms.CharField(label=_("备注"), required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))


class MoveInForm(forms.Form):
    relation = forms.ChoiceField(label=_("与户主关系"), choices=Relation.choices)
    moved_in_on = forms.DateField(label=_("迁入日期"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))


class MoveOutForm(forms.Form):
    moved_out_on = forms.DateField(label=_("迁出日期"),
                                   widget=forms.DateInput(attrs={"type": "date"}))


class OwnershipForm(forms.Form):
    id_number = forms.CharField(label=_("业主身份证号"), max_length=18,
                                widget=forms.TextInput(attrs={"autocomplete": "off"}),
                                help_text=_("业主须先登记为本社区居民（可不在此居住）。"))
    share_percent = forms.DecimalField(label=_("产权份额（%）"), max_digits=5, decimal_places=2,
                                       min_value=0.01, max_value=100, initial=100)
    since = forms.DateField(label=_("登记日期"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))


class RevealForm(forms.Form):
    field = forms.ChoiceField(choices=[("id_number", _("身份证号")), ("phone", _("联系电话")),
                                       ("notes", _("备注"))])
    reason = forms.ChoiceField(label=_("查看原因"), choices=RevealReason.choices)


class OwnPhoneForm(forms.Form):
    phone = forms.CharField(label=_("联系电话"), max_length=20,
                            widget=forms.TextInput(attrs={"inputmode": "tel",
                                                          "autocomplete": "tel"}))


class CorrectionForm(forms.Form):
    text = forms.CharField(label=_("需要更正的内容"), max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("例如：出生日期应为 1956-03-02，身份证号录错了一位。"))


class CorrectionResolveForm(forms.Form):
    status = forms.ChoiceField(label=_("处理结果"), choices=[
        (CorrectionStatus.DONE, CorrectionStatus.DONE.label),
        (CorrectionStatus.DECLINED, CorrectionStatus.DECLINED.label)])
    response = forms.CharField(label=_("处理说明"), required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("登记表文件"),
                           help_text=_("Excel（.xlsx）或 CSV 文件，格式见模板。"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}))


class ImportConfirmForm(forms.Form):
    """Confirm a checked import: all its rows, or (ticked) only the rows without errors."""

    only_clean_rows = forms.TypedChoiceField(choices=[("", ""), ("1", "1")], required=False,
                                             coerce=lambda value: value == "1", empty_value=False)
