"""Permission predicates of the people app, and one named rule per action; the role →
permission table is accounts.roles, the statuses each action may start from people/states.py."""

from django.utils.translation import gettext_lazy as _
from rules import always_true, predicate

from gongzhi.core.actions import add_action, remembered, status_in
from gongzhi.core.errors import DomainError, ValidationFailed
from gongzhi.core.scoping import has_permission_somewhere, user_can
from gongzhi.people.choices import ImportStatus
from gongzhi.people.models import Person
from gongzhi.people.states import ALLOWED_FROM

VIEW_PERSON = "people.view_person"
CHANGE_PERSON = "people.change_person"
VIEW_STATISTICS = "people.view_statistics"
REVEAL_SENSITIVE = "people.reveal_sensitive"
IMPORT_PERSON = "people.import_person"
EXPORT_PERSON = "people.export_person"


def can_change_person(user, person) -> bool:
    return user_can(user, CHANGE_PERSON, person)


def can_reveal(user, person) -> bool:
    return user_can(user, REVEAL_SENSITIVE, person)


def can_view_statistics(user) -> bool:
    return has_permission_somewhere(user, VIEW_STATISTICS)


def can_view_people(user) -> bool:
    return has_permission_somewhere(user, VIEW_PERSON)


def is_own_record(user, person) -> bool:
    return user is not None and user.is_authenticated and person.user_id == user.pk


# ---- one rule per action -------------------------------------------------------------------
# Persons have no status: their rules are the role permission in the person's scope, and for
# editing, revealing and asking for a correction, being the person (PIPL art. 45, 46). A
# correction request and an import run have one (people/states.py).

def _asked_once(user, permission: str, obj, key: tuple, fetch) -> bool:
    """user_can(user, permission, fetch()) for the row `obj`, asked once per user and scope
    key (core.actions.remembered): a page that asks several rules about one resident, or one
    rule about each of their correction requests, costs one query per permission, not one
    per rule and row; `fetch` loads the person only when the answer is not known yet."""
    if user is None:
        return False
    return remembered(obj, user, permission, lambda: user_can(user, permission, fetch()),
                      scope_key=key)


def _scope_key(obj) -> tuple:
    """What decides a row's scope: the row itself, and for a person their flat (the grid)."""
    if isinstance(obj, Person):
        return ("person", obj.pk, obj.flat_id)
    return (obj._meta.label, obj.pk)


def _holds(permission: str):
    return predicate(lambda user, obj: _asked_once(user, permission, obj, _scope_key(obj),
                                                   lambda: obj), name=f"holds_{permission}")


def _is_own_or(permission: str):
    holds = _holds(permission)
    return predicate(lambda user, person: is_own_record(user, person) or holds(user, person),
                     name=f"own_or_{permission}")


def _holds_on_person(permission: str):
    """On a correction request: the permission on its person (same scope: the person's grid),
    asked once for all the requests of one person."""
    return predicate(lambda user, correction: _asked_once(
        user, permission, correction, ("correction-of", correction.person_id),
        lambda: correction.person), name=f"holds_{permission}_on_person")


def _never(obj) -> DomainError:  # the rule has no state: `when` is always true
    return DomainError()


def _correction_handled(correction) -> ValidationFailed:
    return ValidationFailed(_("该申请已处理。"))


def _import_refused(run) -> ValidationFailed:
    if run.status == ImportStatus.INVALID:
        return ValidationFailed(_("文件有错误：请改正后重新上传，或选择“仅导入无误的行”。"))
    return ValidationFailed(_("该批次的状态是“%(status)s”，不能导入。")
                            % {"status": run.get_status_display()})


def _clean_rows_refused(run) -> ValidationFailed:
    if run.status == ImportStatus.INVALID:
        return ValidationFailed(_("没有可以导入的行。"))
    return _import_refused(run)


