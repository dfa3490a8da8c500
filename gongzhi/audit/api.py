import datetime

from ninja import Router, Schema
from ninja.pagination import paginate

from gongzhi.audit import selectors
from gongzhi.core.api_types import Pagination
from gongzhi.core.errors import PermissionDenied
from gongzhi.core.scoping import has_permission_somewhere

router = Router(tags=["audit"])


class AuditEntryOut(Schema):
    id: int
    created_at: datetime.datetime
    actor_username: str
    action: str
    outcome: str
    target_type: str
    target_id: str
    target_repr: str
    community_id: int | None
    changes: dict
    reason: str


@router.get("/entries", response=list[AuditEntryOut], summary="审计记录查询")
@paginate(Pagination)
def entry_list(request, person: str = "", target_type: str = "", target_id: str = "",
               action: str = "", date_from: datetime.date | None = None,
               date_to: datetime.date | None = None):
    if not has_permission_somewhere(request.auth, selectors.VIEW_PERMISSION):
        raise PermissionDenied()
    return selectors.audit_entries_for(request.auth, person=person, target_type=target_type,
                                       target_id=target_id, action=action,
                                       date_from=date_from, date_to=date_to)
