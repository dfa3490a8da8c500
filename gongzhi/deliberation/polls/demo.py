"""Demo residents' polls in 永泰社区 and photos of the posted result notice of the published
roof-repair vote. A closed and published poll on the opening hours of a building's activity
room (paper votes checked by a second person), and an open one in the demo resident's building
so that they can vote on “我的居民投票”. All people are fictional; the photos are drawn here."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from gongzhi.accounts.models import User
from gongzhi.deliberation import services_polls
from gongzhi.deliberation.choices import VoteStatus
from gongzhi.deliberation.models import Poll, Vote
from gongzhi.people.models import Person
from gongzhi.places.models import Building


def _scan(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 demo scan", "application/pdf")


def notice_photo(seed: int, *, size=(640, 480)) -> SimpleUploadedFile:
    """A small JPEG that looks like a notice pinned on a board (no real photo is shipped)."""
    from PIL import Image, ImageDraw

    width, height = size
    image = Image.new("RGB", size, (92, 110, 96) if seed % 2 else (140, 112, 84))
    draw = ImageDraw.Draw(image)
    draw.rectangle([20, 20, width - 20, height - 20], outline=(60, 60, 60), width=6)
    left, top = 120 + 10 * seed, 60
    draw.rectangle([left, top, left + 380, top + 360], fill=(250, 250, 246))
    draw.rectangle([left + 110, top + 24, left + 270, top + 44], fill=(200, 30, 30))
    for row in range(11):
        y = top + 80 + row * 24
        draw.line([left + 30, y, left + 350 - (row * 37 % 90), y], fill=(70, 70, 70), width=4)
    draw.ellipse([left + 260, top + 290, left + 330, top + 350], outline=(200, 30, 30), width=4)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile(f"notice-{seed}.jpg", buffer.getvalue(), "image/jpeg")


@transaction.atomic
def seed_polls(community) -> None:
    staff = User.objects.get(username="yongtai_staff")
    secretary = User.objects.get(username="yongtai_secretary")
    _seed_publicity_photos(community, staff)
    if Poll.objects.filter(community=community).exists():
        return
    today = timezone.localdate()
    resident = Person.objects.filter(user__username="yongtai_resident").select_related(
        "flat__unit__building").first()
    home = resident.flat.building if resident and resident.flat_id else None
    room_building = (Building.objects.filter(community=community, use="residential")
                     .exclude(pk=getattr(home, "pk", None)).order_by("-floors", "name").first())

    hours = services_polls.poll_create(
        actor=staff, community=community, building=room_building, kind="custom",
        title=f"{room_building.name}一楼活动室开放时间",
        description="活动室改造完成，请住户选择开放时间。管理由楼长和志愿者轮值。",
        option_labels=["工作日 9:00–12:00、14:30–17:30", "每天 8:00–21:00",
                       "仅周末 9:00–18:00"],
        closes_on=today - datetime.timedelta(days=2))
    hours = services_polls.poll_open(actor=staff, poll=hours)
    pattern = ["2", "1", "2", "2", None, "3", "2", "abstain", "1", "2", None, "2"]
    for index, elector in enumerate(hours.electors.order_by("pk")):
        choice = pattern[index % len(pattern)]
        if choice is None:
            continue
        ballot = services_polls.poll_enter_paper(actor=staff, poll=hours, elector=elector,
                                                 choice=choice, scan=_scan("表决票.pdf"))
        services_polls.poll_ballot_check(actor=secretary, ballot=ballot, approve=True)
    # A paper ballot misread when entered, corrected against the original (the old row stays).
    misread = hours.ballots.filter(state="counted", choice="1").order_by("pk").first()
    if misread is not None:
        services_polls.poll_ballot_correct(actor=secretary, ballot=misread, choice="2",
                                           reason="录入时看错勾选栏，已核对纸质原件更正")
    hours = services_polls.poll_close(actor=staff, poll=hours, confirm_early=True)
    hours = services_polls.poll_publish(actor=staff, poll=hours)
    objection = services_polls.poll_objection_create(
        actor=staff, poll=hours, text="住户来电：每天开到晚上九点，担心晚上噪音影响休息。")
    services_polls.poll_objection_answer(
        actor=secretary, objection=objection,
        answer="已与楼长商定：20:00 后不开放棋牌和音响活动，志愿者巡查关门。")

    if home is None:
        return
    clean_up = services_polls.poll_create(
        actor=staff, community=community, building=home,
        title=f"{home.name}楼道清理日定为每月第一个周六上午",
        description="清理楼道杂物、检查消防通道。同意的住户当天请把楼道物品收回家中。",
        closes_on=today + datetime.timedelta(days=14))
    clean_up = services_polls.poll_open(actor=staff, poll=clean_up)
    others = [e for e in clean_up.electors.order_by("pk") if e.person_id_frozen != resident.pk]
    for index, elector in enumerate(others[: len(others) // 2]):
        ballot = services_polls.poll_enter_paper(
            actor=staff, poll=clean_up, elector=elector,
            choice="no" if index % 6 == 5 else "yes", scan=_scan("表决票.pdf"))
        services_polls.poll_ballot_check(actor=secretary, ballot=ballot, approve=True)


def _seed_publicity_photos(community, staff) -> None:
    for vote in Vote.objects.filter(community=community, status=VoteStatus.PUBLISHED):
        if vote.publicity_photos.exists():
            continue
        posted = timezone.localdate(vote.published_at)
        places = [f"{vote.building.name}一楼大堂公告栏", "社区居委会门前宣传栏"]
        for seed, place in enumerate(places):
            services_polls.publicity_photo_add(actor=staff, vote=vote, posted_on=posted,
                                               place=place, photo=notice_photo(seed))
