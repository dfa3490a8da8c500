"""Permission predicates of the people app; the role → permission table is accounts.roles."""

from gongzhi.core.scoping import has_permission_somewhere, user_can

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
