"""Abstract bases shared by the domain apps; core has no tables of its own."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongzhi.core.scoping import ScopedQuerySet
from gongzhi.core.text import natural_sort_key


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


# Buildings, units and flats are listed in natural order (仁安巷2号 before 仁安巷11号) on every
# page, select, export and API list. The order is a stored column rather than a sort in Python
# or a database function: ORDER BY on a plain column keeps every list one query (and pageable)
# and behaves alike on SQLite and PostgreSQL, which share no natural-sort function.


class NaturalSortKeyField(models.CharField):
    """core.text.natural_sort_key of another field of the row, computed when the row is saved
    (pre_save runs for save() and bulk_create alike); not edited by hand."""

    def __init__(self, *args, source: str = "name", **kwargs):
        self.source = source
        kwargs.setdefault("max_length", 255)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = natural_sort_key(str(getattr(model_instance, self.source) or ""))[
            :self.max_length]
        setattr(model_instance, self.attname, value)
        return value


class NaturallySortedModel(models.Model):
    """A row with a NaturalSortKeyField: a save(update_fields=[source]) updates the key too."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            fields = set(update_fields)
            fields.update(field.name for field in self._meta.concrete_fields
                          if isinstance(field, NaturalSortKeyField) and field.source in fields)
            kwargs["update_fields"] = fields
        super().save(*args, **kwargs)
