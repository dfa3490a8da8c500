"""Votes in the JSON API (e.g. for a mini-program): the same selectors, access and services."""

import datetime

from ninja import Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from gongzhi.core.errors import NotFound
from gongzhi.deliberation import access, selectors, services
from gongzhi.deliberation.choices import Choice, VoteKind, VoteStatus

router = Router(tags=["deliberation"])


class VoteOut(Schema):
    id: int
    community_id: int
    building_id: int
    unit_id: int | None
    title: str
    kind: VoteKind
    status: VoteStatus
    closes_on: datetime.date
    publicity_ends_on: datetime.date | None
    result: dict


class BallotIn(Schema):
    elector_id: int
    choice: Choice


class BallotOut(Schema):
    id: int
    elector_id: int
    choice: Choice
    channel: str
    state: str


@router.get("/votes", response=list[VoteOut], summary="业主表决（工作人员）")
@paginate(LimitOffsetPagination)
def vote_list(request):
    return selectors.vote_list(request.auth)


@router.get("/votes/{vote_id}", response=VoteOut, summary="表决详情与公示结果")
def vote_detail(request, vote_id: int):
    return access.access_vote(actor=request.auth, id=vote_id)


@router.get("/my-votes", response=list[VoteOut], summary="我名下房屋的表决")
def my_votes(request):
    return selectors.own_votes(request.auth)


@router.post("/my-votes/{vote_id}/ballots", response={201: BallotOut},
             summary="业主为本人房屋投票")
def my_ballot(request, vote_id: int, payload: BallotIn):
    vote = access.access_own_vote(actor=request.auth, id=vote_id)
    elector = next((e for e in selectors.own_electors(request.auth, vote)
                    if e.pk == payload.elector_id), None)
    if elector is None:
        raise NotFound()
    ballot = services.ballot_cast_online(actor=request.auth, vote=vote, elector=elector,
                                         choice=payload.choice)
    return Status(201, ballot)


# Residents' polls and publicity photos register their operations on this router.
from gongzhi.deliberation import api_polls  # noqa: E402, F401

# ---- consultation topics (协商议事) ----------------------------------------------------------
from gongzhi.deliberation.api_topics import router as topics_router  # noqa: E402

router.add_router("", topics_router)
