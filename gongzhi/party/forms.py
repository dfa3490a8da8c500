from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.organisations.choices import (
    ALLOWED_PARENTS,
    STATUS_DATE_KEYS,
    Category,
    MemberKind,
    MemberStatus,
    OfficerTitle,
    OrganisationKind,
)
from gongzhi.organisations.models import Member, Organisation, PartnerUnit
from gongzhi.people.choices import RevealReason
from gongzhi.places.models import Grid

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_LABELS = {
    "applied_on": _("申请入党日期"), "activist_on": _("确定积极分子日期"),
    "candidate_on": _("确定发展对象日期"), "probationary_on": _("接收预备党员日期"),
    "full_on": _("转为正式党员日期"),
}


class MemberFilterForm(forms.Form):
    q = forms.CharField(label=_("姓名或单位"), required=False)
    organisation = forms.TypedChoiceField(label=_("党组织"), required=False, coerce=int,
                                          empty_value=None)
    kind = forms.ChoiceField(label=_("类别"), required=False,
                             choices=[("", _("全部")), *MemberKind.choices])
    grid = forms.TypedChoiceField(label=_("网格"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, organisations=(), grids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", _("全部"))] + [
            (o.pk, f"{o.community.name if o.community else ''} {o.name}".strip())
            for o in organisations]
        self.fields["grid"].choices = [("", _("全部"))] + [
            (g.pk, f"{g.community.name} {g.name}") for g in grids]


class MemberForm(forms.ModelForm):
    """The party roll entry; the status and its dates are encrypted by the service."""

    status = forms.ChoiceField(label=_("党员状态"), choices=MemberStatus.choices)
    preferred_categories = forms.MultipleChoiceField(
        label=_("服务意向"), required=False, choices=Category.choices,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("可多选（按住 Ctrl 或在手机上逐项点选）。"))

    class Meta:
        model = Member
        fields = ["kind", "organisation", "group", "grid", "work_unit_name", "partner_unit",
                  "unit_party_organisation", "skills", "preferred_categories", "registered_on"]
        widgets = {"registered_on": DATE}

    def __init__(self, *args, community, status_record=None, in_service=False, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = Organisation.objects.filter(community=community).order_by("kind", "name")
        self.fields["organisation"].queryset = orgs.exclude(kind="group")
        self.fields["group"].queryset = orgs.filter(kind="group")
        self.fields["grid"].queryset = Grid.objects.filter(community=community)
        self.fields["partner_unit"].queryset = PartnerUnit.objects.filter(community=community)
        for key, label in DATE_LABELS.items():
            self.fields[key] = forms.DateField(label=label, required=False, widget=DATE)
        if status_record:
            self.initial["status"] = status_record.get("status")
            for key in STATUS_DATE_KEYS.values():
                self.initial[key] = status_record.get(key)
        if in_service:
            self.initial.setdefault("kind", MemberKind.IN_SERVICE)
            self.initial.setdefault("status", MemberStatus.FULL)

    def _post_clean(self):  # the service validates and saves
        pass

    def member_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields
                if name != "kind"} | {"kind": self.cleaned_data["kind"],
                                      "preferred_categories": list(
                                          self.cleaned_data.get("preferred_categories") or [])}

    def status_dates(self) -> dict:
        return {key: self.cleaned_data.get(key) for key in STATUS_DATE_KEYS.values()}


class PersonPickForm(forms.Form):
    person = forms.IntegerField(label=_("居民编号"), widget=forms.HiddenInput)


class RevealStatusForm(forms.Form):
    reason = forms.ChoiceField(label=_("查看原因"), choices=[
        ("party_work", _("组织关系和党务工作")), *RevealReason.choices])


class SummaryForm(forms.Form):
    year = forms.TypedChoiceField(label=_("年度"), coerce=int)
    work_unit = forms.ChoiceField(label=_("工作单位"), required=False)

    def __init__(self, *args, years=(), work_units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]
        self.fields["work_unit"].choices = [("", _("全部单位")),
                                            *((name, name) for name in work_units)]


class ChildOrganisationForm(forms.Form):
    """An organisation under `parent`. Under a street working committee that is a community
    party committee, for one of the street's communities (`communities`)."""

    kind = forms.ChoiceField(label=_("类型"))
    name = forms.CharField(label=_("名称"), max_length=64)
    community = forms.TypedChoiceField(label=_("社区"), required=False, coerce=int,
                                       empty_value=None)

    def __init__(self, *args, parent, communities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (kind.value, kind.label) for kind, parents in ALLOWED_PARENTS.items()
            if parent.kind in parents]
        self.communities = {c.pk: c for c in communities}
        if parent.kind == OrganisationKind.STREET_COMMITTEE:
            self.fields["community"].required = True
            self.fields["community"].choices = [(c.pk, c.name) for c in communities]
        else:
            del self.fields["community"]

    def service_data(self) -> dict:
        data = {"kind": self.cleaned_data["kind"], "name": self.cleaned_data["name"]}
        if "community" in self.fields:
            data["community"] = self.communities[self.cleaned_data["community"]]
        return data


class StreetCommitteeForm(forms.Form):
    """The street's party working committee (街道党工委), set up by the street's admin."""

    street = forms.TypedChoiceField(label=_("街道"), coerce=int)
    name = forms.CharField(label=_("名称"), max_length=64)
    founded_on = forms.DateField(label=_("成立日期"), required=False, widget=DATE)

    def __init__(self, *args, streets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.streets = {s.pk: s for s in streets}
        self.fields["street"].choices = [(s.pk, s.name) for s in streets]


class OwnRegistrationForm(forms.ModelForm):
    """A member's own in-service registration (双报到), edited from 我的报到."""

    preferred_categories = forms.MultipleChoiceField(
        label=_("服务意向"), required=False, choices=Category.choices,
        widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Member
        fields = ["work_unit_name", "unit_party_organisation", "skills", "preferred_categories"]

    def _post_clean(self):  # the service validates and saves
        pass

    def own_data(self) -> dict:
        return {**{name: self.cleaned_data.get(name) or "" for name in self.Meta.fields},
                "preferred_categories": list(self.cleaned_data.get("preferred_categories")
                                             or [])}


class OfficerForm(forms.Form):
    title = forms.ChoiceField(label=_("职务"), choices=OfficerTitle.choices)
    member = forms.ModelChoiceField(label=_("党员"), queryset=Member.objects.none())
    term_start = forms.DateField(label=_("任期开始"), widget=DATE)
    term_end = forms.DateField(label=_("任期结束"), required=False, widget=DATE)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["member"].label_from_instance = lambda m: m.person.name


class OfficerEndForm(forms.Form):
    term_end = forms.DateField(label=_("任期结束"), widget=DATE)
