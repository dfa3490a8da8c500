"""Work ledgers: asked for on the page or through the API, built by the background job
section by section from the metrics registry, as PDF (which renders) and as Excel; their
totals are the metrics' numbers for the same period and scope; scope-checked and audited."""

import datetime
import io
import os
import re

import pypdfium2
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from gongzhi.accounts.services import api_token_create
from gongzhi.activities.events.choices import ActivityStatus
from gongzhi.activities.tests.events.factories import activity_of
from gongzhi.audit.models import AuditEntry
from gongzhi.core.errors import NotFound, ValidationFailed
from gongzhi.reports import metrics
from gongzhi.reports.jobs import build_ledger
from gongzhi.reports.ledgers import building, pdf, rules, services
from gongzhi.reports.ledgers.models import LedgerRun
from gongzhi.reports.tests.ledgers.factories import MONTH, at, ledger_data_of_a

MARCH = (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))
TODAY = datetime.date(2026, 12, 7)
PNG_DIR = os.environ.get("LEDGER_PNG_DIR", "")


def request_ledger(world, who, *, capture, community=None, street=None, format="pdf",
                   period_kind="month"):
    """Ask for March 2026's ledger and let the job run (it runs once the request commits)."""
    with capture(execute=True):
        run = services.ledger_request(
            actor=world.users[who], community=community, street=street,
            period_kind=period_kind, year=MONTH[0], month=MONTH[1], format=format, today=TODAY)
    run.refresh_from_db()
    return run


def pdf_text_and_pages(content: bytes, *, name: str) -> tuple[str, int]:
    """The PDF's text, and (when LEDGER_PNG_DIR is set) its first pages as PNG to look at."""
    document = pypdfium2.PdfDocument(content)
    text = "\n".join(page.get_textpage().get_text_range() for page in document)
    if PNG_DIR:
        for index in range(min(4, len(document))):
            image = document[index].render(scale=1.2).to_pil()
            image.save(os.path.join(PNG_DIR, f"{name}-{index + 1}.png"))
    return text, len(document)


def numbers_of(world, who, community_ids) -> dict:
    start, end = MARCH
    return {row.key: metrics.value(row, world.users[who], start=start, end=end,
                                   community_ids=community_ids)
            for row in metrics.REGISTRY.values()}


def test_a_community_ledger_pdf_renders_with_every_section_and_the_metrics_totals(
        world, django_capture_on_commit_callbacks):
    # given activities and requests of community A in March
    ledger_data_of_a(world)
    # when A's staff ask for March's ledger as PDF
    run = request_ledger(world, "staff_a", capture=django_capture_on_commit_callbacks,
                         community=world.community_a)
    # then the job finished it, with a file
    assert (run.status, run.progress, run.error) == ("done", 100, "")
    assert run.file and run.finished_at
    content = run.file.read()
    assert content.startswith(b"%PDF")
    text, pages = pdf_text_and_pages(content, name="community")
    assert pages >= 3  # cover, contents, the sections
    # its cover, contents and every section are there
    for words in ("甲社区2026年3月工作台账", "甲社区居民委员会", "目录",
                  *[str(title) for title in metrics.SECTIONS.values()]):
        assert words in text.replace("\r", "").replace("\n", ""), words
    # and each total is the metric's number for A in March
    numbers = numbers_of(world, "staff_a", [world.community_a.pk])
    assert numbers["activities_held"] == 3 and numbers["cases_received"] == 2
    run.refresh_from_db()
    html = pdf.ledger_html(building.build(run, today=TODAY))
    for key, number in numbers.items():
        label = str(metrics.metric(key).label)
        assert (f'<tr data-metric="{key}"><td>{label}</td><td class="num">{number}</td>'
                in html), key
    # the page numbers of the contents come from CSS counters
    assert "target-counter(attr(href url), page)" in html and "counter(pages)" in html


