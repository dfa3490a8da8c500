"""The portal router of the JSON API (/api/v1/portal/): articles and series, residents'
accounts, and the public pages' data."""

from ninja import Router

from gongzhi.portal.articles.api import router as articles_router
from gongzhi.portal.public.api import router as public_router
from gongzhi.portal.signup.api import router as signup_router

router = Router(tags=["portal"])
router.add_router("", public_router)
router.add_router("", articles_router)
router.add_router("", signup_router)
