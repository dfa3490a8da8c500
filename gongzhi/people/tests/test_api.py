"""The people API's twins of the pages' household, ownership and correction actions: the same
access functions and services, so the same refusals, checks and audit trail."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongzhi.accounts.services import api_token_create
from gongzhi.audit.choices import Action
from gongzhi.audit.models import AuditEntry
from gongzhi.people import services
from gongzhi.people.models import (
    CorrectionRequest,
    Household,
    ImportRun,
    Ownership,
    Person,
    Residence,
)
from gongzhi.people.responses import XLSX
from gongzhi.people.tests.test_importing import clean_file

TODAY = timezone.localdate


def headers_of(world, username: str) -> dict:
    return {"Authorization": f"Bearer {api_token_create(user=world.users[username]).token}"}


def registry_state() -> tuple:
    """Everything the operations below could change, to show that a refusal changed nothing."""
    return (list(Residence.objects.values_list("pk", "moved_out_on").order_by("pk")),
            list(Household.objects.values_list("pk", "head_id").order_by("pk")),
            list(Person.objects.values_list("pk", "flat_id").order_by("pk")),
            list(Ownership.objects.values_list("pk", "share_percent").order_by("pk")),
            list(CorrectionRequest.objects.values_list("pk", "status").order_by("pk")),
            AuditEntry.objects.count())


def newcomer(world) -> Person:
    """A registered resident of community A with no home yet."""
    return services.person_create(actor=world.users["superuser"], community=world.community_a,
                                  name="甲新居民", sex="female",
                                  birth_date=datetime.date(1990, 5, 1))


# ---- moving in: the flat's households ("登记居民" from a flat's page) -------------------------

def test_staff_move_a_resident_into_a_flat(client, world):
    # given a resident without a home and the community's staff
    person = newcomer(world)
    headers = headers_of(world, "staff_a")

    # when staff register them as the spouse in flat A1
    response = client.post(f"/api/v1/people/flats/{world.flat_a1.pk}/residences",
                           {"person_id": person.pk, "relation": "spouse",
                            "moved_in_on": "2024-03-01"},
                           content_type="application/json", headers=headers)

    # then they join the flat's household, live there, and the move is audited
    assert response.status_code == 201
    residence = Residence.objects.get(person=person)
    household = Household.objects.get(flat=world.flat_a1)
    assert response.json() == {"id": residence.pk, "household_id": household.pk,
                               "flat_id": world.flat_a1.pk, "person_id": person.pk,
                               "relation": "spouse", "moved_in_on": "2024-03-01",
                               "moved_out_on": None}
    assert Person.objects.get(pk=person.pk).flat_id == world.flat_a1.pk
    assert AuditEntry.objects.filter(action="create", target_type="people.residence",
                                     target_id=str(residence.pk),
                                     actor_username="staff_a").exists()


@pytest.mark.parametrize(("username", "status"), [
    ("staff_b", 404),            # staff of another community
    ("resident_a", 404),         # residents do not see the community's flats
    ("street_admin", 403),       # sees the flat, may not change its households
    ("district_admin", 403),
])
def test_moving_in_is_refused_to_all_but_the_communitys_editors(client, world, username,
                                                                status):
    person = newcomer(world)
    headers = headers_of(world, username)
    before = registry_state()

    response = client.post(f"/api/v1/people/flats/{world.flat_a1.pk}/residences",
                           {"person_id": person.pk, "relation": "spouse"},
                           content_type="application/json", headers=headers)

    assert response.status_code == status
    assert registry_state() == before


@pytest.mark.parametrize(("language", "message"), [
    ("zh-hans", "该居民已有现住址，请先办理迁出。"),
    ("en", "This resident already has a current address; register the move-out first."),
])
def test_moving_in_someone_who_lives_elsewhere_is_422_and_changes_nothing(client, world,
                                                                          language, message):
    # given 甲居民, who lives in flat A1
    headers = headers_of(world, "staff_a")
    before = registry_state()
    client.cookies["django_language"] = language

    # when staff move them into flat A2 as well
    response = client.post(f"/api/v1/people/flats/{world.flat_a2.pk}/residences",
                           {"person_id": world.person_a.pk, "relation": "other"},
                           content_type="application/json", headers=headers)

    # then the move-out must come first, and nothing changed
    assert response.status_code == 422
    assert response.json()["detail"] == {"flat": [message]}
    assert registry_state() == before


# ---- moving out ----------------------------------------------------------------------------

def test_staff_register_a_move_out(client, world):
    # given 甲居民, head of flat A1
    headers = headers_of(world, "staff_a")

    # when staff register that they moved out today
    response = client.post(f"/api/v1/people/persons/{world.person_a.pk}/move-out",
                           {"moved_out_on": TODAY().isoformat()},
                           content_type="application/json", headers=headers)

    # then the residence is kept with its end, they have no home, and the change is audited
    assert response.status_code == 200
    residence = Residence.objects.get(person=world.person_a)
    assert response.json()["id"] == residence.pk
    assert response.json()["moved_out_on"] == TODAY().isoformat()
    assert residence.moved_out_on == TODAY()
    assert Person.objects.get(pk=world.person_a.pk).flat_id is None
    assert AuditEntry.objects.filter(action="update", target_type="people.residence",
                                     target_id=str(residence.pk)).exists()


@pytest.mark.parametrize("username", [
    "staff_b",         # another community
    "street_admin",    # overseers do not see the registry of people at all
    "resident_a",
])
def test_moving_out_is_refused_as_not_found_outside_the_registry(client, world, username):
    headers = headers_of(world, username)
    before = registry_state()

    response = client.post(f"/api/v1/people/persons/{world.person_a.pk}/move-out",
                           {"moved_out_on": TODAY().isoformat()},
                           content_type="application/json", headers=headers)

    assert response.status_code == 404
    assert registry_state() == before


@pytest.mark.parametrize(("language", "message"), [
    ("zh-hans", "该居民没有现住址。"), ("en", "This resident has no current address."),
])
def test_moving_out_someone_without_a_home_is_422(client, world, language, message):
    person = newcomer(world)
    headers = headers_of(world, "staff_a")
    before = registry_state()
    client.cookies["django_language"] = language

    response = client.post(f"/api/v1/people/persons/{person.pk}/move-out",
                           {"moved_out_on": TODAY().isoformat()},
                           content_type="application/json", headers=headers)

    assert response.status_code == 422
    assert response.json()["detail"] == {"moved_out_on": [message]}
    assert registry_state() == before


# ---- owners of a flat -----------------------------------------------------------------------

def test_staff_register_an_owner_by_id_number_as_on_the_page(client, world):
    # given 甲居民's ID number
    headers = headers_of(world, "staff_a")
    id_number = services.person_id_number(world.person_a)

    # when staff register them as owner of half of flat A1
    response = client.post(f"/api/v1/people/flats/{world.flat_a1.pk}/ownerships",
                           {"id_number": id_number, "share_percent": "50",
                            "since": "2010-07-01"},
                           content_type="application/json", headers=headers)

    # then the ownership exists and is audited
    assert response.status_code == 201
    ownership = Ownership.objects.get(flat=world.flat_a1)
    assert response.json() == {"id": ownership.pk, "flat_id": world.flat_a1.pk,
                               "person_id": world.person_a.pk, "share_percent": "50.00",
                               "since": "2010-07-01", "ended_on": None}
    assert ownership.share_percent == Decimal("50")
    assert AuditEntry.objects.filter(action="create", target_type="people.ownership",
                                     target_id=str(ownership.pk),
                                     actor_username="staff_a").exists()


def test_staff_register_an_owner_by_the_id_of_their_record(client, world):
    headers = headers_of(world, "staff_a")

    response = client.post(f"/api/v1/people/flats/{world.flat_a2.pk}/ownerships",
                           {"person_id": world.person_resident_a.pk, "share_percent": "100"},
                           content_type="application/json", headers=headers)

    assert response.status_code == 201
    assert Ownership.objects.get(flat=world.flat_a2).person_id == world.person_resident_a.pk


@pytest.mark.parametrize(("username", "status"), [
    ("staff_b", 404), ("resident_a", 404),
    ("street_admin", 403),       # sees the flat, may not register its owners
])
def test_registering_an_owner_is_refused_to_all_but_the_communitys_editors(client, world,
                                                                           username, status):
    headers = headers_of(world, username)
    before = registry_state()

    response = client.post(f"/api/v1/people/flats/{world.flat_a1.pk}/ownerships",
                           {"person_id": world.person_a.pk, "share_percent": "100"},
                           content_type="application/json", headers=headers)

    assert response.status_code == status
    assert registry_state() == before


@pytest.mark.parametrize(("language", "message"), [
    ("zh-hans", "该业主已登记在此房屋。"),
    ("en", "This owner is already registered for this flat."),
])
def test_registering_the_same_owner_twice_is_422(client, world, language, message):
    # given 甲居民 owning half of flat A1
    services.ownership_add(actor=world.users["staff_a"], flat=world.flat_a1,
                           person=world.person_a, share_percent=Decimal("50"))
    headers = headers_of(world, "staff_a")
    before = registry_state()
    client.cookies["django_language"] = language

    # when staff register them again
    response = client.post(f"/api/v1/people/flats/{world.flat_a1.pk}/ownerships",
                           {"person_id": world.person_a.pk, "share_percent": "10"},
                           content_type="application/json", headers=headers)

    # then they are told so, and nothing changed
    assert response.status_code == 422
    assert response.json()["detail"] == {"person": [message]}
    assert registry_state() == before


@pytest.mark.parametrize(("payload", "field"), [
    ({"id_number": "440104199001010000"}, "id_number"),     # nobody in the community
    ({}, "person_id"),                                       # no owner named
    ({"person_id": 1, "id_number": "440104199001010000"}, "person_id"),  # two owners named
])
def test_an_owner_not_named_exactly_once_is_422(client, world, payload, field):
    headers = headers_of(world, "staff_a")
    before = registry_state()

    response = client.post(f"/api/v1/people/flats/{world.flat_a1.pk}/ownerships",
                           {**payload, "share_percent": "100"},
                           content_type="application/json", headers=headers)

    assert response.status_code == 422
    assert list(response.json()["detail"]) == [field]
    assert registry_state() == before


# ---- correction requests --------------------------------------------------------------------

def test_staff_resolve_a_correction_request(client, world):
    # given 甲居民's open request
    headers = headers_of(world, "staff_a")

    # when staff mark it corrected
    response = client.post(f"/api/v1/people/corrections/{world.correction_a.pk}/resolve",
                           {"status": "done", "response": "已按户口本更正"},
                           content_type="application/json", headers=headers)

    # then it is done, with the answer, and audited
    assert response.status_code == 200
    assert response.json() == {"id": world.correction_a.pk, "text": "甲居民的出生日期有误",
                               "status": "done", "response": "已按户口本更正",
                               "actions": []}  # resolved: nothing left to do
    assert CorrectionRequest.objects.get(pk=world.correction_a.pk).handled_by == \
        world.users["staff_a"]
    assert AuditEntry.objects.filter(action="update", target_type="people.correctionrequest",
                                     target_id=str(world.correction_a.pk)).exists()


@pytest.mark.parametrize("username", ["staff_b", "street_admin", "resident_a"])
def test_resolving_a_correction_is_refused_as_not_found_outside_the_registry(client, world,
                                                                             username):
    headers = headers_of(world, username)
    before = registry_state()

    response = client.post(f"/api/v1/people/corrections/{world.correction_a.pk}/resolve",
                           {"status": "done"}, content_type="application/json",
                           headers=headers)

    assert response.status_code == 404
    assert registry_state() == before


@pytest.mark.parametrize(("language", "message"), [
    ("zh-hans", "不予更正时须说明理由。"), ("en", "Give a reason when declining."),
])
def test_declining_a_correction_without_a_reason_is_422(client, world, language, message):
    headers = headers_of(world, "staff_a")
    before = registry_state()
    client.cookies["django_language"] = language

    response = client.post(f"/api/v1/people/corrections/{world.correction_a.pk}/resolve",
                           {"status": "declined"}, content_type="application/json",
                           headers=headers)

    assert response.status_code == 422
    assert response.json()["detail"] == {"response": [message]}
    assert registry_state() == before


def test_a_correction_cannot_be_reopened_through_resolve(client, world):
    headers = headers_of(world, "staff_a")
    before = registry_state()

    response = client.post(f"/api/v1/people/corrections/{world.correction_a.pk}/resolve",
                           {"status": "open"}, content_type="application/json",
                           headers=headers)

    assert response.status_code == 422
    assert registry_state() == before


# ---- revealing the notes, as the person page does -------------------------------------------

def test_staff_reveal_a_residents_notes_with_a_reason(client, world):
    # given notes that mention a phone number (shown masked on the pages)
    services.person_update(actor=world.users["staff_a"], person=world.person_a,
                           data={"notes": "女儿电话 13912345678"})
    headers = headers_of(world, "staff_a")
    reads = AuditEntry.objects.filter(action="read_sensitive").count()

    # when staff reveal them for a stated reason
    response = client.post(f"/api/v1/people/persons/{world.person_a.pk}/reveal",
                           {"field": "notes", "reason": "contact"},
                           content_type="application/json", headers=headers)

    # then they get the notes whole, and the read is audited
    assert response.status_code == 200
    assert response.json() == {"field": "notes", "value": "女儿电话 13912345678"}
    assert AuditEntry.objects.filter(action="read_sensitive").count() == reads + 1


# ---- import and export ----------------------------------------------------------------------

def upload(client, world, username: str, content: bytes, file_name="居民登记.xlsx"):
    return client.post(f"/api/v1/people/communities/{world.community_a.pk}/imports",
                       {"file": SimpleUploadedFile(file_name, content)},
                       headers=headers_of(world, username))


def test_staff_upload_check_and_confirm_an_import(client, world,
                                                  django_capture_on_commit_callbacks):
    # given the community's staff and a clean registry workbook
    # when they upload it (the check runs after the upload commits)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, world, "staff_a", clean_file())
    assert response.status_code == 201
    run_id = response.json()["id"]
    headers = headers_of(world, "staff_a")

    # then the run is checked and ready, with no findings
    run = client.get(f"/api/v1/people/imports/{run_id}", headers=headers).json()
    assert (run["status"], run["errors"], run["file_name"]) == ("ready", [], "居民登记.xlsx")

    # when they confirm it
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/v1/people/imports/{run_id}/confirm", {},
                               content_type="application/json", headers=headers)

    # then it is imported: its people are registered, and the run is audited
    assert response.status_code == 200 and response.json()["status"] == "importing"
    run = client.get(f"/api/v1/people/imports/{run_id}", headers=headers).json()
    assert run["status"] == "done"
    assert run["summary"]["people_created"] == 6
    assert Person.objects.filter(name__in=["张一", "李二", "张三", "王四", "赵五", "钱六"],
                                 community=world.community_a).count() == 6
    assert AuditEntry.objects.filter(target_type="people.importrun", target_id=str(run_id),
                                     actor_username="staff_a").count() == 3


@pytest.mark.parametrize(("username", "status"), [
    ("staff_b", 404), ("other_district_admin", 404),
    ("street_admin", 403),       # sees the community, may not import into it
    ("resident_a", 403),
])
def test_uploading_an_import_is_refused_to_all_but_the_communitys_staff(client, world,
                                                                        username, status):
    runs = ImportRun.objects.count()
    token = headers_of(world, username)  # issuing a token is audited: before the snapshot
    before = registry_state()

    response = client.post(f"/api/v1/people/communities/{world.community_a.pk}/imports",
                           {"file": SimpleUploadedFile("居民.xlsx", clean_file())},
                           headers=token)

    assert response.status_code == status
    assert ImportRun.objects.count() == runs
    assert registry_state() == before


@pytest.mark.parametrize(("language", "message"), [
    ("zh-hans", "只能上传 Excel 工作簿（.xlsx）或 CSV 文件（.csv）。"),
    ("en", "Only Excel workbooks (.xlsx) and CSV files (.csv) can be uploaded."),
])
def test_a_file_of_another_kind_is_422_and_kept_nowhere(client, world, language, message):
    runs = ImportRun.objects.count()
    client.cookies["django_language"] = language

    response = upload(client, world, "staff_a", b"hello", file_name="居民.txt")

    assert response.status_code == 422
    assert (response.json()["code"], response.json()["message"]) == ("file_type", message)
    assert ImportRun.objects.count() == runs


def test_an_upload_without_a_file_is_422(client, world):
    headers = headers_of(world, "staff_a")
    runs = ImportRun.objects.count()

    response = client.post(f"/api/v1/people/communities/{world.community_a.pk}/imports", {},
                           headers=headers)

    assert response.status_code == 422
    assert response.json()["detail"] == {"file": ["请选择文件。"]}
    assert ImportRun.objects.count() == runs


def test_confirming_a_file_with_errors_needs_only_clean_rows(client, world):
    # given a checked run with errors (the world's)
    headers = headers_of(world, "staff_a")
    before = registry_state()

    # when staff confirm all of it
    response = client.post(f"/api/v1/people/imports/{world.import_run_a.pk}/confirm", {},
                           content_type="application/json", headers=headers)

    # then they are told to fix it or import the clean rows only, and nothing changed
    assert response.status_code == 422
    assert response.json()["message"] == "文件有错误：请改正后重新上传，或选择“仅导入无误的行”。"
    assert ImportRun.objects.get(pk=world.import_run_a.pk).status == "invalid"
    assert registry_state() == before


@pytest.mark.parametrize("username", ["staff_b", "street_admin", "resident_a"])
def test_another_communitys_import_runs_are_not_found(client, world, username):
    headers = headers_of(world, username)
    before = registry_state()

    detail = client.get(f"/api/v1/people/imports/{world.import_run_a.pk}", headers=headers)
    confirm = client.post(f"/api/v1/people/imports/{world.import_run_a.pk}/confirm",
                          {"only_clean_rows": True}, content_type="application/json",
                          headers=headers)

    assert (detail.status_code, confirm.status_code) == (404, 404)
    assert registry_state() == before


def test_the_secretary_exports_the_registry_and_the_export_is_audited(client, world):
    # given the community's secretary
    headers = headers_of(world, "secretary_a")

    # when they export the registry
    response = client.post(f"/api/v1/people/communities/{world.community_a.pk}/export",
                           headers=headers)

    # then they get the workbook, never cached, and the export is in the trail
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Cache-Control"] == "no-store"
    assert response.content.startswith(b"PK")
    assert AuditEntry.objects.filter(action=Action.EXPORT, actor_username="secretary_a",
                                     community_id=world.community_a.pk).count() == 1


@pytest.mark.parametrize(("username", "status"), [
    ("staff_b", 404),
    ("staff_a", 403),            # the community's staff may not export full ID numbers
    ("street_admin", 403),
])
def test_exporting_is_refused_to_all_but_the_secretary(client, world, username, status):
    headers = headers_of(world, username)

    response = client.post(f"/api/v1/people/communities/{world.community_a.pk}/export",
                           headers=headers)

    assert response.status_code == status
    assert not AuditEntry.objects.filter(action=Action.EXPORT, outcome="success").exists()
