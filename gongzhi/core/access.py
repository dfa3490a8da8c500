"""Fetch one row by id through the scoped query set; missing and forbidden answer alike."""

from gongzhi.core.errors import NotFound


def get_scoped(queryset, *, pk, message=None):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise NotFound(message) from None
