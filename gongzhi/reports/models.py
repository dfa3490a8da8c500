"""The reports app's one table lives in its ledgers part; dashboards have none."""

from gongzhi.reports.ledgers.models import LedgerRun  # noqa: F401
