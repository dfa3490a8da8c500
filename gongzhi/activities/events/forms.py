"""The forms of the activity pages: they parse input; the services validate and save."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.activities.events import selectors
from gongzhi.activities.events.choices import ActivityKind, Audience

DATETIME_INPUT = {"type": "datetime-local", "class": "form-control"}


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def format_value(self, value):
        if hasattr(value, "strftime"):
            # the field hands over local time, made naive (to_current_timezone)
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            return value.strftime("%Y-%m-%dT%H:%M")
        return value


class ActivityForm(forms.Form):
    """A new activity (with `communities`), or an existing one's fields (with `activity`)."""

    community = forms.ModelChoiceField(label=_("社区"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("活动名称"), max_length=128)
    kind = forms.ChoiceField(label=_("类型"), choices=ActivityKind.choices)
    description = forms.CharField(label=_("活动内容"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    place = forms.CharField(label=_("地点"), max_length=128)
    starts_at = forms.DateTimeField(label=_("开始时间"), widget=LocalDateTimeInput(),
                                    input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    ends_at = forms.DateTimeField(label=_("结束时间"), widget=LocalDateTimeInput(),
                                  input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    capacity = forms.IntegerField(label=_("名额"), min_value=1, max_value=5000)
    audience = forms.ChoiceField(label=_("报名对象"), choices=Audience.choices)
    building = forms.ModelChoiceField(label=_("指定楼栋"), queryset=None, required=False)
    grid = forms.ModelChoiceField(label=_("指定网格"), queryset=None, required=False)
    partner_units = forms.ModelMultipleChoiceField(
        label=_("协办共建单位"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple)
    project = forms.ModelChoiceField(label=_("来源项目"), queryset=None, required=False)
    resource = forms.ModelChoiceField(label=_("来源资源"), queryset=None, required=False)
    counts_hours = forms.BooleanField(label=_("参加者计入志愿服务时长"), required=False)
    offer_hours = forms.IntegerField(label=_("候补确认时限（小时）"), min_value=1, max_value=168,
                                     initial=24)

    def __init__(self, *args, communities=None, activity=None, **kwargs):
        if activity is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **{name: getattr(activity, name) for name in (
                    "title", "kind", "description", "place", "starts_at", "ends_at",
                    "capacity", "audience", "building", "grid", "project", "resource",
                    "counts_hours", "offer_hours")},
                "partner_units": list(activity.partner_units.all())}
        super().__init__(*args, **kwargs)
        if activity is not None:
            del self.fields["community"]
            community_ids = [activity.community_id]
        else:
            self.fields["community"].queryset = communities
            community_ids = list(communities.values_list("pk", flat=True))
        self.fields["building"].queryset = selectors.buildings_of(community_ids)
        self.fields["grid"].queryset = selectors.grids_of(community_ids)
        self.fields["partner_units"].queryset = selectors.partner_units_of(community_ids)
        self.fields["project"].queryset = selectors.projects_of(community_ids)
        self.fields["resource"].queryset = selectors.resources_of(community_ids)


class EmptyForm(forms.Form):
    pass


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("取消原因（将通知已报名的居民）"), max_length=200,
                             required=False,
                             widget=forms.TextInput(attrs={"class": "form-control"}))


class ReportForm(forms.Form):
    report = forms.CharField(label=_("活动小结"), widget=forms.Textarea(
        attrs={"rows": 4, "class": "form-control"}))


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("照片"), widget=forms.ClearableFileInput(
        attrs={"class": "form-control", "accept": "image/jpeg,image/png,image/webp"}))
    caption = forms.CharField(label=_("说明"), max_length=128, required=False,
                              widget=forms.TextInput(attrs={"class": "form-control"}))


class SignUpResidentForm(forms.Form):
    """Staff sign up a resident of the community (the registry's people they may see)."""

    person = forms.ModelChoiceField(label=_("居民"), queryset=None,
                                    widget=forms.Select(attrs={"class": "form-select"}))

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class HoursForm(forms.Form):
    hours = forms.DecimalField(label=_("服务时长（小时）"), required=False, min_value=0,
                               max_value=24, decimal_places=1)
