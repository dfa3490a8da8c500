from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django import forms, template
from django.utils.translation import get_language

from gongzhi.core.forms import prefill_form
from gongzhi.core.text import mask_personal_data

register = template.Library()


@register.simple_tag
def gz_widget(field):
    """Render a form field's widget with the design system's classes and ARIA attributes."""
    widget_type = field.widget_type
    if widget_type in {"select", "selectmultiple"} or isinstance(field.field.widget,
                                                                  forms.Select):
        css = "form-select"
    elif widget_type in {"checkbox", "radioselect", "checkboxselectmultiple"}:
        css = "form-check-input"
    else:
        css = "form-control"
    attrs = {"class": css + (" is-invalid" if field.errors else "")}
    if field.errors:
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{field.auto_id}_errors"
    elif field.help_text:
        attrs["aria-describedby"] = f"{field.auto_id}_help"
    return field.as_widget(attrs=attrs)


@register.simple_tag(takes_context=True)
def gz_restore_draft(context, form):
    """Prefill an unbound form with what its user typed before their session expired (see
    gongzhi.accounts.login_drafts); renders nothing."""
    request = context.get("request")
    fields = getattr(request, "login_draft", None)
    if fields and form is not None and hasattr(form, "fields"):
        prefill_form(form, fields)
    return ""


@register.simple_tag(takes_context=True)
def gz_nav_breakpoint(context):
    """From which Bootstrap breakpoint the top menu lies open (below it folds behind the
    toggler): wider words need more room. Chinese "lg" (992 px); English or large text "xl"
    (1200 px); English in large text "xxl" (1400 px). Measured on the administrator's menu, the
    longest."""
    wide = (get_language() or "").startswith("en")
    large = bool(context.get("gz_large_text"))
    return "xxl" if wide and large else "xl" if wide or large else "lg"


@register.filter
def masked_personal(text):
    """Free text with mobiles, phone and ID numbers masked (core/text.py); the full text is
    shown only through an audited reveal."""
    return mask_personal_data(str(text or ""))


@register.filter
def has_personal_data(text) -> bool:
    """Whether masked_personal hides anything in `text` (so a reveal is worth offering)."""
    text = str(text or "")
    return mask_personal_data(text) != text


@register.filter
def lookup(mapping, key):
    """mapping[key] in a template, or None."""
    return mapping.get(key) if mapping else None


@register.filter
def age_on(person, day):
    """A person's age in whole years on `day` (None without a birth date)."""
    return person.age_on(day)


@register.inclusion_tag("core/pagination.html", takes_context=True)
def gz_pagination(context, page, param="page"):
    """Previous / next links for a page of results, keeping the other query parameters."""
    query = context["request"].GET.copy()
    query.pop(param, None)
    return {"page": page, "query": query.urlencode(), "param": param}


def _as_decimal(value):
    if isinstance(value, str) and "/" in value:
        value = Fraction(value)  # a tally stored as "29129/50"
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(str(value))


@register.filter
def decimal2(value):
    """An exact fraction or a number shown with two decimals (the tally keeps it exact)."""
    if value is None or value == "":
        return ""
    return _as_decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@register.filter
def percent_of(part, whole):
    """part / whole as a percentage with one decimal, e.g. 66.7%."""
    if whole is None or whole == "" or _as_decimal(whole) == 0:
        return "—"
    ratio = _as_decimal(part) / _as_decimal(whole) * 100
    return f"{ratio.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"
