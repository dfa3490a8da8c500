"""The spreadsheet download the registry's pages and API both answer with (the shared one)."""

from gongzhi.core.exporting import XLSX, xlsx_response

__all__ = ["XLSX", "xlsx_response"]
