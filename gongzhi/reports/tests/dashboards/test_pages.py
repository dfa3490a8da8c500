"""The dashboard and rows pages and their API: the same numbers, within scope; the .xlsx."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from gongzhi.accounts.services import api_token_create
from gongzhi.casework.models import Case
from gongzhi.reports import metrics

pytestmark = pytest.mark.django_db
WIDE = {"period": "custom", "start": "2026-01-01", "end": "2030-12-31"}


def _api(client, user, path, **query):
    headers = {"Authorization": f"Bearer {api_token_create(user=user).token}"}
    return client.get(f"/api/v1/reports{path}", query, headers=headers)


def test_street_admin_compares_a_and_b_and_clicks_through(client, busy):
    # given the street admin
    client.force_login(busy.users["street_admin"])
    # when they open the dashboard for a wide period
    response = client.get(reverse("reports:dashboard"), WIDE)
    page = response.content.decode()
    # then the requests number is A's two and B's one, with a comparison of A and B, not C
    assert response.status_code == 200
    assert 'data-testid="value-cases_received">3<' in page
    assert 'data-testid="compare-table"' in page
    assert busy.community_a.name in page and busy.community_b.name in page
    assert busy.community_c.name not in page
    # when they open the rows of A behind the number
    rows = client.get(reverse("reports:metric_rows", args=["cases_received"]),
                      {**WIDE, "community": busy.community_a.pk})
    # then A's two requests are listed, without the resident's name
    assert rows.status_code == 200
    body = rows.content.decode()
    assert body.count("<tr><td>#") == 2
    assert busy.person_a.name not in body


def test_staff_b_gets_none_of_a(client, busy):
    # given B's staff asking for A's rows by A's id
    client.force_login(busy.users["staff_b"])
    response = client.get(reverse("reports:metric_rows", args=["cases_received"]),
                          {**WIDE, "community": busy.community_a.pk})
    # then they see only B's request (the id of A is not theirs to pick)
    body = response.content.decode()
    a_ids = Case.objects.filter(community=busy.community_a).values_list("pk", flat=True)
    assert all(f"#{pk}<" not in body for pk in a_ids)
    assert body.count("<tr><td>#") == 1


def test_resident_is_refused(client, busy):
    client.force_login(busy.users["resident_a"])
    assert client.get(reverse("reports:dashboard")).status_code == 403


def test_bad_period_says_so_and_shows_this_month(client, busy):
    client.force_login(busy.users["staff_a"])
    response = client.get(reverse("reports:dashboard"),
                          {"period": "custom", "start": "2026-05-01", "end": "2026-01-01"})
    assert response.status_code == 200
    assert "日期无效" in response.content.decode()


def test_export_neutralises_formulas(client, busy):
    # given a request whose category name starts with "="
    case = Case.objects.filter(community=busy.community_a).first()
    case.category.name = "=HYPERLINK(\"x\")"
    case.category.save()
    client.force_login(busy.users["staff_a"])
    # when the rows are exported
    response = client.get(reverse("reports:metric_rows", args=["cases_received"]),
                          {**WIDE, "format": "xlsx"})
    # then the cell is text, not a formula
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "'=HYPERLINK(\"x\")" in values
    assert sheet.cell(row=2, column=1).value == "编号"


def test_api_numbers_equal_the_registry(client, busy):
    # given the street admin
    admin = busy.users["street_admin"]
    # when they read the dashboard through the API
    data = _api(client, admin, "/dashboard", start="2026-01-01", end="2030-12-31").json()
    # then every metric's number is the registry's
    for row in data["metrics"]:
        metric = metrics.metric(row["key"])
        assert float(row["value"]) == float(metrics.value(
            metric, admin, start=datetime.date(2026, 1, 1), end=datetime.date(2030, 12, 31)))
    # and the rows of A's requests are two
    rows = _api(client, admin, "/metrics/cases_received/rows", start="2026-01-01",
                end="2030-12-31", community=busy.community_a.pk).json()
    assert rows["count"] == 2
    # and B's staff asking for A get not found
    assert _api(client, busy.users["staff_b"], "/dashboard", start="2026-01-01",
                end="2030-12-31", community=busy.community_a.pk).status_code == 404


def test_hours_rows_carry_no_free_text_and_party_rows_stay_with_the_roll(client, world):
    # given the registered metrics and the district admin (who does not keep the party roll)
    # then no metric shows the hours' free text
    labels = {str(column.label) for row in metrics.REGISTRY.values() for column in row.columns}
    assert "服务内容" not in labels
    # and the party metrics' rows are for those who keep the roll only
    for key in ("party_registrations", "party_service_hours"):
        metric = metrics.metric(key)
        assert metric.rows_permission == "party.view_member"
        assert metrics.rows_hidden(metric, world.users["district_admin"])
        assert not metrics.rows_hidden(metric, world.users["street_admin"])
    client.force_login(world.users["district_admin"])
    response = client.get("/reports/rows/party_registrations/?period=year")
    assert "明细只有党员名册的管理人员可以查看" in response.content.decode()


def test_rows_export_is_not_stored(client, world):
    client.force_login(world.users["street_admin"])
    response = client.get("/reports/rows/cases_received/?format=xlsx")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
