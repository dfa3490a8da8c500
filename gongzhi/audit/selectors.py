"""Reading the audit trail: street and district admins search their own area."""

import datetime

from django.db.models import Q

from gongzhi.audit.aliases import stored_labels
from gongzhi.audit.models import AuditEntry

VIEW_PERMISSION = "audit.view_auditentry"


def audit_entries_for(actor, *, person: str = "", target_type: str = "", target_id: str = "",
                      action: str = "", date_from: datetime.date | None = None,
                      date_to: datetime.date | None = None):
    entries = AuditEntry.objects.for_user(actor, VIEW_PERMISSION)
    if person:
        entries = entries.filter(Q(actor_username__icontains=person) |
                                 Q(actor__display_name__icontains=person) |
                                 Q(target_repr__icontains=person))
    if target_type:
        # entries written before a model moved carry its old label
        entries = entries.filter(target_type__in=stored_labels(target_type))
    if target_id:
        entries = entries.filter(target_id=target_id)
    if action:
        entries = entries.filter(action=action)
    if date_from:
        entries = entries.filter(created_at__date__gte=date_from)
    if date_to:
        entries = entries.filter(created_at__date__lte=date_to)
    return entries.select_related("actor").order_by("-created_at", "-id")


def audit_target_types(actor) -> list[str]:
    return list(AuditEntry.objects.for_user(actor, VIEW_PERMISSION)
                .order_by("target_type").values_list("target_type", flat=True).distinct())
