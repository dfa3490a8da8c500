"""The forms of the rota's pages: publishing a post (one shift, or a rota template with its
preview), the actions of a post, a shift and a sign-up (one form each, the action in the
URL)."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.activities.rota.choices import OpenTo, PostKind, PostStatus
from gongzhi.organisations.choices import Category

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
ONE, ROTA = "one", "rota"


class PostFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("岗位类型"), required=False,
                             choices=[("", _("全部")), *PostKind.choices])
    open_to = forms.ChoiceField(label=_("可认领人员"), required=False,
                                choices=[("", _("全部")), *OpenTo.choices])
    status = forms.ChoiceField(label=_("状态"), required=False,
                               choices=[("", _("全部")), *PostStatus.choices])


class PostForm(forms.Form):
    """A post to publish in one of the communities the actor publishes in, with one shift or
    the shifts of a rota template (e.g. three 8-hour shifts a day for two weeks)."""

    community = forms.ChoiceField(label=_("社区"))
    title = forms.CharField(label=_("岗位"), max_length=128)
    kind = forms.ChoiceField(label=_("岗位类型"), choices=PostKind.choices,
                             initial=PostKind.SERVICE)
    category = forms.ChoiceField(label=_("服务类别"), choices=Category.choices,
                                 initial=Category.OTHER)
    open_to = forms.ChoiceField(label=_("可认领人员"), choices=OpenTo.choices,
                                initial=OpenTo.VOLUNTEERS)
    unit = forms.TypedChoiceField(label=_("指定共建单位"), required=False, coerce=int,
                                  empty_value=None,
                                  help_text=_("仅面向共建单位人员时可选；不选则各单位人员均可认领。"))
    need = forms.TypedChoiceField(label=_("来源需求"), required=False, coerce=int,
                                  empty_value=None)
    activity = forms.TypedChoiceField(label=_("所属活动"), required=False, coerce=int,
                                      empty_value=None,
                                      help_text=_("为社区活动维持秩序等岗位可关联到活动。"))
    place = forms.CharField(label=_("地点"), max_length=128, required=False)
    description = forms.CharField(label=_("说明"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    layout = forms.ChoiceField(label=_("班次"), choices=[(ONE, _("单个班次")),
                                                        (ROTA, _("按排班模板排多天"))],
                               initial=ONE, widget=forms.RadioSelect)
    # one shift
    date = forms.DateField(label=_("日期"), required=False, widget=DATE)
    start_time = forms.TimeField(label=_("开始时间"), required=False, widget=TIME)
    end_time = forms.TimeField(label=_("结束时间"), required=False, widget=TIME,
                               help_text=_("不填时间则为当天完成的任务；结束早于开始表示跨夜。"))
    slots = forms.IntegerField(label=_("名额"), min_value=1, max_value=500, initial=2)
    # a rota template
    first_day = forms.DateField(label=_("第一天"), required=False, widget=DATE)
    days = forms.IntegerField(label=_("天数"), required=False, min_value=1, max_value=62)
    starts = forms.CharField(label=_("各班开始时间"), required=False, max_length=200,
                             help_text=_("用逗号分隔，例如 00:00, 08:00, 16:00"))
    hours = forms.IntegerField(label=_("每班时长（小时）"), required=False, min_value=1,
                               max_value=24)

    def __init__(self, *args, communities=(), needs=(), units=(), activities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.communities = {str(c.pk): c for c in communities}
        self.fields["community"].choices = [(pk, c.name) for pk, c in self.communities.items()]
        self.needs = {n.pk: n for n in needs}
        self.fields["need"].choices = [("", "—")] + [(n.pk, n.title) for n in needs]
        self.units = {u.pk: u for u in units}
        self.fields["unit"].choices = [("", _("不限单位"))] + [(u.pk, u.name) for u in units]
        self.activities = {a.pk: a for a in activities}
        self.fields["activity"].choices = [("", "—")] + [
            (a.pk, f"{a.starts_at:%Y-%m-%d} {a.title}") for a in activities]

    def clean_community(self):
        return self.communities[self.cleaned_data["community"]]

    def group(self, names) -> list:
        return [self[name] for name in names if name in self.fields]

    def post_group(self) -> list:
        return self.group(["community", "title", "kind", "category", "open_to", "unit", "need",
                           "activity", "place", "description"])

    def one_group(self) -> list:
        return self.group(["date", "start_time", "end_time"])

    def rota_group(self) -> list:
        return self.group(["first_day", "days", "starts", "hours"])

    def clean(self):
        data = super().clean()
        if data.get("layout") == ROTA:
            for name in ("first_day", "days", "starts", "hours"):
                if data.get(name) in (None, ""):
                    self.add_error(name, _("按排班模板排班时必填。"))
        elif not data.get("date"):
            self.add_error("date", _("请填写日期。"))
        need = data.get("need")
        if need is not None and need not in self.needs:
            self.add_error("need", _("需求不在可选范围内。"))
        unit = data.get("unit")
        if unit is not None and unit not in self.units:
            self.add_error("unit", _("共建单位不在可选范围内。"))
        activity = data.get("activity")
        if activity is not None and activity not in self.activities:
            self.add_error("activity", _("活动不在可选范围内。"))
        return data

    def rota(self) -> dict | None:
        if self.cleaned_data.get("layout") != ROTA:
            return None
        return {"first_day": self.cleaned_data["first_day"], "days": self.cleaned_data["days"],
                "starts": [s for s in self.cleaned_data["starts"].replace("，", ",").split(",")
                           if s.strip()],
                "hours": self.cleaned_data["hours"], "slots": self.cleaned_data["slots"]}

    def post_fields(self) -> dict:
        data = self.cleaned_data
        return {"title": data["title"], "kind": data["kind"], "category": data["category"],
                "open_to": data["open_to"], "place": data.get("place") or "",
                "description": data.get("description") or "",
                "unit": self.units.get(data.get("unit")),
                "activity": self.activities.get(data.get("activity")),
                "need": self.needs.get(data.get("need"))}


class PostStatusForm(forms.Form):
    """Open, close or complete a post (each change is its own button and rule)."""

    status = forms.ChoiceField(choices=PostStatus.choices)


class ShiftForm(forms.Form):
    """One more shift of a post."""

    date = forms.DateField(label=_("日期"), widget=DATE, initial=datetime.date.today)
    start_time = forms.TimeField(label=_("开始时间"), required=False, widget=TIME)
    end_time = forms.TimeField(label=_("结束时间"), required=False, widget=TIME)
    slots = forms.IntegerField(label=_("名额"), min_value=1, max_value=500, initial=2)


class ExtendForm(forms.Form):
    """More days of the post's rota template."""

    days = forms.IntegerField(label=_("延长天数"), min_value=1, max_value=62, initial=7)


class SlotsForm(forms.Form):
    slots = forms.IntegerField(label=_("名额"), min_value=1, max_value=500)


class TakeForm(forms.Form):
    """The volunteer takes a slot of the shift: the button is the whole form."""


class AssignForm(forms.Form):
    volunteer = forms.TypedChoiceField(label=_("志愿者"), coerce=int)

    def __init__(self, *args, volunteers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.volunteers = {v.pk: v for v in volunteers}
        self.fields["volunteer"].choices = [
            (v.pk, f"{v.display_name}{'（' + v.unit.name + '）' if v.unit_id else ''}")
            for v in volunteers]


class SignUpStepForm(forms.Form):
    """Withdraw, check in or out: the button is the form; `next` says which page it came from."""

    next = forms.ChoiceField(required=False, choices=[("", ""), ("post", "post"),
                                                      ("mine", "mine")])


class ConfirmForm(forms.Form):
    work_done = forms.CharField(label=_("服务内容"), max_length=500,
                                widget=forms.Textarea(attrs={"rows": 2}))
    hours = forms.DecimalField(label=_("实际服务时长（小时，不含路程）"), min_value=0.1,
                               max_value=24, decimal_places=1)
