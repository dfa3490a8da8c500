"""Demo votes in 永泰社区: an elevator vote in the demo resident's unit (left open so the demo
resident can vote online; paper, proxy and an affected ground-floor owner already recorded)
and a roof-repair vote in another building, closed and published, with photos of its posted
result notice. All people are fictional; the photos are drawn here."""

import datetime
import io
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from gongzhi.accounts.models import User
from gongzhi.deliberation.votes import services
from gongzhi.deliberation.votes.choices import VoteStatus
from gongzhi.deliberation.votes.models import Vote
from gongzhi.deliberation.votes.rule_sets import ensure_rule_sets
from gongzhi.people.models import Ownership, Person
from gongzhi.places import services as places_services
from gongzhi.places.models import Building


def _document(name: str) -> ContentFile:
    return ContentFile(b"%PDF-1.4 demo scan", name=name)


def _settle(staff, vote) -> None:
    """The demo's flats without a registered owner are the developer's unsold stock, marked
    with the evidence as staff would before a vote opens (the vote refuses unsettled flats)."""
    for row in services.scope_flats_with_owners(vote):
        if row["is_unsettled"]:
            places_services.flat_mark_unsold(actor=staff, flat=row["flat"], unsold=True,
                                             evidence="开发商未售房源清单（演示）")


def seed_votes(community) -> None:
    ensure_rule_sets()
    if not Vote.objects.filter(community=community).exists():
        _seed_votes(community)
    _seed_publicity_photos(community, User.objects.get(username="yongtai_staff"))


def _seed_votes(community) -> None:
    staff = User.objects.get(username="yongtai_staff")
    secretary = User.objects.get(username="yongtai_secretary")
    resident = Person.objects.filter(user__username="yongtai_resident").select_related(
        "flat__unit__building").first()
    flat = resident.flat if resident else None
    if flat is not None and flat.building.floors >= 4 and not flat.building.has_elevator:
        unit = flat.unit
        if not Ownership.objects.filter(flat=flat, person=resident, ended_on__isnull=True).exists():
            Ownership.objects.filter(flat=flat, ended_on__isnull=True).delete()
            Ownership.objects.create(community=community, flat=flat, person=resident)
    else:
        unit = (Building.objects.filter(community=community, floors=7, has_elevator=False)
                .order_by("name").first().units.order_by("number").first())
    building = unit.building
    ground = unit.flats.filter(floor=1).order_by("room_number").first()
    vote = services.vote_create(
        actor=staff, building=building, unit=unit, kind="elevator",
        title=f"{building.name}{unit.number}单元加装电梯",
        description="拟在楼梯间外侧加装一部电梯，预算 75 万元，一楼不分摊。",
        closes_on=timezone.localdate() + datetime.timedelta(days=30),
        cost_total=Decimal("750000"), cost_scheme="floor",
        cost_parameters={"1": "0", "2": "0.6", "3": "0.9", "4": "1.1", "5": "1.3", "6": "1.5",
                         "7": "1.6"})
    _settle(staff, vote)
    vote = services.vote_open(actor=staff, vote=vote, affected_flat_ids=[ground.pk])
    electors = list(vote.electors.order_by("floor", "room_number"))
    own = {e.pk for e in services.selectors.own_electors(resident.user, vote)} if resident \
        and resident.user_id else set()
    others = [e for e in electors if e.pk not in own]
    for index, elector in enumerate(others[: max(len(others) - 3, 1)]):
        if index == 1:  # one owner by proxy
            proxy = services.proxy_authorise(actor=staff, elector=elector, owner_name="业主本人",
                                             proxy_name="业主之女（受托人）",
                                             document=_document("委托书.pdf"))
            services.ballot_enter_proxy(actor=staff, proxy=proxy, choice="yes")
            continue
        choice = "abstain" if elector.floor == 1 else ("no" if index % 5 == 4 else "yes")
        ballot = services.ballot_enter_paper(actor=staff, vote=vote, elector=elector,
                                             choice=choice, voter_name="业主签名",
                                             scan=_document("表决票.pdf"))
        services.ballot_check(actor=secretary, ballot=ballot, approve=True)

    roof_building = (Building.objects.filter(community=community, use="residential")
                     .exclude(pk=building.pk).order_by("name").first())
    # paid from the maintenance fund: art. 278 item 5 (使用维修资金), more than half
    roof = services.vote_create(actor=staff, building=roof_building, unit=None, item_number=5,
                                title=f"{roof_building.name}屋面防水维修（使用维修资金）",
                                closes_on=timezone.localdate(), cost_total=Decimal("86000"),
                                cost_scheme="area")
    _settle(staff, roof)
    roof = services.vote_open(actor=staff, vote=roof)
    for index, elector in enumerate(roof.electors.order_by("pk")):
        if index % 6 == 5:
            continue
        ballot = services.ballot_enter_paper(actor=staff, vote=roof, elector=elector,
                                             choice="no" if index % 9 == 4 else "yes",
                                             voter_name="业主签名", scan=_document("表决票.pdf"))
        services.ballot_check(actor=secretary, ballot=ballot, approve=True)
    roof = services.vote_close(actor=staff, vote=roof, confirm_early=True)
    services.vote_publish(actor=staff, vote=roof)


def notice_photo(seed: int, *, size=(640, 480)) -> SimpleUploadedFile:
    """A small JPEG that looks like a notice pinned on a board (no real photo is shipped)."""
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


def _seed_publicity_photos(community, staff) -> None:
    for vote in Vote.objects.filter(community=community, status=VoteStatus.PUBLISHED):
        if vote.publicity_photos.exists():
            continue
        posted = timezone.localdate(vote.published_at)
        places = [f"{vote.building.name}一楼大堂公告栏", "社区居委会门前宣传栏"]
        for seed, place in enumerate(places):
            services.publicity_photo_add(actor=staff, vote=vote, posted_on=posted,
                                          place=place, photo=notice_photo(seed))
