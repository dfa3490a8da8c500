"""Permission predicates of co-building; the role → permission table is accounts.roles.

Partner-unit contacts hold RESPOND_MATCH in their community, and see only the rows of the unit
their login is bound to (PartnerContact): the board's permissions are for staff only.
"""

from django.utils.translation import gettext_lazy as _
from rules import always_true, predicate

from gongzhi.casework.rules import case_is_visible
from gongzhi.cobuilding.states import (
    MATCH_ALLOWED_FROM,
    NEED_ALLOWED_FROM,
    PROJECT_ALLOWED_FROM,
    NeedStateRefused,
    ProjectStateRefused,
)
from gongzhi.core.actions import add_action, status_in, user_can_on
from gongzhi.core.errors import Conflict, DomainError, NotFound
from gongzhi.core.scoping import has_permission_somewhere, user_can

# Units and agreements live in organisations with their rules; co-building names them here too.
from gongzhi.organisations.rules import AGREEMENT_ACTIONS as AGREEMENT_ACTIONS
from gongzhi.organisations.rules import CREATE_UNIT as CREATE_UNIT
from gongzhi.organisations.rules import MANAGE_PARTNERS as MANAGE_PARTNERS
from gongzhi.organisations.rules import REMOVE_CONTACT as REMOVE_CONTACT
from gongzhi.organisations.rules import UNIT_ACTIONS as UNIT_ACTIONS
from gongzhi.organisations.rules import VIEW_BOARD as VIEW_BOARD
from gongzhi.organisations.rules import can_manage_partners as can_manage_partners
from gongzhi.organisations.rules import partner_unit_id as partner_unit_id
from gongzhi.places.rules import VIEW_COMMUNITY

CHANGE_LISTS = "cobuilding.change_lists"
PARTNER_PORTAL = "cobuilding.partner_portal"
EVALUATE_PROJECT = "cobuilding.evaluate_project"
OFFER_RESOURCE = "cobuilding.offer_resource"


def can_view_board(user) -> bool:
    return has_permission_somewhere(user, VIEW_BOARD)


def can_change(user, obj) -> bool:
    return user_can(user, CHANGE_LISTS, obj)


def can_evaluate_projects(user) -> bool:
    return has_permission_somewhere(user, EVALUATE_PROJECT)


def can_use_partner_portal(user) -> bool:
    return has_permission_somewhere(user, PARTNER_PORTAL) and partner_unit_id(user) is not None


def can_offer_resource(user) -> bool:
    """A party member (with a login linked to their roll entry) offers their own resources."""
    return has_permission_somewhere(user, OFFER_RESOURCE)


def holds(user, permission: str, obj) -> bool:
    """user_can, asked once per loaded row (core.actions.user_can_on): a page or an API answer
    that lists several actions of one row (or one rule of each milestone of a project) asks
    the database once."""
    return user_can_on(user, permission, obj)


def is_lead_contact(user, project) -> bool:
    """The contact of the unit that leads the project (the partner portal's editor)."""
    return (project.lead_unit_id is not None and partner_unit_id(user) == project.lead_unit_id
            and holds(user, PARTNER_PORTAL, project))


def can_edit_project(user, project) -> bool:
    """Community staff, or the contact of the project's lead unit."""
    return holds(user, CHANGE_LISTS, project) or is_lead_contact(user, project)


def can_respond_match(user, match) -> bool:
    """A unit's offer is answered by the unit's contact; a party member's by the staff, who
    record the member's answer."""
    if match.resource.unit_id is None:
        return user_can(user, CHANGE_LISTS, match)
    return (partner_unit_id(user) == match.resource.unit_id
            and user_can(user, PARTNER_PORTAL, match))


# ---- one rule per action -------------------------------------------------------------------
# The statuses each action may start from are cobuilding/states.py; who may act is here.

may_change = predicate(lambda user, obj: holds(user, CHANGE_LISTS, obj), name="may_change")
can_see = predicate(lambda user, obj: holds(user, VIEW_BOARD, obj), name="can_see")
can_see_community = predicate(lambda user, community: user_can(user, VIEW_COMMUNITY, community),
                              name="can_see_community")
may_edit_project = predicate(can_edit_project, name="may_edit_project")
can_see_project = predicate(lambda user, project: can_edit_project(user, project)
                            or holds(user, VIEW_BOARD, project), name="can_see_project")
may_edit_milestone_project = predicate(
    lambda user, milestone: can_edit_project(user, milestone.project),
    name="may_edit_milestone_project")
can_see_milestone_project = predicate(
    lambda user, milestone: can_see_project.test(user, milestone.project),
    name="can_see_milestone_project")
may_respond_match = predicate(can_respond_match, name="may_respond_match")
can_see_match = predicate(lambda user, match: can_respond_match(user, match)
                          or user_can(user, VIEW_BOARD, match), name="can_see_match")
may_evaluate = predicate(lambda user, project: user_can(user, EVALUATE_PROJECT, project),
                         name="may_evaluate")
is_unit_contact = predicate(
    lambda user, unit: partner_unit_id(user) == unit.pk and user_can(user, PARTNER_PORTAL, unit),
    name="is_unit_contact")
is_own_member = predicate(
    lambda user, member: (user.is_authenticated and member.person.user_id == user.pk
                          and user_can(user, OFFER_RESOURCE, member)), name="is_own_member")