def test_the_xlsx_ledger_has_the_same_totals_and_no_formula(
        world, django_capture_on_commit_callbacks):
    ledger_data_of_a(world)
    run = request_ledger(world, "secretary_a", capture=django_capture_on_commit_callbacks,
                         community=world.community_a, format="xlsx")
    assert run.status == "done"
    book = load_workbook(io.BytesIO(run.file.read()))
    # a summary sheet and one sheet per section
    assert book.sheetnames == ["汇总", *[str(title) for title in metrics.SECTIONS.values()]]
    summary = {row[1]: row[3:] for row in book["汇总"].iter_rows(values_only=True)
               if len(row) > 3 and row[1]}
    numbers = numbers_of(world, "secretary_a", [world.community_a.pk])
    for key, number in numbers.items():
        assert summary[str(metrics.metric(key).label)] == (number, number), key
    # a title that looks like a formula is kept as text
    cells = [cell for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
             if isinstance(cell, str)]
    assert "'=HYPERLINK(\"x\")读书会" in cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]


def test_the_street_bundle_has_a_comparison_and_every_community(
        world, django_capture_on_commit_callbacks):
    ledger_data_of_a(world)
    # when the street admin asks for the whole street's March ledger
    run = request_ledger(world, "street_admin", capture=django_capture_on_commit_callbacks,
                         street=world.street)
    assert run.status == "done" and run.community_id is None
    text, _pages = pdf_text_and_pages(run.file.read(), name="street")
    flat = text.replace("\r", "").replace("\n", "")
    assert "街道汇总：各社区对比" in flat
    for community in (world.community_a, world.community_b):
        assert f"{community.name}2026年3月工作台账" in flat
    # the comparison's numbers are each community's, and the street's total
    ledger = building.build(run, today=TODAY)
    numbers_a = numbers_of(world, "street_admin", [world.community_a.pk])
    numbers_b = numbers_of(world, "street_admin", [world.community_b.pk])
    names = [part.community.name for part in ledger.communities]
    assert names == sorted([world.community_a.name, world.community_b.name])
    position_a = names.index(world.community_a.name)
    by_label = {str(row.label): row for row in metrics.REGISTRY.values()}
    assert sorted(label for label, *_rest in ledger.comparison) == sorted(by_label)
    for label, _unit, numbers, total in ledger.comparison:
        row = by_label[label]
        assert numbers[position_a] == numbers_a[row.key]
        assert numbers[1 - position_a] == numbers_b[row.key]
        assert total == numbers_a[row.key] + numbers_b[row.key]
    # and the xlsx bundle has a column per community
    xlsx_run = request_ledger(world, "street_admin", capture=django_capture_on_commit_callbacks,
                              street=world.street, format="xlsx")
    header = next(row for row in load_workbook(io.BytesIO(xlsx_run.file.read()))["汇总"]
                  .iter_rows(values_only=True) if row and row[0] == "板块")
    assert header[3:] == (*names, "合计")


def test_a_ledger_file_is_stored_under_a_random_name(world, django_capture_on_commit_callbacks):
    # given two ledgers of community A built by the job
    ledger_data_of_a(world)
    runs = [request_ledger(world, "staff_a", capture=django_capture_on_commit_callbacks,
                           community=world.community_a, format=format)
            for format in ("pdf", "xlsx")]
    # then each file's name is 32 random hex digits, not its run's id: its /media/ address
    # (served only with DEBUG) cannot be guessed; the download stays through the page
    names = [run.file.name for run in runs]
    for run, name in zip(runs, names, strict=True):
        assert re.fullmatch(rf"ledgers/\d{{4}}/\d{{2}}/[0-9a-f]{{32}}\.{run.format}", name), name
        assert f"ledger-{run.pk}" not in name
    assert names[0].rsplit("/", 1)[1][:32] != names[1].rsplit("/", 1)[1][:32]


def test_a_failed_build_is_recorded_and_leaves_no_file(world, django_capture_on_commit_callbacks):
    ledger_data_of_a(world)
    with django_capture_on_commit_callbacks(execute=False):
        run = services.ledger_request(actor=world.users["staff_a"], community=world.community_a,
                                      period_kind="month", year=2026, month=3, format="pdf",
                                      today=TODAY)
    # given a run whose format no renderer knows (a row damaged after it was asked for)
    LedgerRun.objects.filter(pk=run.pk).update(format="docx")
    # when the job runs
    build_ledger(run.pk)
    # then it failed, said so, and kept no file
    run.refresh_from_db()
    assert run.status == "failed" and run.error.startswith("生成失败")
    assert not run.file
    with pytest.raises(rules.NotReady):  # nothing to download
        services.ledger_download(actor=world.users["street_admin"], run=run)


