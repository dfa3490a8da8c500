"""The import refuses files that would take far more memory to read than their size suggests
(issue 12, item 6): checked from the zip before openpyxl ever sees the workbook."""

import io
import secrets
import time
import tracemalloc
import zipfile

import pytest

from gongzhi.core.errors import ValidationFailed
from gongzhi.people.choices import ImportStatus
from gongzhi.people.importing import reading
from gongzhi.people.importing import services as import_services
from gongzhi.people.models import ImportRun
from gongzhi.people.tests.test_importing import check, csv_bytes, person_row, xlsx

MB = 1024 * 1024

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
    'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="居民" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
    'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>')


def workbook_with_cell(chunks) -> bytes:
    """A minimal .xlsx whose 居民 sheet has one inline-string cell made of `chunks` (bytes),
    written into the zip piece by piece, so that the test never holds the cell in memory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://'
                        b'schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                        b'<row r="1"><c r="A1" t="inlineStr"><is><t>')
            for chunk in chunks:
                sheet.write(chunk)
            sheet.write(b"</t></is></c></row></sheetData></worksheet>")
    return buffer.getvalue()


@pytest.fixture
def openpyxl_never_loads(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl was asked to load the workbook")

    monkeypatch.setattr(reading.openpyxl, "load_workbook", refuse)


def start(world, content: bytes):
    return import_services.import_run_start(actor=world.users["staff_a"],
                                            community=world.community_a,
                                            file_name="居民登记.xlsx", content=content)


def test_a_zip_bomb_is_refused_from_its_directory_quickly_and_in_bounded_memory(
        world, openpyxl_never_loads, django_capture_on_commit_callbacks):
    # given: one cell of 300 MB that compresses to about 1.4 MB
    bomb = workbook_with_cell(b"A" * MB for _ in range(300))
    assert len(bomb) < 2 * MB  # the size of the file that grew the web process by 1.9 GB
    runs_before = ImportRun.objects.count()

    # when
    tracemalloc.start()
    began = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True), \
            pytest.raises(ValidationFailed) as refused:
        start(world, bomb)
    elapsed = time.monotonic() - began
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    # then
    assert refused.value.code == "file_too_large"
    assert str(refused.value.message) == (
        "文件解压后过大（超过 200 MB，或压缩比异常），无法导入。"
        "请在 Excel 或 WPS 中打开检查后重新保存，或分成几个文件上传。")
    assert ImportRun.objects.count() == runs_before
    assert peak < 20 * MB
    assert elapsed < 5


def test_an_overlong_cell_that_compresses_normally_is_refused_without_parsing(
        world, openpyxl_never_loads, django_capture_on_commit_callbacks):
    # given: 400 KB of random text in one cell (hardly compressible, so the ratio is normal)
    workbook = workbook_with_cell(secrets.token_hex(1000).encode() for _ in range(200))
    runs_before = ImportRun.objects.count()

    # when
    tracemalloc.start()
    with django_capture_on_commit_callbacks(execute=True), \
            pytest.raises(ValidationFailed) as refused:
        start(world, workbook)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    # then
    assert refused.value.code == "file_too_large"
    assert str(refused.value.message) == (
        "文件中有超长的单元格（Excel 单元格最多 32767 个字符），无法导入。请检查后重新上传。")
    assert ImportRun.objects.count() == runs_before
    assert peak < 20 * MB


def test_a_cell_as_long_as_excel_allows_is_accepted_by_the_bounds(world):
    # given
    content = xlsx([person_row(name="王" * 20, notes="注" * reading.MAX_CELL_CHARS)])

    # when
    reading.check_xlsx_bounds(content)

    # then: no refusal; the check goes on to read it
    run = check(world.users["staff_a"], world.community_a, content)
    assert run.status in {ImportStatus.READY, ImportStatus.INVALID}
    assert "单元格超过 32767 个字符" not in [e["problem"] for e in run.errors]


def test_an_overlong_csv_cell_is_reported_and_nothing_is_imported(world):
    # given
    content = csv_bytes([person_row(name="甲" * (reading.MAX_CELL_CHARS + 1))])

    # when
    run = check(world.users["staff_a"], world.community_a, content, file_name="居民.csv")

    # then
    assert run.status == ImportStatus.INVALID
    assert [(e["row"], e["problem"]) for e in run.errors] == [(2, "单元格超过 32767 个字符")]
