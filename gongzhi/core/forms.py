"""Helpers shared by the HTML forms of every app."""

from django import forms
from django.http import QueryDict

from gongzhi.core.errors import DomainError


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal on the form: field errors where it names fields, else on top."""
    placed = False
    for field, messages in (error.detail or {}).items():
        if not isinstance(messages, list | tuple):
            continue
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(target, str(message))
            placed = True
    if not placed:
        form.add_error(None, str(error.message))


def domain_error_text(error: DomainError) -> str:
    """A service's refusal as one line for a flash message: its message, then any field
    messages it names."""
    details = [str(m) for ms in (error.detail or {}).values() if isinstance(ms, list | tuple)
               for m in ms]
    return " ".join([str(error.message), *details]) if details else str(error.message)


class ServiceModelForm(forms.ModelForm):
    """A ModelForm that only parses input: the service validates and saves.

    Django's ModelForm copies the input onto the instance while validating; our services
    compare before and after for the audit trail and run the model's own validation, so the
    form must leave the instance alone.
    """

    def _post_clean(self):
        pass


def _as_querydict(fields: dict[str, list[str]]) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, values in fields.items():
        data.setlist(name, values)
    return data


def prefill_form(form, fields: dict[str, list[str]]) -> None:
    """Put a draft (field name → the values a POST carried, as kept by
    gongzhi.accounts.login_drafts) into an unbound form's initial data, read the way the
    widgets read a POST. Hidden fields keep their fresh values (ids and versions come from the
    page, not the draft).
    """
    if form.is_bound:
        return
    data = _as_querydict(fields)
    # A new dict: the view's `initial` may be shared (a module constant); the draft is one
    # person's.
    initial = dict(form.initial)
    for name, field in form.fields.items():
        widget = field.widget
        html_name = form.add_prefix(name)
        if widget.is_hidden or widget.value_omitted_from_data(data, {}, html_name):
            continue
        initial[name] = widget.value_from_datadict(data, {}, html_name)
    form.initial = initial