def test_requests_out_of_scope_or_for_the_future_change_nothing(world):
    staff = world.users["staff_a"]
    # a community's staff cannot ask for the street's bundle, nor another community's
    with pytest.raises(NotFound):
        services.ledger_request(actor=staff, street=world.street, period_kind="month",
                                year=2026, month=3, format="pdf", today=TODAY)
    with pytest.raises(NotFound):
        services.ledger_request(actor=staff, community=world.community_b, period_kind="month",
                                year=2026, month=3, format="pdf", today=TODAY)
    # a month that has not begun, and a month missing, are refused with a message
    with pytest.raises(ValidationFailed) as refused:
        services.ledger_request(actor=staff, community=world.community_a, period_kind="month",
                                year=2026, month=12, format="pdf",
                                today=datetime.date(2026, 11, 30))
    assert "month" in refused.value.detail
    with pytest.raises(ValidationFailed):
        services.ledger_request(actor=staff, community=world.community_a, period_kind="month",
                                year=2026, month=None, format="pdf", today=TODAY)
    assert not LedgerRun.objects.exists()


def test_the_pages_request_show_progress_and_download_within_scope(
        client, world, django_capture_on_commit_callbacks):
    ledger_data_of_a(world)
    client.force_login(world.users["staff_a"])
    page = client.get(reverse("reports:ledger_list"))
    assert page.status_code == 200 and "生成台账" in page.content.decode()
    # when staff ask for A's yearly ledger on the page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:ledger_list"), {
            "target": f"community-{world.community_a.pk}", "period_kind": "year",
            "year": "2026", "month": "", "format": "xlsx"})
    run = LedgerRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:ledger_detail", args=[run.pk])
    assert (run.period_start, run.period_end) == (datetime.date(2026, 1, 1),
                                                  datetime.date(2026, 12, 31))
    # the run's page (and its HTMX status) offers the download once done
    status = client.get(reverse("reports:ledger_detail", args=[run.pk]),
                        headers={"HX-Request": "true", "HX-Target": "ledger-status"})
    body = status.content.decode()
    assert "下载台账" in body and "<html" not in body and "every 1s" not in body
    download = client.get(reverse("reports:ledger_download", args=[run.pk]))
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEntry.objects.filter(action="export", target_id=str(run.pk)).count() == 1
    # B's staff do not see A's run
    client.force_login(world.users["staff_b"])
    assert client.get(reverse("reports:ledger_detail", args=[run.pk])).status_code == 404
    assert client.get(reverse("reports:ledger_download", args=[run.pk])).status_code == 404
    # a resident may not make ledgers at all
    client.force_login(world.users["resident_a"])
    assert client.get(reverse("reports:ledger_list")).status_code == 403


