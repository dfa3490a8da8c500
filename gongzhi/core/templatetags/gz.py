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
