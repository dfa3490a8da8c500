"""The activities router of the JSON API: the operations of its four parts under one prefix
(/api/v1/activities/) and one tag."""

from ninja import Router

from gongzhi.activities.duty.api import router as duty_router
from gongzhi.activities.events.api import router as events_router
from gongzhi.activities.rota.api import router as rota_router
from gongzhi.activities.volunteering.api import router as volunteering_router

router = Router(tags=["activities"])
router.add_router("", events_router)
router.add_router("", volunteering_router)
router.add_router("", rota_router)
router.add_router("", duty_router)