def test_a_running_ledger_is_polled_every_second(client, world,
                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        run = services.ledger_request(actor=world.users["staff_a"], community=world.community_a,
                                      period_kind="month", year=2026, month=3, format="pdf",
                                      today=TODAY)
    LedgerRun.objects.filter(pk=run.pk).update(status="running", progress=40, step="诉求办理")
    client.force_login(world.users["staff_a"])
    body = client.get(reverse("reports:ledger_detail", args=[run.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in body and "诉求办理" in body and 'value="40"' in body
    assert "下载台账" not in body


def test_a_bad_request_on_the_page_says_why(client, world):
    client.force_login(world.users["staff_a"])
    response = client.post(reverse("reports:ledger_list"), {
        "target": f"community-{world.community_a.pk}", "period_kind": "month",
        "year": str(datetime.date.today().year), "month": "", "format": "pdf"})
    assert response.status_code == 200 and "请选择月份" in response.content.decode()
    assert not LedgerRun.objects.exists()


def test_the_api_creates_reads_and_downloads(client, world, django_capture_on_commit_callbacks):
    ledger_data_of_a(world)

    def call(who, method, path, data=None):
        headers = {"Authorization": f"Bearer {api_token_create(user=world.users[who]).token}"}
        if method == "post":
            return client.post(f"/api/v1/reports{path}", data, content_type="application/json",
                               headers=headers)
        return client.get(f"/api/v1/reports{path}", headers=headers)

    with django_capture_on_commit_callbacks(execute=True):
        created = call("street_admin", "post", "/ledgers", {
            "street_id": world.street.pk, "period_kind": "month", "year": 2026, "month": 3,
            "format": "pdf"})
    assert created.status_code == 201, created.content
    run_id = created.json()["id"]
    read = call("street_admin", "get", f"/ledgers/{run_id}").json()
    assert (read["status"], read["progress"], read["community_id"]) == ("done", 100, None)
    assert read["actions"] == ["reports.download_ledger"]
    download = call("street_admin", "get", f"/ledgers/{run_id}/download")
    assert download.status_code == 200 and download.content.startswith(b"%PDF")
    # the street bundle is not the community's staff's to read
    assert call("staff_a", "get", f"/ledgers/{run_id}").status_code == 404
    assert call("staff_b", "get", f"/ledgers/{run_id}/download").status_code == 404
    listed = call("street_admin", "get", "/ledgers").json()
    assert [row["id"] for row in listed["items"]] == [run_id]
    # a community's staff cannot ask for the street's bundle
    refused = call("staff_a", "post", "/ledgers", {
        "street_id": world.street.pk, "period_kind": "month", "year": 2026, "month": 3})
    assert refused.status_code == 404


def test_building_a_ledger_asks_no_query_per_row(world):
    # given the street's March ledger
    ledger_data_of_a(world)
    run = LedgerRun.objects.create(street=world.street, period_kind="month",
                                   period_start=MARCH[0], period_end=MARCH[1], format="pdf",
                                   requested_by=world.users["street_admin"])
    run = LedgerRun.objects.select_related("street", "community", "requested_by").get(pk=run.pk)
    building.build(run, today=TODAY)  # the requester's scopes, read once and remembered
    with CaptureQueriesContext(connection) as before:
        building.build(run, today=TODAY)
    # when more activities were held in both communities
    for day in range(1, 11):
        for community in (world.community_a, world.community_b):
            activity_of(world, status=ActivityStatus.DONE, starts_at=at(day),
                        community=community, title=f"活动{day}")
    # then reading it again asks the database as often
    with CaptureQueriesContext(connection) as after:
        ledger = building.build(run, today=TODAY)
    assert len(after) == len(before)
    assert sum(len(table.rows) for part in ledger.communities for section in part.sections
               for table in section.tables if table.key == "activities_held") == 24


def test_a_long_table_is_printed_by_month_in_the_pdf(world, django_capture_on_commit_callbacks,
                                                    settings):
    # given community A's data and a PDF limit of one row per table
    ledger_data_of_a(world)
    settings.REPORTS_LEDGER_PDF_ROWS = 1
    run = request_ledger(world, "staff_a", capture=django_capture_on_commit_callbacks,
                         community=world.community_a)
    ledger = building.build(run, today=TODAY)
    # then a table with more rows than that is the number per month, summing to the total
    tables = [(table, number) for section in ledger.communities[0].sections
              for table, (_key, _label, number, _unit) in zip(section.tables, section.totals,
                                                             strict=True)]
    long = [(table, number) for table, number in tables if table.count > 1]
    assert long, "the factory gives some metric two rows or more"
    for table, number in long:
        assert table.note and table.headers[0] == "月份"
        assert sum(value for _month, value in table.rows) == number
    # and the Excel ledger keeps every row
    xlsx_run = request_ledger(world, "staff_a", capture=django_capture_on_commit_callbacks,
                              community=world.community_a, format="xlsx")
    assert all(not table.note for section in building.build(xlsx_run, today=TODAY)
               .communities[0].sections for table in section.tables)
