from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.casework.choices import Channel
from gongzhi.people.choices import RevealReason
from gongzhi.places.forms import UnitChoiceField, check_unit_in_building, offer_units


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several photos in one input; each is checked by services.photo_validate."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultiplePhotoInput(attrs={"accept": "image/*"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultiplePhotoField, self).clean(item, initial) for item in items]


class CaseReportForm(forms.Form):
    category = forms.ModelChoiceField(label=_("问题类别"), queryset=None)
    building = forms.ModelChoiceField(label=_("楼栋"), queryset=None)
    unit = UnitChoiceField()
    description = forms.CharField(label=_("问题描述"), max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    photos = MultiplePhotoField(label=_("照片"), help_text=_("可选，最多 6 张，每张不超过 5 MB。"))
    channel = forms.ChoiceField(label=_("来源"), choices=Channel.choices, required=False)
    external_ref = forms.CharField(label=_("12345 工单号"), max_length=64, required=False)
    reporter_phone = forms.CharField(label=_("反映人电话"), max_length=20, required=False,
                                     help_text=_("代居民登记时填写，用于关联居民档案。"))

    def __init__(self, *args, categories, buildings, on_behalf: bool, patrol: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        self.fields["building"].queryset = buildings
        offer_units(self, buildings)
        if on_behalf:
            self.fields["channel"].choices = [(c.value, c.label) for c in Channel
                                              if c != Channel.ONLINE]
            self.fields["channel"].required = True
        if patrol and not on_behalf:
            self.fields["channel"].choices = [(Channel.PATROL, Channel.PATROL.label)]
        if not on_behalf:
            del self.fields["external_ref"], self.fields["reporter_phone"]
            if not patrol:
                del self.fields["channel"]
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean(self):
        cleaned = super().clean()
        check_unit_in_building(self)
        return cleaned


class SelectWithDisabled(forms.Select):
    """A select whose options in `disabled_values` stay listed but cannot be picked."""

    def __init__(self, attrs=None, choices=(), disabled_values=()):
        super().__init__(attrs, choices)
        self.disabled_values = set(disabled_values)

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if str(value) in self.disabled_values:
            option["attrs"]["disabled"] = True
        return option


class DispatchForm(forms.Form):
    """To a person or to a partner unit: exactly one of the two (the service checks)."""

    handler = forms.ChoiceField(label=_("承办人"), required=False, widget=SelectWithDisabled(
        attrs={"id": "dispatch-handler", "class": "form-select mb-1", "required": True}))
    unit = forms.ChoiceField(label=_("或派给共建单位"), required=False)
    note = forms.CharField(label=_("说明"), max_length=500, required=False)

    def offer_handlers(self, candidates) -> None:
        """Every candidate (selectors.handler_candidates) listed; those who cannot be chosen
        disabled with the reason, the building's grid worker marked."""
        choices = [("", _("请选择承办人"))]
        for candidate in candidates:
            if candidate.is_building_grid_worker:
                label = _("%(name)s（本楼网格员）") % {"name": candidate.user}
            elif candidate.reason:
                label = _("%(name)s（不可选：%(reason)s）") % {
                    "name": candidate.user, "reason": candidate.reason}
            else:
                label = str(candidate.user)
            choices.append((candidate.user.pk, label))
        self.fields["handler"].choices = choices
        self.fields["handler"].widget.disabled_values = {
            str(candidate.user.pk) for candidate in candidates if candidate.reason}


class NoteForm(forms.Form):
    note = forms.CharField(label=_("理由或说明"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class AcceptForm(forms.Form):
    note = forms.CharField(label=_("理由或说明"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("办理结果"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("公共事项办结后会在公开栏展示，请勿写入个人信息。"))
    photos = MultiplePhotoField(label=_("办理照片"))


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=_("延期（工作日）"), min_value=1, max_value=60)
    note = forms.CharField(label=_("理由"), max_length=500)


class FollowUpForm(forms.Form):
    is_solved = forms.TypedChoiceField(label=_("问题解决了吗？"), coerce=lambda v: v == "1",
                                       choices=[("1", _("已解决")), ("0", _("未解决"))],
                                       widget=forms.RadioSelect)
    is_satisfied = forms.TypedChoiceField(label=_("您满意吗？"), coerce=lambda v: v == "1",
                                          choices=[("1", _("满意")), ("0", _("不满意"))],
                                          widget=forms.RadioSelect)
    note = forms.CharField(label=_("意见"), max_length=500, required=False)


class ReviewForm(forms.Form):
    is_upheld = forms.TypedChoiceField(label=_("审核结论"), coerce=lambda v: v == "1",
                                       choices=[("1", _("认定为不合理诉求")),
                                                ("0", _("不认定，退回继续办理"))],
                                       widget=forms.RadioSelect)
    note = forms.CharField(label=_("理由"), max_length=500)


class MergeForm(forms.Form):
    into = forms.IntegerField(label=_("合并到诉求编号"))


class CaseRevealForm(forms.Form):
    """Which masked text of a request to show whole ("description", "answer", "note-<step>")
    and why (kept in the audit trail)."""

    field = forms.CharField(max_length=32)
    reason = forms.ChoiceField(label=_("查看原因"), choices=RevealReason.choices)
