"""One rule per action on a resident, a correction request and an import run: every action
against every role (and, where the row has one, every status), and the pages' buttons agreeing
with the actions the API lists."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from gongzhi.accounts.services import api_token_create
from gongzhi.core.actions import open_actions
from gongzhi.people import rules
from gongzhi.people.choices import CorrectionStatus, ImportStatus
from gongzhi.people.models import CorrectionRequest, ImportRun

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident_a", "staff_a", "secretary_a", "grid_a1", "staff_b",
         "street_admin", "district_admin", "other_district_admin", "superuser"]
EDITORS = {"staff_a", "secretary_a", "grid_a1", "superuser"}  # 甲居民 lives in grid a1
COMMUNITY_OFFICE = {"staff_a", "secretary_a", "superuser"}

# rule -> (the world's row it is asked on, the roles it is open to), written out here rather
# than read from accounts.roles, so that a change of the role table shows up as a failing test.
# person_a (甲居民) lives in flat a1; person_resident_a is resident_a's own record.
EXPECTED = {
    "people.create_person": ("community_a", EDITORS),  # a grid's worker, in their community
    "people.edit_person": ("person_a", EDITORS),
    "people.reveal_person": ("person_a", COMMUNITY_OFFICE),
    "people.move_in_person": ("person_a", EDITORS),
    "people.move_out_person": ("person_a", EDITORS),
    "people.add_ownership": ("flat_a1", EDITORS),
    "people.create_correction": ("person_a", EDITORS),
    "people.upload_import": ("community_a", COMMUNITY_OFFICE),
    "people.export_people": ("community_a", {"secretary_a", "superuser"}),
}
OWN_RECORD = {"people.edit_person", "people.reveal_person", "people.create_correction"}


def user_of(world, role):
    return world.users[role] or AnonymousUser()


def asked(user, rule, row) -> bool:
    """The template's question, checked against the API's list."""
    allowed = user.has_perm(rule, row)
    assert allowed == (rule in open_actions(user, row, [rule]))
    return allowed


@pytest.mark.parametrize("rule", list(EXPECTED))
def test_each_rule_by_role(world, rule):
    # given the row the rule is about
    row_name, roles = EXPECTED[rule]
    row = getattr(world, row_name)
    row.refresh_from_db()  # as the database has it (person_a has moved in)
    # then only the expected roles may take the action
    assert {role for role in ROLES if asked(user_of(world, role), rule, row)} == roles


@pytest.mark.parametrize("rule", sorted(OWN_RECORD))
def test_a_resident_acts_on_their_own_record_only(world, rule):
    # given resident_a and their own record
    resident = world.users["resident_a"]
    # then they may edit, reveal and ask to correct it, and not 甲居民's
    assert asked(resident, rule, world.person_resident_a)
    assert not asked(resident, rule, world.person_a)


def test_moving_out_needs_a_current_home(world):
    # given 甲居民 without a flat
    person = world.person_a
    person.flat = None
    # then staff may not move them out
    assert not asked(world.users["staff_a"], "people.move_out_person", person)


@pytest.mark.parametrize("status", CorrectionStatus.values)
def test_a_correction_is_resolved_once_by_the_communitys_editors(world, status):
    # given 甲居民's correction request in `status`
    CorrectionRequest.objects.filter(pk=world.correction_a.pk).update(status=status)
    correction = CorrectionRequest.objects.select_related("person").get(
        pk=world.correction_a.pk)
    # then the editors may resolve it while it is open, nobody afterwards
    allowed = {role for role in ROLES
               if asked(user_of(world, role), "people.resolve_correction", correction)}
    assert allowed == (EDITORS if status == CorrectionStatus.OPEN else set())


# status -> (import all rows, import the clean rows); the run has 2 valid rows of 3
IMPORT_EXPECTED = {
    ImportStatus.CHECKING: (False, False),
    ImportStatus.INVALID: (False, True),
    ImportStatus.READY: (True, True),
    ImportStatus.IMPORTING: (False, False),
    ImportStatus.DONE: (False, False),
    ImportStatus.FAILED: (False, False),
}


@pytest.mark.parametrize("status", list(IMPORT_EXPECTED))
def test_an_import_is_confirmed_from_its_checked_states(world, status):
    # given community A's import run in `status`
    ImportRun.objects.filter(pk=world.import_run_a.pk).update(status=status)
    run = ImportRun.objects.get(pk=world.import_run_a.pk)
    everything, clean = IMPORT_EXPECTED[status]
    for role in ROLES:
        user = user_of(world, role)
        # then only the community's importers may confirm, and only from a checked state
        may_import = role in COMMUNITY_OFFICE
        assert asked(user, "people.import_all_rows", run) == (everything and may_import), role
        assert asked(user, "people.import_clean_rows", run) == (clean and may_import), role


def test_a_file_without_clean_rows_cannot_import_them(world):
    # given a run with errors in every row
    ImportRun.objects.filter(pk=world.import_run_a.pk).update(valid_rows=0)
    run = ImportRun.objects.get(pk=world.import_run_a.pk)
    # then nothing may be imported from it
    assert not asked(world.users["staff_a"], "people.import_clean_rows", run)


def api_get(client, user, path) -> dict:
    headers = {"Authorization": f"Bearer {api_token_create(user=user).token}"}
    response = client.get(path, headers=headers)
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize("role", ["staff_a", "grid_a1", "secretary_a"])
def test_the_person_page_shows_the_buttons_the_api_lists(client, world, role):
    # given a user who may see 甲居民
    user = world.users[role]
    client.force_login(user)
    person = world.person_a
    # when they open the page and ask the API
    html = client.get(reverse("people:person_detail", args=[person.pk])).content.decode()
    listed = set(api_get(client, user, f"/api/v1/people/persons/{person.pk}")["actions"])
    # then the page shows the edit, reveal, move-out and resolve forms exactly as listed
    shown = {"people.edit_person": reverse("people:person_edit", args=[person.pk]),
             "people.reveal_person": reverse("people:person_reveal", args=[person.pk]),
             "people.move_out_person": reverse("people:person_move_out", args=[person.pk])}
    assert {rule for rule, url in shown.items() if url in html} == listed & set(shown)
    resolve_url = reverse("people:correction_resolve", args=[world.correction_a.pk])
    assert (resolve_url in html) == (role in EDITORS)


@pytest.mark.parametrize(("status", "expected"), [
    (ImportStatus.READY, ["people.import_all_rows", "people.import_clean_rows"]),
    (ImportStatus.INVALID, ["people.import_clean_rows"]),
    (ImportStatus.DONE, []),
])
def test_the_import_page_shows_the_buttons_the_api_lists(client, world, status, expected):
    # given community A's import run in `status`
    ImportRun.objects.filter(pk=world.import_run_a.pk).update(status=status)
    staff = world.users["staff_a"]
    client.force_login(staff)
    # when staff open it and ask the API
    html = client.get(reverse("people:import_detail", args=[world.import_run_a.pk])).content
    listed = api_get(client, staff, f"/api/v1/people/imports/{world.import_run_a.pk}")
    # then the API lists the actions and the page shows one confirm button for them
    assert listed["actions"] == expected
    html = html.decode()
    assert ('data-testid="confirm-import"' in html) == ("people.import_all_rows" in expected)
    assert ('name="only_clean_rows"' in html) == (expected == ["people.import_clean_rows"])


def test_the_api_lists_only_rules_tested_here():
    tested = {*EXPECTED, "people.resolve_correction", "people.import_all_rows",
              "people.import_clean_rows"}
    assert {*rules.PERSON_ACTIONS, *rules.CORRECTION_ACTIONS, *rules.IMPORT_ACTIONS} <= tested


def test_the_page_refuses_importing_every_row_of_a_file_with_errors(client, world):
    # given community A's run with errors (2 of 3 rows clean) and its staff on the run's page
    staff = world.users["staff_a"]
    client.force_login(staff)
    url = reverse("people:import_confirm", args=[world.import_run_a.pk])
    # when they post the confirm without choosing the clean rows only
    response = client.post(url, follow=True)
    # then the rule's refusal is shown on the run's page and the run is unchanged
    assert "文件有错误" in response.content.decode()
    run = ImportRun.objects.get(pk=world.import_run_a.pk)
    assert (run.status, run.only_clean_rows) == (ImportStatus.INVALID, False)
