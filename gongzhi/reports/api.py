"""The reports router of the JSON API (/api/v1/reports/): dashboards and ledgers."""

from ninja import Router

from gongzhi.reports.dashboards.api import router as dashboards_router
from gongzhi.reports.ledgers.api import router as ledgers_router

router = Router(tags=["reports"])
router.add_router("", dashboards_router)
router.add_router("", ledgers_router)
