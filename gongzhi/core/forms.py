"""Helpers shared by the HTML forms of every app."""

from django import forms

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
