"""No template decides whether to offer an action by testing a status: it asks the action's
rule (`{% has_perm %}`), so that the page, the service and the API cannot disagree
(docs/architecture.md, "One rule per action"). A status may still choose a badge's colour or
which information a page shows; this test looks only at branches that hold a form or button.
"""

from pathlib import Path

from django.template import engines
from django.template.base import TextNode
from django.template.defaulttags import IfNode
from django.template.smartif import Literal

PACKAGE = Path(__file__).resolve().parents[2]
ACTION_MARKS = ('method="post"', "<button")


def template_names() -> list[str]:
    names = []
    for path in sorted([*PACKAGE.glob("templates/**/*.html"),
                        *PACKAGE.glob("*/templates/**/*.html")]):
        parts = path.parts
        names.append("/".join(parts[parts.index("templates") + 1:]))
    return names


def condition_words(condition) -> list[str]:
    """The variables and literals an {% if %} condition reads."""
    if condition is None:
        return []
    if isinstance(condition, Literal):
        return [getattr(condition, "text", str(condition.value))]
    return [*condition_words(getattr(condition, "first", None)),
            *condition_words(getattr(condition, "second", None))]


def texts(nodelist):
    """The markup a branch shows whatever else holds: a nested {% if %} is judged on its own
    (a form inside `{% if can_reopen %}` within a closed need's notice asks the rule)."""
    for node in nodelist:
        if isinstance(node, TextNode):
            yield node.s
        elif not isinstance(node, IfNode):
            for attribute in getattr(node, "child_nodelists", ()):
                yield from texts(getattr(node, attribute, None) or [])


def status_gated_actions(nodelist, name: str):
    for node in nodelist:
        if isinstance(node, IfNode):
            for condition, branch in node.conditions_nodelists:
                reads_status = any("status" in word for word in condition_words(condition))
                if reads_status and any(mark in text for text in texts(branch)
                                        for mark in ACTION_MARKS):
                    yield f"{name}: {{% if {' '.join(condition_words(condition))} %}}"
                yield from status_gated_actions(branch, name)
        else:
            for attribute in getattr(node, "child_nodelists", ()):
                yield from status_gated_actions(getattr(node, attribute, None) or [], name)


def test_every_template_is_found():
    # given the project's templates, then the walk below sees them (a wrong glob finds none)
    assert len(template_names()) > 90


def test_a_button_behind_a_status_is_found_and_one_behind_a_rule_is_not():
    # given a button shown by a status test, and one shown by a rule inside a status section
    engine = engines["django"]
    by_status = engine.from_string(
        '{% if case.status == "new" %}<form method="post"><button>派单</button></form>{% endif %}')
    by_rule = engine.from_string(
        '{% if need.status == "closed" %}已关闭{% if can_reopen %}<form method="post">'
        '</form>{% endif %}{% endif %}')
    # when each is walked, then only the first is reported
    assert list(status_gated_actions(by_status.template.nodelist, "a")) == [
        "a: {% if case.status \"new\" %}"]
    assert list(status_gated_actions(by_rule.template.nodelist, "b")) == []


def test_no_template_offers_an_action_by_testing_a_status():
    # given every template of the project
    engine = engines["django"]
    # when each {% if %} that reads a status is looked at
    found = [hit for name in template_names()
             for hit in status_gated_actions(engine.get_template(name).template.nodelist, name)]
    # then none of them holds a form or button: those ask the action's rule
    assert found == []
