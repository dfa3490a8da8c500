"""Demo residents' polls in 永泰社区: a closed and published poll on the opening hours of a
building's activity room (paper votes checked by a second person), and an open one in the demo
resident's building so that they can vote on “我的居民投票”. All people are fictional."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from gongzhi.accounts.models import User
from gongzhi.deliberation.polls import services
from gongzhi.deliberation.polls.models import Poll
from gongzhi.people.models import Person
from gongzhi.places.models import Building


def _scan(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 demo scan", "application/pdf")


@transaction.atomic
def seed_polls(community) -> None:
    staff = User.objects.get(username="yongtai_staff")
    secretary = User.objects.get(username="yongtai_secretary")
    if Poll.objects.filter(community=community).exists():
        return
    today = timezone.localdate()
    resident = Person.objects.filter(user__username="yongtai_resident").select_related(
        "flat__unit__building").first()
    home = resident.flat.building if resident and resident.flat_id else None
    room_building = (Building.objects.filter(community=community, use="residential")
                     .exclude(pk=getattr(home, "pk", None)).order_by("-floors", "name").first())

    hours = services.poll_create(
        actor=staff, community=community, building=room_building, kind="custom",
        title=f"{room_building.name}一楼活动室开放时间",
        description="活动室改造完成，请住户选择开放时间。管理由楼长和志愿者轮值。",
        option_labels=["工作日 9:00–12:00、14:30–17:30", "每天 8:00–21:00",
                       "仅周末 9:00–18:00"],
        closes_on=today - datetime.timedelta(days=2))
    hours = services.poll_open(actor=staff, poll=hours)
    pattern = ["2", "1", "2", "2", None, "3", "2", "abstain", "1", "2", None, "2"]
    for index, elector in enumerate(hours.electors.order_by("pk")):
        choice = pattern[index % len(pattern)]
        if choice is None:
            continue
        ballot = services.poll_enter_paper(actor=staff, poll=hours, elector=elector,
                                                 choice=choice, scan=_scan("表决票.pdf"))
        services.poll_ballot_check(actor=secretary, ballot=ballot, approve=True)
    # A paper ballot misread when entered, corrected against the original (the old row stays).
    misread = hours.ballots.filter(state="counted", choice="1").order_by("pk").first()
    if misread is not None:
        services.poll_ballot_correct(actor=secretary, ballot=misread, choice="2",
                                           reason="录入时看错勾选栏，已核对纸质原件更正")
    hours = services.poll_close(actor=staff, poll=hours, confirm_early=True)
    hours = services.poll_publish(actor=staff, poll=hours)
    objection = services.poll_objection_create(
        actor=staff, poll=hours, text="住户来电：每天开到晚上九点，担心晚上噪音影响休息。")
    services.poll_objection_answer(
        actor=secretary, objection=objection,
        answer="已与楼长商定：20:00 后不开放棋牌和音响活动，志愿者巡查关门。")

    if home is None:
        return
    clean_up = services.poll_create(
        actor=staff, community=community, building=home,
        title=f"{home.name}楼道清理日定为每月第一个周六上午",
        description="清理楼道杂物、检查消防通道。同意的住户当天请把楼道物品收回家中。",
        closes_on=today + datetime.timedelta(days=14))
    clean_up = services.poll_open(actor=staff, poll=clean_up)
    others = [e for e in clean_up.electors.order_by("pk") if e.person_id_frozen != resident.pk]
    for index, elector in enumerate(others[: len(others) // 2]):
        ballot = services.poll_enter_paper(
            actor=staff, poll=clean_up, elector=elector,
            choice="no" if index % 6 == 5 else "yes", scan=_scan("表决票.pdf"))
        services.poll_ballot_check(actor=secretary, ballot=ballot, approve=True)
