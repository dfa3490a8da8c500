"""Template tags through which other apps' pages offer deliberation's hand-offs, so that the
giving app never imports deliberation's choices (casework's page includes
deliberation/partials/topic_from_case.html)."""

from django import template

from gongzhi.deliberation.topics.choices import TopicKind

register = template.Library()


@register.simple_tag
def topic_kinds() -> list[tuple[str, str]]:
    """The kinds a topic may take, as (value, label) pairs for a select."""
    return TopicKind.choices
