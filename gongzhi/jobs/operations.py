"""The operations page (/jobs/) shows the job queue and the parts other apps add to it.

The jobs app sits low in the layers (docs/architecture.md) and cannot import the apps above it,
so a higher app contributes a section through settings.OPERATIONS_SECTIONS (dotted paths to
`OperationsSection`s), as apps contribute health checks through settings.HEALTH_CHECKS.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class OperationsSection:
    """A part of the operations page: who may see it, its template and the context it needs."""

    name: str
    template: str
    is_visible: Callable[[object], bool]
    context: Callable[[object], dict]


def operations_sections() -> list[OperationsSection]:
    return [import_string(path) for path in settings.OPERATIONS_SECTIONS]


def visible_sections(user) -> list[OperationsSection]:
    return [section for section in operations_sections() if section.is_visible(user)]
