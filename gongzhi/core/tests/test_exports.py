"""Every exportable list page (core/tests/exports.py) answers `?export=xlsx` with the rows it
shows, within the user's scope; formula-looking text stays text; personal data is audited."""

import io
import zipfile

import openpyxl
import pytest
from django.core.paginator import Page
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongzhi.audit.choices import Action
from gongzhi.audit.models import AuditEntry
from gongzhi.core.exporting import XLSX, Column, workbook
from gongzhi.core.tests.exports import EXPORTABLE, PERSONAL
from gongzhi.core.tests.scope_routes import (
    HTML_ROUTES,
    assert_no_secrets,
    route_url,
    shared_world,
)
from gongzhi.notifications.models import NotificationEvent
from gongzhi.people import services as people_services

OUTSIDERS = ["staff_b", "other_district_admin"]


def make_person(world, name: str):
    """A resident of A living in 甲楼一号 (a child of its household)."""
    root = world.users["superuser"]
    person = people_services.person_create(actor=root, community=world.community_a, name=name,
                                           sex="female", phone="13600136000")
    people_services.residence_move_in(actor=root, person=person, flat=world.flat_a1,
                                      relation="child")
    return person


@pytest.fixture(scope="module")
def scope_world(django_db_setup, django_db_blocker):
    with shared_world(django_db_blocker) as world:
        yield world


@pytest.fixture
def world(scope_world, db):
    return scope_world


def export_url(url: str) -> str:
    return url + ("&" if "?" in url else "?") + "export=xlsx"


def sheet_rows(content: bytes) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return list(sheet.iter_rows(values_only=True))


def shown_count(rows) -> int:
    return rows.paginator.count if isinstance(rows, Page) else len(rows)


def test_every_exportable_list_is_a_listed_route():
    # given the registry / then each entry is a list page of the scope matrix
    for name in EXPORTABLE:
        assert name in HTML_ROUTES, name
        assert HTML_ROUTES[name].kind in ("list", "own"), name
    assert set(EXPORTABLE) >= PERSONAL


@pytest.mark.parametrize("name", sorted(EXPORTABLE))
def test_list_exports_the_rows_it_shows(client, world, name):
    route = HTML_ROUTES[name]
    # given the list's insider, and the page as they see it
    client.force_login(world.users[route.insider])
    url = route_url(route, name, world, insider=True)
    page = client.get(url)
    assert page.status_code == 200, name
    shown = shown_count(page.context[EXPORTABLE[name]])
    assert shown > 0, f"{name}: the world gives its insider no rows to export"
    assert 'data-testid="export-xlsx"' in page.content.decode(), f"{name}: no export button"
    # when they export it with the same filters
    response = client.get(export_url(url))
    # then a workbook holds a header and exactly the rows the page counts
    assert response.status_code == 200, name
    assert response["Content-Type"] == XLSX
    assert response["Cache-Control"] == "no-store"
    rows = sheet_rows(response.content)
    assert len(rows) - 1 == shown, name


@pytest.mark.parametrize("outsider", OUTSIDERS)
@pytest.mark.parametrize("name", sorted(EXPORTABLE))
def test_export_gives_an_outsider_nothing_of_a(client, world, name, outsider):
    route = HTML_ROUTES[name]
    # given an outsider to community A
    client.force_login(world.users[outsider])
    # when they export the list
    response = client.get(export_url(route_url(route, name, world)))
    # then they are refused, or the workbook holds none of A's names
    assert response.status_code in (200, 403, 404), f"{name} as {outsider}"
    if response.status_code == 200 and response["Content-Type"] == XLSX:
        text = "\n".join(str(cell) for row in sheet_rows(response.content) for cell in row)
        assert_no_secrets(world, text, f"{name} as {outsider}")


@pytest.mark.parametrize("name", sorted(PERSONAL))
def test_personal_data_export_is_audited(client, world, name):
    route = HTML_ROUTES[name]
    user = world.users[route.insider]
    client.force_login(user)
    url = export_url(route_url(route, name, world, insider=True))
    before = AuditEntry.objects.filter(action=Action.EXPORT).count()
    # when the insider exports a list of personal data
    response = client.get(url)
    # then one export entry names who, which list and how many rows
    assert response.status_code == 200
    entries = AuditEntry.objects.filter(action=Action.EXPORT)
    assert entries.count() == before + 1
    entry = entries.order_by("-pk").first()
    assert entry.actor == user
    assert entry.changes["after"]["what"] == name.replace(":", ".")
    assert entry.changes["after"]["rows"] == len(sheet_rows(response.content)) - 1
    assert "export" not in entry.changes["after"]["filters"]


def test_list_without_personal_data_is_not_audited(client, world):
    client.force_login(world.users["staff_a"])
    before = AuditEntry.objects.filter(action=Action.EXPORT).count()
    response = client.get("/places/?export=xlsx")
    assert response.status_code == 200
    assert AuditEntry.objects.filter(action=Action.EXPORT).count() == before


@pytest.mark.parametrize("text", ["=1+2", "+1+2", "-1+2", "@SUM(A1)", "=HYPERLINK(\"x\")"])
def test_formula_looking_text_comes_out_as_text(text):
    # given a row whose cell looks like a formula
    content, count = workbook([Column("备注", lambda row: row)], [text], title="测试")
    # then the cell is a string (no formula in the sheet), kept as written
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml
    cell = openpyxl.load_workbook(io.BytesIO(content)).active["A2"]
    assert count == 1
    assert cell.data_type == "s" and cell.value == text and cell.quotePrefix


def test_formula_in_a_real_list_comes_out_as_text(client, world):
    # given a notice of A whose title looks like a formula
    NotificationEvent.objects.create(kind="community_notice", community=world.community_a,
                                     title="=1+2", body="甲", recipient_count=0)
    client.force_login(world.users["staff_a"])
    # when the notices are exported
    response = client.get("/notifications/notices/?export=xlsx")
    # then the title is one text cell, kept as written, and no formula is in the sheet
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [row[1] for row in sheet.iter_rows(min_row=2) if row[1].value == "=1+2"]
    assert len(cells) == 1 and cells[0].data_type == "s"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


def test_export_queries_do_not_grow_with_rows(client, world):
    client.force_login(world.users["staff_a"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/people/?export=xlsx").status_code == 200
        return len(captured)

    # given the list exported once
    first = queries()
    # when five more residents are added to A
    for index in range(5):
        make_person(world, f"加{'一二三四五'[index]}民")
    # then exporting them asks no more queries
    assert queries() == first