may_see_person = predicate(lambda user, person: is_own_record(user, person)
                           or user_can(user, VIEW_PERSON, person), name="may_see_person")
has_clean_rows = predicate(lambda user, run: run.valid_rows > 0, name="has_clean_rows")
lives_somewhere = predicate(lambda user, person: person.flat_id is not None,
                            name="lives_somewhere")

CREATE_PERSON = "people.create_person"          # on a community (or a flat: moving in)
EDIT_PERSON = "people.edit_person"
REVEAL_PERSON = "people.reveal_person"
MOVE_IN_PERSON = "people.move_in_person"
MOVE_OUT_PERSON = "people.move_out_person"
ADD_OWNERSHIP = "people.add_ownership"          # on a flat
CREATE_CORRECTION = "people.create_correction"
RESOLVE_CORRECTION = "people.resolve_correction"  # on a correction request
UPLOAD_IMPORT = "people.upload_import"          # on a community
IMPORT_ALL_ROWS = "people.import_all_rows"      # on an import run
IMPORT_CLEAN_ROWS = "people.import_clean_rows"  # on an import run
EXPORT_PEOPLE = "people.export_people"          # on a community

# The actions the API lists for each kind of row, in the order its page shows them.
PERSON_ACTIONS = (EDIT_PERSON, REVEAL_PERSON, MOVE_OUT_PERSON, MOVE_IN_PERSON,
                  CREATE_CORRECTION)
CORRECTION_ACTIONS = (RESOLVE_CORRECTION,)
IMPORT_ACTIONS = (IMPORT_ALL_ROWS, IMPORT_CLEAN_ROWS)

_see_community = _holds("places.view_community")
add_action(CREATE_PERSON, who=_holds(CHANGE_PERSON), when=always_true, visible=_holds(VIEW_PERSON),
           refused=_never)
add_action(EDIT_PERSON, who=_is_own_or(CHANGE_PERSON), when=always_true, visible=may_see_person,
           refused=_never)
add_action(REVEAL_PERSON, who=_is_own_or(REVEAL_SENSITIVE), when=always_true,
           visible=may_see_person, refused=_never)
add_action(MOVE_IN_PERSON, who=_holds(CHANGE_PERSON), when=always_true,
           visible=_holds(VIEW_PERSON), refused=_never)
add_action(MOVE_OUT_PERSON, who=_holds(CHANGE_PERSON), when=lives_somewhere,
           visible=_holds(VIEW_PERSON),
           refused=lambda person: ValidationFailed(
               detail={"moved_out_on": [str(_("该居民没有现住址。"))]}))
add_action(ADD_OWNERSHIP, who=_holds(CHANGE_PERSON), when=always_true,
           visible=_holds("places.view_place"), refused=_never)
add_action(CREATE_CORRECTION, who=_is_own_or(CHANGE_PERSON), when=always_true,
           visible=may_see_person, refused=_never)
add_action(RESOLVE_CORRECTION, who=_holds_on_person(CHANGE_PERSON),
           when=status_in(ALLOWED_FROM, "resolve_correction"),
           visible=_holds_on_person(CHANGE_PERSON), refused=_correction_handled)
add_action(UPLOAD_IMPORT, who=_holds(IMPORT_PERSON), when=always_true, visible=_see_community,
           refused=_never)
add_action(IMPORT_ALL_ROWS, who=_holds(IMPORT_PERSON),
           when=status_in(ALLOWED_FROM, "import_all_rows"), visible=_holds(IMPORT_PERSON),
           refused=_import_refused)
add_action(IMPORT_CLEAN_ROWS, who=_holds(IMPORT_PERSON),
           when=status_in(ALLOWED_FROM, "import_clean_rows") & has_clean_rows,
           visible=_holds(IMPORT_PERSON), refused=_clean_rows_refused)
add_action(EXPORT_PEOPLE, who=_holds(EXPORT_PERSON), when=always_true, visible=_see_community,
           refused=_never)
