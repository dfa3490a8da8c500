"""The check's report: row-level findings, in Chinese, with sensitive values masked."""

from gongzhi.people import identity
from gongzhi.people.importing.cells import cell_text
from gongzhi.people.importing.columns import BUILDING_SHEET, COLUMN_ORDER, RESIDENT_SHEET

ERROR, WARNING = "error", "warning"
_MASKED = {"身份证号": identity.mask_id_number, "联系电话": identity.mask_phone}


class Report:
    """Row-level findings, in Chinese, stored unencrypted: ID numbers and phones are masked."""

    def __init__(self):
        self.entries: list[dict] = []
        self.bad_rows: set[tuple[str, int | None]] = set()
        self._seen: set[tuple] = set()

    def add(self, *, sheet: str, row: int | None, column: str, value, problem: str, fix: str,
            level: str = ERROR) -> None:
        key = (sheet, row, column, problem, level)
        if key in self._seen:
            return
        self._seen.add(key)
        shown = cell_text(value)
        if shown and column in _MASKED:
            shown = _MASKED[column](shown)
        self.entries.append({"row": row, "sheet": sheet, "column": column, "value": shown[:100],
                             "problem": str(problem), "fix": str(fix), "level": level})
        if level == ERROR:
            self.bad_rows.add((sheet, row))

    def is_bad(self, sheet: str, row: int) -> bool:
        return (sheet, row) in self.bad_rows

    @property
    def has_errors(self) -> bool:
        return bool(self.bad_rows)

    def sorted_entries(self) -> list[dict]:
        sheets = {"": 0, BUILDING_SHEET: 1, RESIDENT_SHEET: 2}
        return sorted(self.entries, key=lambda e: (
            e["row"] is not None, sheets.get(e["sheet"], 3), e["row"] or 0,
            COLUMN_ORDER.get(e["column"], 99), e["level"] != ERROR))

