"""The forms of the actions owners' votes and residents' polls share (one form per action;
votes/forms.py and polls/forms.py add their own). They only parse: the services validate what
a vote or poll allows (the choice among its options, a reason given, a scan attached) and say
why they refuse."""

from django import forms
from django.utils.translation import gettext_lazy as _


class IdListField(forms.Field):
    """Several row ids under one name (checkboxes); what is not a number is left out, and the
    service checks that each id is one of the vote's rows."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        return [int(item) for item in (value or []) if str(item).isdigit()]


class EmptyForm(forms.Form):
    """An action that takes nothing but its button (open, publish)."""


class CloseForm(forms.Form):
    confirm_early = forms.BooleanField(label=_("我已了解参与情况，确认提前截止"), required=False)


class CheckForm(forms.Form):
    """A second person's check of a paper ballot: the button says counted ("1") or not."""

    ballot = forms.IntegerField(widget=forms.HiddenInput)
    approve = forms.TypedChoiceField(choices=[("1", _("复核无误，计入")), ("0", _("不符，退回"))],
                                     coerce=lambda value: value == "1")


class CorrectForm(forms.Form):
    ballot = forms.IntegerField(label=_("表决票"))
    choice = forms.CharField(label=_("更正为"), required=False)
    reason = forms.CharField(label=_("更正理由"), required=False, max_length=255)


class ObjectionForm(forms.Form):
    text = forms.CharField(label=_("异议内容"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(forms.Form):
    objection = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.CharField(label=_("答复"), required=False)


class OwnBallotForm(forms.Form):
    """An elector's own ballot; for an owners' vote, also which of their flats."""

    elector = forms.IntegerField(required=False, widget=forms.HiddenInput)
    choice = forms.CharField(label=_("表决意见"), required=False)
