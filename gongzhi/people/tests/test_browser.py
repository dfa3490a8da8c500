"""Browser test of the registry: a mistaken file is refused with a row-level report, the fixed
file imports, and a resident is found by the last four digits of their phone."""

from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from gongzhi.core.testing import log_in

pytestmark = pytest.mark.browser

SAMPLES = Path(__file__).resolve().parents[3] / "docs" / "samples"
CLEAN = SAMPLES / "永泰社区-居民导入样例.xlsx"
MISTAKEN = SAMPLES / "永泰社区-居民导入样例-有错误.xlsx"


def first_resident_with_a_phone(path: Path) -> tuple[str, str]:
    sheet = load_workbook(path, read_only=True)["居民"]
    rows = sheet.iter_rows(values_only=True)
    header = [str(cell).strip().rstrip("*") if cell else "" for cell in next(rows)]
    name_at, phone_at = header.index("姓名"), header.index("联系电话")
    for row in rows:
        if row[phone_at]:
            return str(row[name_at]), str(row[phone_at])
    raise AssertionError("the sample has no phone numbers")


def test_upload_the_mistaken_sample_then_the_fixed_one(page, demo_site, screenshot):
    base = demo_site.url
    log_in(page, base, "yongtai_staff")
    page.goto(f"{base}/people/import/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("导入")

    # the file with typical mistakes: nothing is imported, every bad row is explained
    page.get_by_label("登记表文件").set_input_files(MISTAKEN)
    page.get_by_test_id("upload").click()
    expect(page.get_by_test_id("import-status")).to_have_text("有错误")
    report = page.get_by_test_id("import-errors")
    expect(report).to_contain_text("校验位")
    expect(report).to_contain_text("楼栋")
    screenshot(page, "01-error-report")

    # the fixed file: checked, confirmed, imported
    page.goto(f"{base}/people/import/")
    page.get_by_label("登记表文件").set_input_files(CLEAN)
    page.get_by_test_id("upload").click()
    expect(page.get_by_test_id("import-status")).to_have_text("检查通过，待确认导入")
    page.get_by_test_id("confirm-import").click()
    expect(page.get_by_test_id("import-status")).to_have_text("已导入")
    screenshot(page, "02-imported")

    # find one of the imported residents by the last four digits of the phone
    name, phone = first_resident_with_a_phone(CLEAN)
    page.goto(f"{base}/people/")
    page.get_by_label("搜索").fill(phone[-4:])
    results = page.get_by_test_id("people")
    expect(results).to_contain_text(name)
    expect(results).to_contain_text(phone[:3] + "****" + phone[-4:])
    expect(results).not_to_contain_text(phone)
    screenshot(page, "03-found-by-last-four")
