"""The deliberation router of the JSON API: the operations of its three parts under one
prefix (/api/v1/deliberation/) and one tag, as before the split."""

from ninja import Router

from gongzhi.deliberation.polls.api import router as polls_router
from gongzhi.deliberation.topics.api import router as topics_router
from gongzhi.deliberation.votes.api import router as votes_router

router = Router(tags=["deliberation"])
router.add_router("", votes_router)
router.add_router("", polls_router)
router.add_router("", topics_router)
