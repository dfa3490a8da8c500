"""core.actions: one named rule per action, and the one "403 if visible, else 404" guard;
core.forms.submit_form: the form-view sequence."""

from dataclasses import dataclass

import pytest
import rules
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import RequestFactory

from gongzhi.core import actions
from gongzhi.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gongzhi.core.forms import submit_form


@dataclass
class Door:
    """A stand-in row: who holds its key, who may see it, and whether it is open."""

    keyholder: str
    onlookers: tuple[str, ...]
    is_open: bool


@dataclass
class Person:
    name: str
    is_active: bool = True


@pytest.fixture
def door_actions():
    """Two actions on a door, registered for the test and removed after it."""
    holds_key = rules.predicate(lambda user, door: user.name == door.keyholder)
    sees = rules.predicate(lambda user, door: user.name in door.onlookers
                           or user.name == door.keyholder)
    actions.add_action("core_test.close_door", who=holds_key,
                       when=rules.predicate(lambda user, door: door.is_open), visible=sees,
                       refused=lambda door: Conflict(code="already_closed"))
    actions.add_action("core_test.open_door", who=holds_key,
                       when=rules.predicate(lambda user, door: not door.is_open), visible=sees,
                       refused=lambda door: Conflict(code="already_open"))
    yield ["core_test.open_door", "core_test.close_door"]
    for name in ("core_test.close_door", "core_test.open_door"):
        rules.remove_perm(name)
        del actions._ACTIONS[name]


def test_require_answers_not_found_forbidden_or_the_states_error(door_actions):
    # given an open door held by the caretaker, watched by a neighbour
    door = Door(keyholder="caretaker", onlookers=("neighbour",), is_open=True)
    # when a stranger tries, then the door does not exist for them
    with pytest.raises(NotFound):
        actions.require(Person("stranger"), "core_test.close_door", door)
    # when the neighbour tries, then they are forbidden: they can see it
    with pytest.raises(PermissionDenied):
        actions.require(Person("neighbour"), "core_test.close_door", door)
    # when the caretaker opens an open door, then the action's own state error
    with pytest.raises(Conflict) as refused:
        actions.require(Person("caretaker"), "core_test.open_door", door)
    assert refused.value.code == "already_open"
    # and closing it is allowed
    assert actions.require(Person("caretaker"), "core_test.close_door", door) is None


def test_open_actions_lists_what_the_user_may_do_now_in_the_order_asked(door_actions):
    # given a closed door
    door = Door(keyholder="caretaker", onlookers=("neighbour",), is_open=False)
    # then the caretaker may open it, the neighbour nothing; the rule is django-rules' too
    assert actions.open_actions(Person("caretaker"), door, door_actions) == [
        "core_test.open_door"]
    assert actions.open_actions(Person("neighbour"), door, door_actions) == []
    assert rules.has_perm("core_test.open_door", Person("caretaker"), door)
    # when it is opened, then closing is what is open
    door.is_open = True
    assert actions.open_actions(Person("caretaker"), door, reversed(door_actions)) == [
        "core_test.close_door"]


def test_an_action_is_registered_once(door_actions):
    # when a second app registers the same name, then it is refused
    with pytest.raises(ValueError, match="already registered"):
        actions.add_action("core_test.open_door", who=rules.always_allow,
                           when=rules.always_allow, visible=rules.always_allow,
                           refused=lambda door: Conflict())


def test_refuse_is_forbidden_when_visible_else_not_found():
    with pytest.raises(PermissionDenied):
        actions.refuse(visible=True)
    with pytest.raises(NotFound):
        actions.refuse(visible=False)


# ---- submit_form -----------------------------------------------------------------------------

class NameForm(forms.Form):
    name = forms.CharField(max_length=10)


def post(data):
    request = RequestFactory().post("/somewhere/", data)
    request._messages = CookieStorage(request)
    return request


def flashed(request) -> list[str]:
    return [str(message) for message in get_messages(request)]


def test_submit_form_calls_the_service_says_so_and_redirects():
    # given a valid form
    request = post({"name": "甲"})
    saved = []
    # when it is submitted
    response = submit_form(request, NameForm(data=request.POST),
                           lambda data: saved.append(data["name"]) or 7,
                           success_message=lambda number: f"已登记 #{number}",
                           success_url=lambda number: f"/rows/{number}/")
    # then the service ran once, the reader is told and sent to the new row
    assert saved == ["甲"]
    assert (response.status_code, response["Location"]) == (302, "/rows/7/")
    assert flashed(request) == ["已登记 #7"]


def test_submit_form_puts_a_refusal_on_the_form_for_the_page_to_show_again():
    # given a service that refuses, naming a field
    request = post({"name": "甲"})
    form = NameForm(data=request.POST)

    def refuse(data):
        raise ValidationFailed(detail={"name": ["重名了。"]})

    # when submitted from the form's own page, then nothing is returned and the field says why
    assert submit_form(request, form, refuse, success_message="", success_url="/") is None
    assert form.errors == {"name": ["重名了。"]}
    assert flashed(request) == []


def test_submit_form_from_a_button_flashes_the_refusal_and_goes_back():
    # given a button on another page: an invalid form, then a refused one
    invalid = post({"name": ""})
    refused = post({"name": "甲"})
    service_calls = []

    def refuse(data):
        service_calls.append(data)
        raise PermissionDenied()

    # when each is submitted with a page to go back to
    first = submit_form(invalid, NameForm(data=invalid.POST), refuse, success_message="",
                        success_url="/done/", failure_url="/back/")
    second = submit_form(refused, NameForm(data=refused.POST), refuse, success_message="",
                         success_url="/done/", failure_url="/back/")
    # then both go back with the reason flashed, and the invalid one never reached the service
    assert first["Location"] == second["Location"] == "/back/"
    assert flashed(invalid) == [str(forms.Field.default_error_messages["required"])]
    assert flashed(refused) == [str(PermissionDenied.default_message)]
    assert len(service_calls) == 1


def test_submit_form_leaves_an_unbound_form_to_the_page():
    # given a GET: an unbound form; then nothing is validated or called
    request = RequestFactory().get("/somewhere/")
    assert submit_form(request, NameForm(), lambda data: pytest.fail("called"),
                       success_message="", success_url="/") is None
