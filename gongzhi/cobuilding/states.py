"""The state machines of co-building, as data: which statuses each action may start from.

Read only by the rules (cobuilding/rules.py), which combine them with who may act; services,
templates and the API ask the rules (`require`, `{% has_perm %}`, `open_actions`), never these
tables or a status string."""

from django.utils.translation import gettext_lazy as _

from gongzhi.cobuilding.choices import MatchStatus, NeedStatus, ProjectStatus
from gongzhi.core.errors import DomainError


class NeedStateRefused(DomainError):
    """The need is not in a status from which this action may be taken."""

    status = 409
    code = "need_closed"
    default_message = _("该需求当前状态下不能进行此操作。")


class ProjectStateRefused(DomainError):
    """The project is finished: nothing more may be added to it."""

    status = 409
    code = "project_finished"
    default_message = _("项目已完成，不能再进行此操作。")


# need action -> the need statuses it may start from
NEED_ALLOWED_FROM = {
    # a finished or closed need is a record: it is reopened first, then edited
    "change": {NeedStatus.OPEN, NeedStatus.MATCHING, NeedStatus.IN_PROJECT},
    # a need already in a project finishes with the project instead
    "close": {NeedStatus.OPEN, NeedStatus.MATCHING},
    "reopen": {NeedStatus.CLOSED},
    # a closed need is reopened (with a reason) before units are asked again
    "propose_match": {NeedStatus.OPEN, NeedStatus.MATCHING},
}

# project action -> the project statuses it may start from
PROJECT_ALLOWED_FROM = {
    "create_milestone": {ProjectStatus.RUNNING},
    "create_report": {ProjectStatus.RUNNING},
    "publish": {ProjectStatus.RUNNING},
    # residents rate a project once its result is published
    "evaluate": {ProjectStatus.FINISHED},
}

# match action -> the match statuses it may start from
MATCH_ALLOWED_FROM = {
    "respond": {MatchStatus.PROPOSED},
}
