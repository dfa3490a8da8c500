"""The yearly summary of in-service members as an Excel workbook, for a work unit's party
organisation (双报到 feedback). It names members and what they did: its own permission, and
every export is written to the audit trail."""

import io

import openpyxl
from django.db import transaction
from django.utils import timezone
from openpyxl.styles import Font

from gongzhi.audit.choices import Action
from gongzhi.audit.services import audit_change
from gongzhi.core.actions import require
from gongzhi.core.exporting import append_row
from gongzhi.party import rules, selectors

UNIT_HEADER = ["工作单位", "单位党组织", "报到人数", "参与服务人数", "服务班次",
               "服务时长（小时）", "一季度", "二季度", "三季度", "四季度", "未达年度要求人数"]
MEMBER_HEADER = ["工作单位", "姓名", "报到日期", "服务班次", "服务时长（小时）", "一季度", "二季度",
                 "三季度", "四季度", "是否达到年度要求", "服务内容"]


def summary_workbook(summary: dict, *, title: str) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "按单位"
    append_row(sheet, [title])
    sheet["A1"].font = Font(bold=True)
    sheet.append(UNIT_HEADER)
    for unit in summary["units"]:
        append_row(sheet, [unit.name, unit.party_organisation, unit.reported,
                      unit.active, unit.shifts, float(unit.hours),
                      *(float(hours) for hours in unit.quarters), unit.below_minimum])
    members = workbook.create_sheet("按党员")
    members.append(MEMBER_HEADER)
    for row in summary["members"]:
        member = row.member
        work = "；".join(f"{day:%m-%d} {post}：{done}" for day, post, done in row.work)
        append_row(members, [member.work_unit_name, member.person.name,
                        member.registered_on, row.shifts, float(row.hours),
                        *(float(hours) for hours in row.quarters),
                        "否" if row.below_minimum else "是", work])
    sheet.append([])
    sheet.append([f"年度服务时长要求：{summary['min_hours']} 小时（时长以服务时长记录为准）"])
    for ws in (sheet, members):
        for column in ("A", "B"):
            ws.column_dimensions[column].width = 24
    members.column_dimensions["K"].width = 48
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_summary_xlsx(*, actor, community, year: int, work_unit: str = "") -> bytes:
    """One community's yearly summary, optionally of one work unit (audited)."""
    require(actor, rules.EXPORT, community)
    with transaction.atomic():
        summary = selectors.yearly_summary(actor, year=year, community_id=community.pk,
                                           work_unit=work_unit)
        title = f"{community.name} {year} 年在职党员到社区报到服务情况"
        if work_unit:
            title += f"（{work_unit}）"
        content = summary_workbook(summary, title=title)
        audit_change(actor=actor, instance=community, action=Action.EXPORT, before={}, after={
            "what": "party.summary", "format": "xlsx", "year": year, "work_unit": work_unit,
            "rows": len(summary["members"]),
            "at": timezone.now().isoformat(timespec="seconds")})
    return content