may_change_case_community = predicate(
    lambda user, case: user_can(user, CHANGE_LISTS, case.community),
    name="may_change_case_community")
can_see_case = predicate(case_is_visible, name="can_see_case")
never = predicate(lambda user, obj: False, name="never")
milestone_is_open = predicate(lambda user, milestone: milestone.done_on is None,
                              name="milestone_is_open")


def _state_never_refuses(obj) -> DomainError:  # `when` is always true for these
    return DomainError()


NEED_REFUSALS = {
    "change": (_("需求已完成或已关闭，不能修改。"), "need_closed"),
    "close": (_("只能关闭待匹配或待单位回复的需求。"), "need_not_open"),
    "reopen": (_("只能重新开启已关闭的需求。"), "need_not_closed"),
    "propose_match": (_("该需求已在项目中或已关闭，不能再匹配。"), "need_closed"),
}
PROJECT_REFUSALS = {
    "create_milestone": (_("项目已完成，不能再添加节点。"), "project_finished"),
    "create_report": (_("项目已完成，不能再填报进展。"), "project_finished"),
    "publish": (_("项目成效已公开。"), "already_published"),
}


def _need_refusal(action):
    message, code = NEED_REFUSALS[action]
    return lambda need: NeedStateRefused(message, code=code)


def _project_refusal(action):
    message, code = PROJECT_REFUSALS[action]
    return lambda project: ProjectStateRefused(message, code=code)


# rule -> (who, when, visible, refused); the object is named in the comment of each group
ACTIONS = {
    # on a community
    "cobuilding.create_need": (may_change, always_true, can_see_community,
                               _state_never_refuses),
    "cobuilding.create_resource": (may_change, always_true, can_see_community,
                                   _state_never_refuses),
    "cobuilding.create_project": (may_change, always_true, can_see_community,
                                  _state_never_refuses),
    # on a resident request (casework's row): handed on as a need; converted once, which the
    # service checks, so that the request's page asks no more than the rule's role
    "cobuilding.create_need_from_case": (may_change_case_community, always_true, can_see_case,
                                         _state_never_refuses),
    # on a need
    "cobuilding.change_need": (may_change, status_in(NEED_ALLOWED_FROM, "change"), can_see,
                               _need_refusal("change")),
    "cobuilding.close_need": (may_change, status_in(NEED_ALLOWED_FROM, "close"), can_see,
                              _need_refusal("close")),
    "cobuilding.reopen_need": (may_change, status_in(NEED_ALLOWED_FROM, "reopen"), can_see,
                               _need_refusal("reopen")),
    "cobuilding.propose_match": (may_change, status_in(NEED_ALLOWED_FROM, "propose_match"),
                                 can_see, _need_refusal("propose_match")),
    # on a resource
    "cobuilding.change_resource": (may_change, always_true, can_see, _state_never_refuses),
    # on a partner unit: its contact offers a resource of the unit
    "cobuilding.offer_unit_resource": (is_unit_contact, always_true, never,
                                       _state_never_refuses),
    # on a party member: they offer a resource of their own
    "cobuilding.offer_member_resource": (is_own_member, always_true, never,
                                         _state_never_refuses),
    # on a match
    "cobuilding.respond_match": (may_respond_match,
                                 status_in(MATCH_ALLOWED_FROM, "respond"), can_see_match,
                                 lambda match: DomainError(_("该匹配已回复过。"),
                                                           code="already_answered")),
    # on a project
    "cobuilding.change_project": (may_edit_project, always_true, can_see_project,
                                  _state_never_refuses),
    "cobuilding.set_project_lead": (may_change, always_true, can_see_project,
                                    _state_never_refuses),
    "cobuilding.create_milestone": (may_edit_project,
                                    status_in(PROJECT_ALLOWED_FROM, "create_milestone"),
                                    can_see_project, _project_refusal("create_milestone")),
    "cobuilding.create_report": (may_edit_project,
                                 status_in(PROJECT_ALLOWED_FROM, "create_report"),
                                 can_see_project, _project_refusal("create_report")),
    "cobuilding.publish_project": (may_change, status_in(PROJECT_ALLOWED_FROM, "publish"),
                                   can_see_project, _project_refusal("publish")),
    # residents see a project once its result is published: before, it answers "not found"
    "cobuilding.evaluate_project": (may_evaluate, status_in(PROJECT_ALLOWED_FROM, "evaluate"),
                                    never, lambda project: NotFound()),
    # on a milestone
    "cobuilding.complete_milestone": (may_edit_milestone_project, milestone_is_open,
                                      can_see_milestone_project,
                                      lambda milestone: Conflict(_("该节点已完成。"),
                                                                 code="milestone_done")),
}

# The actions each detail (page and API) lists, in the order the page shows them.
NEED_ACTIONS = ("cobuilding.change_need", "cobuilding.propose_match", "cobuilding.close_need",
                "cobuilding.reopen_need")
RESOURCE_ACTIONS = ("cobuilding.change_resource",)
PROJECT_ACTIONS = ("cobuilding.create_report", "cobuilding.create_milestone",
                   "cobuilding.set_project_lead", "cobuilding.publish_project")


def _register_actions() -> None:
    for name, (who, when, visible, refused) in ACTIONS.items():
        add_action(name, who=who, when=when, visible=visible, refused=refused)


_register_actions()
