from django import template

register = template.Library()


@register.simple_tag
def gz_widget(field):
    """Render a form field's widget with the design system's classes and ARIA attributes."""
    widget_type = field.widget_type
    if widget_type in {"select", "selectmultiple"}:
        css = "form-select"
    elif widget_type == "checkbox":
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
