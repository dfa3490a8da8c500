from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.casework.forms import MultiplePhotoInput
from gongzhi.deliberation.topics.choices import TopicKind
from gongzhi.organisations.choices import Category as NeedCategory
from gongzhi.organisations.models import PartnerUnit
from gongzhi.places.forms import UnitChoiceField, check_unit_in_building, offer_units


class MultipleDocumentField(forms.FileField):
    """Several documents in one input; each is checked by deliberation.uploads.document_validate."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultiplePhotoInput(attrs={"accept": "image/*,.pdf"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleDocumentField, self).clean(item, initial) for item in items]


def _style(form):
    for field in form.fields.values():
        if isinstance(field.widget, forms.CheckboxInput):
            field.widget.attrs.setdefault("class", "form-check-input")
        else:
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class TopicProposeForm(forms.Form):
    community = forms.ModelChoiceField(label=_("社区"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("议题"), max_length=128,
                            help_text=_("一句话说明要商量的事，例如：某巷道路面微改造"))
    description = forms.CharField(label=_("内容与理由"), max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 5}))
    kind = forms.ChoiceField(label=_("议题类别"), choices=TopicKind.choices,
                             initial=TopicKind.ORDINARY)
    item_number = forms.IntegerField(label=_("民法典第278条第几项"), min_value=1, max_value=9,
                                     required=False,
                                     help_text=_("业主共同决定事项填写，例如维修资金为第6项。"))
    building = forms.ModelChoiceField(label=_("涉及楼栋"), queryset=None, required=False,
                                      empty_label=_("（不涉及具体楼栋）"))
    unit = UnitChoiceField()
    documents = MultipleDocumentField(
        label=_("材料或照片"), help_text=_("可选，PDF 或图片，最多 6 个，每个不超过 10 MB。"))

    def __init__(self, *args, communities, buildings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        if communities.count() == 1:
            self.fields["community"].initial = communities.first()
        self.fields["building"].queryset = buildings
        offer_units(self, buildings)
        _style(self)

    def clean(self):
        cleaned = super().clean()
        check_unit_in_building(self)
        return cleaned


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("会议名称"), max_length=128)
    starts_at = forms.DateTimeField(label=_("时间"), widget=forms.DateTimeInput(
        attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    place = forms.CharField(label=_("地点"), max_length=128)
    agenda = forms.CharField(label=_("议程"), widget=forms.Textarea(attrs={"rows": 4}),
                             help_text=_("每行一项"))
    is_residents_meeting = forms.BooleanField(
        label=_("居民会议（按法定人数和过半数规则判定）"), required=False)
    entitled_count = forms.IntegerField(label=_("应到人数"), min_value=1, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


# ---- one form per action on a topic's, a meeting's and a request's page ----------------------
# The forms only parse: the services validate (their messages name the fields) and decide.

def _date_field(**kwargs):
    message = _("请填写日期。")
    return forms.DateField(error_messages={"required": message, "invalid": message}, **kwargs)


class TopicActionForm(forms.Form):
    """A button on a topic's page. `topic` narrows the choices some forms offer."""

    def __init__(self, *args, topic=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.topic = topic


class NoteForm(TopicActionForm):
    """Most steps: a note (a reason, a notice, feedback: the service says when it is needed)
    and documents."""

    note = forms.CharField(required=False)
    documents = MultipleDocumentField()


class ReviewForm(NoteForm):
    decide = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1",
                                    required=False, empty_value=False)


class VoteForm(TopicActionForm):
    closes_on = _date_field()


class OutcomeForm(TopicActionForm):
    outcome = forms.CharField(required=False)
    votes_for = forms.IntegerField(required=False)
    votes_against = forms.IntegerField(required=False)
    votes_abstain = forms.IntegerField(required=False)
    dissent = forms.CharField(required=False)
    meeting = forms.ModelChoiceField(queryset=None, required=False)
    documents = MultipleDocumentField()

    def __init__(self, *args, topic, **kwargs):
        super().__init__(*args, topic=topic, **kwargs)
        # the service checks that it was held
        self.fields["meeting"].queryset = topic.meetings.all()


class OwnerChoiceField(forms.ChoiceField):
    """One select of people ("user-<id>") and partner units ("unit-<id>"), cleaned to the
    chosen row: a lookup among the rows offered, not a parse of the string."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = {}

    def offer(self, users, units) -> None:
        self.rows = {**{f"user-{user.pk}": user for user in users},
                     **{f"unit-{unit.pk}": unit for unit in units}}
        self.choices = [("", "")] + [(key, str(row)) for key, row in self.rows.items()]

    def clean(self, value):
        value = super().clean(value)
        return self.rows.get(value)


def owner_parts(owner) -> tuple:
    """(user, unit) of an OwnerChoiceField's row."""
    if owner is None:
        return None, None
    return (None, owner) if isinstance(owner, PartnerUnit) else (owner, None)


class TaskForm(TopicActionForm):
    description = forms.CharField(required=False)
    owner = OwnerChoiceField(required=False)
    deadline = _date_field()

    def __init__(self, *args, topic, users, units, **kwargs):
        super().__init__(*args, topic=topic, **kwargs)
        self.fields["owner"].offer(users, units)


class ProjectForm(TopicActionForm):
    lead_unit = forms.ModelChoiceField(queryset=None, error_messages={
        "required": _("请选择牵头单位。"), "invalid_choice": _("请选择牵头单位。")})
    plan = forms.CharField(required=False)
    category = forms.ChoiceField(choices=NeedCategory.choices, required=False)

    def __init__(self, *args, topic, units, **kwargs):
        super().__init__(*args, topic=topic, **kwargs)
        self.fields["lead_unit"].queryset = units


class RateForm(TopicActionForm):
    score = forms.IntegerField(required=False)
    comment = forms.CharField(required=False)


class TopicFromCaseForm(forms.Form):
    kind = forms.ChoiceField(choices=TopicKind.choices, required=False)
    item_number = forms.IntegerField(required=False)


class TaskCompleteForm(forms.Form):
    note = forms.CharField(required=False)
    documents = MultipleDocumentField()


class InviteForm(forms.Form):
    kind = forms.CharField(required=False)  # the service names the kinds
    target = OwnerChoiceField(required=False)
    name = forms.CharField(required=False)

    def __init__(self, *args, users, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].offer(users, units)


class MeetingNoticeForm(forms.Form):
    note = forms.CharField(required=False)
    documents = MultipleDocumentField()


class SignInForm(forms.Form):
    """The invitee's own sign-in: the button alone."""


class SignInRecordForm(forms.Form):
    invitee = forms.ModelChoiceField(queryset=None, required=False)
    name = forms.CharField(required=False)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invitee"].queryset = meeting.invitees.all()


class MinutesForm(forms.Form):
    minutes = forms.CharField(required=False)
    documents = MultipleDocumentField()
