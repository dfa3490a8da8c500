from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gongzhi.cobuilding.models import Need, Resource
from gongzhi.core.errors import NotFound
from gongzhi.core.forms import ServiceModelForm
from gongzhi.organisations.choices import Category
from gongzhi.organisations.forms import DATE
from gongzhi.organisations.models import PartnerUnit


class ScopedCommunityField(forms.ModelChoiceField):
    """A community among those the actor may write in; any other answers "not found", as an
    id out of scope does everywhere (a 404 page, not a form error that names it)."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as error:
            if error.code == "invalid_choice":
                raise NotFound() from None
            raise


def offer_communities(form: forms.Form, communities, *, selected=None,
                      required: bool = True) -> None:
    """Put the choice of community first in `form`: the communities the actor may write in
    (a query set narrowed by a selector); hidden when there is only one."""
    field = ScopedCommunityField(label=_("社区"), queryset=communities, required=required,
                                 initial=selected)
    if len(communities) == 1:
        field.widget = forms.HiddenInput()
        field.initial = communities[0].pk
    form.fields = {"community": field, **form.fields}


class NeedForm(ServiceModelForm):
    class Meta:
        model = Need
        fields = ["title", "category", "description", "affected", "urgency", "people_count"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class NeedCloseForm(forms.Form):
    reason = forms.CharField(label=_("关闭原因"), max_length=200)


class ResourceForm(ServiceModelForm):
    class Meta:
        model = Resource
        fields = ["unit", "member", "offered_by_member", "title", "kind", "category",
                  "description", "capacity", "available_from", "available_until", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}),
                   "available_from": DATE, "available_until": DATE}
        help_texts = {"member": _("党员个人提供时选择，不选提供单位。"),
                      "offered_by_member": _("党员尚未在党员名册登记时，填写其姓名。")}

    def __init__(self, *args, units=None, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else PartnerUnit.objects.none()
        self.fields["unit"].required = False
        self.fields["member"].queryset = (members if members is not None
                                          else self.fields["member"].queryset.none())
        self.fields["member"].required = False
        self.fields["member"].label_from_instance = lambda m: m.person.name


class MemberResourceForm(ServiceModelForm):
    """What a party member offers themselves, from 我的报到."""

    class Meta:
        model = Resource
        fields = ["title", "kind", "category", "description", "capacity", "available_from",
                  "available_until"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}),
                   "available_from": DATE, "available_until": DATE}


class NeedReopenForm(forms.Form):
    reason = forms.CharField(label=_("重新开启的原因"), max_length=200)


class ProjectLeadForm(forms.Form):
    lead_unit = forms.ModelChoiceField(label=_("牵头单位"), queryset=None, required=False)
    lead_user = forms.ModelChoiceField(label=_("或牵头人"), queryset=None, required=False)

    def __init__(self, *args, units, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = units
        self.fields["lead_user"].queryset = users


class PartnerResourceForm(ServiceModelForm):
    """What a partner contact offers for their own unit."""

    class Meta:
        model = Resource
        fields = ["title", "kind", "category", "description", "capacity", "available_from",
                  "available_until"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}),
                   "available_from": DATE, "available_until": DATE}


class MatchResponseForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("接受")), ("decline", _("婉拒"))])
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class ProjectCreateForm(forms.Form):
    title = forms.CharField(label=_("项目名称"), max_length=128)
    matches = forms.ModelMultipleChoiceField(label=_("纳入的对接"), queryset=None,
                                             widget=forms.CheckboxSelectMultiple)
    lead_unit = forms.ModelChoiceField(label=_("牵头单位"), queryset=None, required=False)
    lead_user = forms.ModelChoiceField(label=_("或牵头人"), queryset=None, required=False)
    plan = forms.CharField(label=_("实施计划"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, matches, units, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["matches"].queryset = matches
        self.fields["matches"].label_from_instance = lambda m: (
            f"{m.need.title} ← {m.resource.provider_name} · {m.resource.title}"
            f"（{m.get_status_display()}）")
        self.fields["lead_unit"].queryset = units
        self.fields["lead_user"].queryset = users


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("节点"), max_length=128)
    due_on = forms.DateField(label=_("计划完成日期"), required=False, widget=DATE)


class ReportForm(forms.Form):
    text = forms.CharField(label=_("进展"), widget=forms.Textarea(attrs={"rows": 3}))
    photo = forms.ImageField(label=_("照片"), required=False)


class PublishForm(forms.Form):
    result = forms.CharField(label=_("成效"), widget=forms.Textarea(attrs={"rows": 3}))
    evaluation = forms.CharField(label=_("居民评价"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 2}))
    summary = forms.CharField(label=_("公开摘要"), widget=forms.Textarea(attrs={"rows": 3}))


class EvaluationForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("评分"), coerce=int, widget=forms.RadioSelect,
                                    choices=[(n, str(n)) for n in range(5, 0, -1)])
    comment = forms.CharField(label=_("意见（选填，不公开姓名）"), max_length=300, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


class NeedFromCaseForm(forms.Form):
    """A resident request handed on as a need: only its category is asked."""

    category = forms.ChoiceField(label=_("需求类别"), choices=Category.choices, required=False)


class MatchProposeForm(forms.Form):
    """The resource a need's page (or the API) asks to meet the need."""

    resource = forms.IntegerField(min_value=1)
