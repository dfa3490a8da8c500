"""Demo votes in 永泰社区: an elevator vote in the demo resident's unit (left open so the demo
resident can vote online; paper, proxy and an affected ground-floor owner already recorded)
and a roof-repair vote in another building, closed and published. All people are fictional."""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gongzhi.accounts.models import User
from gongzhi.deliberation import services
from gongzhi.deliberation.models import Vote
from gongzhi.people.models import Ownership, Person
from gongzhi.places.models import Building


def _document(name: str) -> ContentFile:
    return ContentFile(b"%PDF-1.4 demo scan", name=name)


@transaction.atomic
def ensure_rule_sets() -> None:
    """The rule sets come with migration 0002; a test database that was emptied between
    browser tests (TRUNCATE) has lost them, so the demo puts them back the same way."""
    import importlib

    from django.apps import apps

    from gongzhi.deliberation.models import RuleSet

    if not RuleSet.objects.exists():
        migration = importlib.import_module("gongzhi.deliberation.migrations.0002_rule_sets")
        migration.add_rule_sets(apps, None)


def seed_votes(community) -> None:
    ensure_rule_sets()
    if Vote.objects.filter(community=community).exists():
        return
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
    roof = services.vote_create(actor=staff, building=roof_building, unit=None, kind="special",
                                item_number=6,
                                title=f"{roof_building.name}屋面防水维修（使用维修资金）",
                                closes_on=timezone.localdate(), cost_total=Decimal("86000"),
                                cost_scheme="area")
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
