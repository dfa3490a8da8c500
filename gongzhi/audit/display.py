"""The audit trail in its readers' words: objects and fields by their Chinese names, people by
their display names, yes/no instead of True/False, choices by their labels.

The entries keep what was true when they were written (model labels, field names, raw values,
login names); this module only reads them for the page, and resolves the people and related
rows one page needs with one query per related model.
"""

import ast
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from gongzhi.audit.aliases import current_label

EMPTY = "—"


def _name_mask(label: str):
    """The function that masks the name of a `label` row (settings.AUDIT_MASKED_NAMES), or None.
    Audit sits below the apps whose rows are named after real people, so it finds their masks
    by dotted path instead of importing them."""
    path = settings.AUDIT_MASKED_NAMES.get(label)
    return import_string(path) if path else None


@dataclass
class ChangeRow:
    """One field of a change: its label, the value before (None for a new row) and after."""

    label: str
    before: str | None
    after: str | None


@dataclass
class EntryView:
    """What the audit page shows for one entry."""

    entry: object
    actor: str
    target: str
    changes: list[ChangeRow] = field(default_factory=list)
    fields_read: list[str] = field(default_factory=list)


def model_for(target_type: str):
    """The model class of an entry's `app_label.model_name` (an old label of a moved model
    included), or None if it no longer exists."""
    try:
        return apps.get_model(current_label(target_type)) if "." in target_type else None
    except (LookupError, ValueError):
        return None


def model_name(target_type: str) -> str:
    """The model's Chinese name (居民), or the stored label when the model is gone."""
    model = model_for(target_type)
    return str(model._meta.verbose_name) if model else target_type


def _model_field(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except Exception:  # FieldDoesNotExist, or a reverse relation without a verbose name
        return None


def field_label(model, name: str) -> str:
    model_field = _model_field(model, name)
    label = getattr(model_field, "verbose_name", None)
    return str(label) if label else name


def _as_list(value):
    """Lists were sometimes written as their Python repr ("['legal', 'health']")."""
    if isinstance(value, list | tuple):
        return list(value)
    if isinstance(value, str) and value.startswith("[") and value.endswith("]"):
        try:
            parsed = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            return None
        return list(parsed) if isinstance(parsed, list | tuple) else None
    return None


def value_text(model, name: str, value, related: dict | None = None) -> str:
    """One stored value as a reader would say it."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return _("是") if value else _("否")
    model_field = _model_field(model, name)
    if model_field is not None and model_field.is_relation and model_field.many_to_one:
        names = (related or {}).get(model_field.related_model, {})
        return names.get(str(value), f"#{value}")
    choices = dict(getattr(model_field, "flatchoices", None) or ())
    if choices:
        items = _as_list(value)
        if items is not None:
            return "、".join(str(choices.get(item, item)) for item in items) or EMPTY
        return str(choices.get(value, value))
    if isinstance(model_field, models.BooleanField) and value in ("True", "False"):
        return _("是") if value == "True" else _("否")
    if isinstance(model_field, models.DateTimeField) and isinstance(value, str):
        moment = parse_datetime(value)  # stored as "2026-11-16 22:31:55.759314+00:00"
        if moment is not None:
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return moment.strftime("%Y-%m-%d %H:%M")
    return str(value)


def _display(obj) -> str:
    label = f"{obj._meta.app_label}.{obj._meta.model_name}"
    mask = _name_mask(label)
    return mask(str(obj)) if mask else str(obj)


def _related_names(entries) -> dict:
    """{related model: {id as text: display}} for every foreign key value on these entries."""
    wanted: dict = {}
    for entry in entries:
        model = model_for(entry.target_type)
        changes = entry.changes if isinstance(entry.changes, dict) else {}
        for side in ("before", "after"):
            for name, value in (changes.get(side) or {}).items():
                model_field = _model_field(model, name)
                if (model_field is not None and model_field.is_relation
                        and model_field.many_to_one and value not in (None, "")):
                    wanted.setdefault(model_field.related_model, set()).add(value)
    return {related: {str(pk): _display(obj) for pk, obj in
                      _with_parents(related).in_bulk(list(ids)).items()}
            for related, ids in wanted.items()}


def _with_parents(model):
    parents = _parents(model)
    rows = model._default_manager.all()
    return rows.select_related(*parents) if parents else rows


def _parents(model, depth: int = 2) -> list[str]:
    """The foreign keys a row's name may read, two levels deep (a household is named after its
    flat, a flat after its building): they come in the same query, not one more per row."""
    if depth == 0:
        return []
    paths = []
    for model_field in model._meta.concrete_fields:
        if model_field.is_relation and model_field.many_to_one:
            paths.append(model_field.name)
            paths += [f"{model_field.name}__{deeper}"
                      for deeper in _parents(model_field.related_model, depth - 1)]
    return paths


def _people_by_username(entries) -> dict[str, str]:
    """Display names of the accounts named only by login (failed logins, deleted actors)."""
    usernames = {e.actor_username for e in entries if e.actor_username and _actor(e) is None}
    usernames |= {e.target_repr for e in entries if e.target_type == "accounts.user"}
    if not usernames:
        return {}
    return {user.username: str(user)
            for user in get_user_model().objects.filter(username__in=usernames)}


def _actor(entry):
    """The acting user, or None: entries outlive users (no database constraint)."""
    try:
        return entry.actor
    except ObjectDoesNotExist:
        return None


def target_text(entry, people: dict[str, str] | None = None) -> str:
    """居民 王**（#94）: the object's kind, its name as recorded (a person's masked), its id."""
    if not entry.target_type:
        return EMPTY
    name = entry.target_repr
    if entry.target_type == "accounts.user":
        if _actor(entry) is not None and str(entry.actor_id) == entry.target_id:
            name = str(entry.actor)  # an event about one's own account (login, password)
        else:
            name = (people or {}).get(name, name)
    elif (mask := _name_mask(entry.target_type)) is not None:
        name = mask(name)
    kind = model_name(entry.target_type)
    if not entry.target_id:
        return f"{kind} {name}".strip()
    return _("%(kind)s %(name)s（#%(id)s）") % {"kind": kind, "name": name,
                                               "id": entry.target_id}


