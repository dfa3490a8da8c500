"""The care router of the JSON API: the operations of its four parts under one prefix
(/api/v1/care/) and one tag."""

from ninja import Router

from gongzhi.care.campaigns.api import router as campaigns_router
from gongzhi.care.register.api import router as register_router
from gongzhi.care.supplies.api import router as supplies_router
from gongzhi.care.visits.api import router as visits_router

router = Router(tags=["care"])
router.add_router("", register_router)
router.add_router("", visits_router)
router.add_router("", campaigns_router)
router.add_router("", supplies_router)
