from django import template

from gongzhi.casework.selectors import percent as percent_text

register = template.Library()


@register.filter
def percent(rate):
    return percent_text(rate)


@register.filter
def hours(value):
    return "—" if value is None else f"{value:.1f}"


@register.simple_tag
def urgency_of(case, now):
    return case.urgency(now)


@register.filter
def get_item(mapping, key):
    return mapping.get(key)