def actor_text(entry, people: dict[str, str] | None = None) -> str:
    if _actor(entry) is not None:
        return str(entry.actor)
    if entry.actor_username:
        return (people or {}).get(entry.actor_username, entry.actor_username)
    return EMPTY


def change_rows(entry, related: dict | None = None) -> list[ChangeRow]:
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    before, after = changes.get("before") or {}, changes.get("after") or {}
    model = model_for(entry.target_type)
    rows = []
    for name in [*after, *(n for n in before if n not in after)]:
        rows.append(ChangeRow(
            label=field_label(model, name),
            before=value_text(model, name, before[name], related) if name in before else None,
            after=value_text(model, name, after[name], related) if name in after else None))
    return rows


def entry_views(entries) -> list[EntryView]:
    """One page of entries ready to show; a fixed number of queries whatever the page holds."""
    entries = list(entries)
    people, related = _people_by_username(entries), _related_names(entries)
    views = []
    for entry in entries:
        changes = entry.changes if isinstance(entry.changes, dict) else {}
        model = model_for(entry.target_type)
        views.append(EntryView(
            entry=entry, actor=actor_text(entry, people), target=target_text(entry, people),
            changes=change_rows(entry, related),
            fields_read=[field_label(model, name) for name in changes.get("fields") or []]))
    return views


def target_type_choices(target_types) -> list[tuple[str, str]]:
    """The filter's options: (current label, Chinese name), sorted by the Chinese name; a moved
    model's old and new labels are one option (the search finds both)."""
    labels = {current_label(value) for value in target_types if value}
    return sorted(((value, model_name(value)) for value in labels), key=lambda choice: choice[1])
