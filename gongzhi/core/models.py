"""Abstract bases shared by the domain apps; core has no tables of its own."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongzhi.core.scoping import ScopedQuerySet


class TimestampedModel(models.Model):
    """A row that knows when it was created and last changed."""

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class ScopedModel(TimestampedModel):
    """A row that belongs to a place in the District → Street → Community → Grid tree.

    Subclasses set `scope_paths` (see gongzhi.core.scoping) and implement `scope_ids()`, which
    the audit trail stores with every entry so that admins can search their own area.
    """

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    def scope_ids(self) -> dict:
        raise NotImplementedError
