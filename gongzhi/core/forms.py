"""Helpers shared by the HTML forms of every app."""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect

from gongzhi.core.errors import DomainError


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal on the form: field errors where it names fields, else on top."""
    placed = False
    for field, texts in (error.detail or {}).items():
        if not isinstance(texts, list | tuple):
            continue
        target = field if field in form.fields else None
        for message in texts:
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


def submit_form(request, form: forms.Form, perform: Callable, *, success_message,
                success_url, failure_url: str | None = None) -> HttpResponse | None:
    """The form-view sequence after the fetch: validate, call the service, say so, redirect.

    `perform(cleaned_data)` calls the one service; `success_message` and `success_url` may be
    callables of what it returned (the new row's number, its page). Django's FormView does the
    same in a class; a function is enough here, since every view already fetches through an
    access function and calls one service, and it keeps the view's own flow readable.

    Without `failure_url` (a page showing its own form): an invalid form or a service's refusal
    (DomainError, placed on the form's fields) returns None, and the caller renders the form
    again; so does an unbound form (a GET). With `failure_url` (a button posting from another
    page, e.g. an action on a request's page): the errors are flashed and the reader is sent
    back there.
    """
    if not form.is_bound:
        return None
    if not form.is_valid():
        if failure_url is None:
            return None
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(failure_url)
    try:
        result = perform(form.cleaned_data)
    except DomainError as error:
        if failure_url is None:
            add_domain_error(form, error)
            return None
        messages.error(request, domain_error_text(error))
        return redirect(failure_url)
    messages.success(request, success_message(result) if callable(success_message)
                     else success_message)
    return redirect(success_url(result) if callable(success_url) else success_url)


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
