"""Every URL route and API operation, with how to reach a row of community A and who may.

The scope matrix (test_url_scope), the query-count baselines (test_query_counts) and the
page-action twins (test_api_twins) read these tables. Each route says which row of community A
it acts on (kwargs, query, data), its kind, and its insider: the user of the shared world whose
role and scope let them in. A new route that is not listed here fails
`test_every_route_is_covered`, naming it.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gongzhi.accounts.choices import Role
from gongzhi.accounts.services import api_token_create
from gongzhi.accounts.tests.factories import PASSWORD, user_with_role
from gongzhi.activities.tests.events.factories import (
    checkin_token_of_a,
    events_of_a,
    with_events_of_a,
)
from gongzhi.api import api
from gongzhi.care.campaigns.models import CampaignHousehold
from gongzhi.care.tests.campaigns.factories import campaign_of_a
from gongzhi.care.tests.factories import care_of_a
from gongzhi.care.tests.register.factories import with_care_of_a
from gongzhi.care.tests.supplies.factories import supplies_issue_of_a, supplies_of_a
from gongzhi.care.visits import services as visit_services
from gongzhi.casework import services as case_services
from gongzhi.casework.tests.factories import category as case_category
from gongzhi.conftest import World, build_world
from gongzhi.deliberation.tests.topics.factories import topic_of_a
from gongzhi.portal.tests.factories import articles_of_a, illustrated_article
from gongzhi.portal.tests.signup.factories import (
    pending_account_of_a,
    reset_payload,
    signup_payload,
    with_pending_account_of_a,
)

User = get_user_model()


@dataclass
class Route:
    kwargs: callable = None  # world -> url kwargs (a row of community A)
    method: str = "get"
    # detail | list | own (acts on the user's own rows) | public | moved (an old address that
    # sends those who may use it on, 301)
    kind: str = "detail"
    data: dict = field(default_factory=dict)  # or world -> dict
    query: callable = None   # world -> query string parameters (a row of community A)
    insider: str = "staff_a"  # the world's user whose role and scope let them in
    # world -> url kwargs of the row the insider acts on, where it must differ from the
    # outsiders' (a state only the insider's action accepts, e.g. a finished project to rate)
    insider_kwargs: callable = None
    own_changes: tuple = ()  # models an "own" route may change for the caller (their own rows)

    def payload(self, world) -> dict:
        return self.data(world) if callable(self.data) else self.data


def care_visit_of_a(world):
    """Staff's visit (with a follow-up, hours and a photo) to 甲老人, the household of A that
    resident_a does not help: they, too, are an outsider to it."""
    if not hasattr(world, "care_visit_a"):
        import datetime
        import io

        from django.core.files.uploadedfile import SimpleUploadedFile
        from PIL import Image

        buffer = io.BytesIO()
        Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
        day = datetime.date(2026, 3, 10)
        world.care_visit_a = visit_services.visit_record(
            actor=world.users["staff_a"], household=care_of_a(world).unpaired, visited_on=day,
            found="腿脚不便", follow_up="家门锁坏了", hours=1, today=day,
            photo=SimpleUploadedFile("visit.png", buffer.getvalue(), content_type="image/png"))
    return world.care_visit_a


def notice_of_a(world):
    """A notice to community A and its inbox entry for A's secretary (created once)."""
    if not hasattr(world, "notice_a"):
        from gongzhi.notifications.models import Notification, NotificationEvent

        world.notice_a = NotificationEvent.objects.create(
            kind="community_notice", community=world.community_a, title="甲社区停水通知",
            body="甲楼一号停水", recipient_count=1)
        world.notification_a = Notification.objects.create(
            event=world.notice_a, recipient=world.users["secretary_a"], kind="community_notice",
            title="甲社区停水通知", body="甲楼一号停水", language="zh-hans")
    return world.notice_a


def with_notice_of_a(world) -> dict:
    notice_of_a(world)
    return {}


def job_of_system(world):
    if not hasattr(world, "job"):
        from django.utils import timezone

        from gongzhi.jobs.models import Job

        world.job = Job.objects.create(name="audit.retention", module="gongzhi.audit.jobs",
                                       engine="eager", run_after=timezone.now(),
                                       status="failed", last_error="甲社区")
    return world.job


def vote_of_a(world):
    """An open owners' vote in community A's building 甲楼一号 (created once)."""
    if not hasattr(world, "vote_a"):
        import datetime

        from gongzhi.deliberation.votes import services
        from gongzhi.people.models import Ownership

        Ownership.objects.get_or_create(community=world.community_a, flat=world.flat_a1,
                                        person=world.person_a)
        staff = world.users["staff_a"]
        vote = services.vote_create(actor=staff, building=world.building_a1, unit=None,
                                    title="甲楼屋面维修", item_number=7,
                                    closes_on=datetime.date(2030, 1, 1))
        settle_flats(world.building_a1)
        world.vote_a = services.vote_open(actor=staff, vote=vote)
    return world.vote_a


def vote_document_of_a(world):
    """A plan document of a draft owners' vote of 甲楼一号 (created once)."""
    if not hasattr(world, "vote_document_a"):
        import datetime

        from django.core.files.uploadedfile import SimpleUploadedFile

        from gongzhi.deliberation.votes import services

        staff = world.users["staff_a"]
        vote = services.vote_create(actor=staff, building=world.building_a1, unit=None,
                                    title="甲楼外墙方案", item_number=7,
                                    closes_on=datetime.date(2030, 1, 1))
        world.vote_document_a = services.vote_document_add(
            actor=staff, vote=vote,
            upload=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", "application/pdf"))
    return world.vote_document_a


def paper_ballot_of_a(world):
    """A paper ballot with its scan, and a proxy with its authorisation, in vote_of_a."""
    if not hasattr(world, "ballot_a"):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from gongzhi.deliberation.votes import services

        vote = vote_of_a(world)
        elector = vote.electors.order_by("pk").first()
        staff = world.users["staff_a"]
        world.ballot_a = services.ballot_enter_paper(
            actor=staff, vote=vote, elector=elector, choice="yes", voter_name="甲居民",
            scan=SimpleUploadedFile("scan.pdf", b"%PDF-1.4 ballot", "application/pdf"))
        world.proxy_a = services.proxy_authorise(
            actor=staff, elector=elector, owner_name="甲居民", proxy_name="甲代理人",
            document=SimpleUploadedFile("proxy.pdf", b"%PDF-1.4 proxy", "application/pdf"))
    return world.ballot_a

def poll_of_a(world):
    """An open residents' poll of community A's building 甲楼一号 (甲居民 lives there, resident_a
    does not), with a paper ballot waiting for its check (created once)."""
    if not hasattr(world, "poll_a"):
        import datetime

        from django.core.files.uploadedfile import SimpleUploadedFile

        from gongzhi.deliberation.polls import services as services_polls

        staff = world.users["staff_a"]
        poll = services_polls.poll_create(actor=staff, community=world.community_a,
                                          building=world.building_a1, title="甲楼活动室开放时间",
                                          closes_on=datetime.date(2030, 1, 1))
        world.poll_a = services_polls.poll_open(actor=staff, poll=poll)
        world.poll_ballot_a = services_polls.poll_enter_paper(
            actor=staff, poll=world.poll_a, elector=world.poll_a.electors.first(),
            choice="yes", scan=SimpleUploadedFile("scan.pdf", b"%PDF-1.4 poll", "application/pdf"))
    return world.poll_a


def published_poll_of_a(world):
    """A published poll of 甲楼一号 with a checked paper ballot and an objection (created once)."""
    if not hasattr(world, "published_poll_a"):
        import datetime

        from django.core.files.uploadedfile import SimpleUploadedFile

        from gongzhi.deliberation.polls import services as services_polls

        staff = world.users["staff_a"]
        poll = services_polls.poll_create(actor=staff, community=world.community_a,
                                          building=world.building_a1, title="甲楼晾衣架位置",
                                          closes_on=datetime.date(2030, 1, 1))
        poll = services_polls.poll_open(actor=staff, poll=poll)
        ballot = services_polls.poll_enter_paper(
            actor=staff, poll=poll, elector=poll.electors.first(), choice="yes",
            scan=SimpleUploadedFile("scan.pdf", b"%PDF-1.4 poll", "application/pdf"))
        world.counted_poll_ballot_a = services_polls.poll_ballot_check(
            actor=world.users["secretary_a"], ballot=ballot, approve=True)
        poll = services_polls.poll_close(actor=staff, poll=poll, confirm_early=True)
        world.published_poll_a = services_polls.poll_publish(actor=staff, poll=poll)
        world.poll_objection_a = services_polls.poll_objection_create(
            actor=staff, poll=world.published_poll_a, text="甲居民认为位置挡光")
    return world.published_poll_a


def vote_objection_of_a(world):
    """An objection to published_vote_of_a, recorded by staff (created once)."""
    if not hasattr(world, "vote_objection_a"):
        from gongzhi.deliberation.votes import services

        world.vote_objection_a = services.objection_create(
            actor=world.users["staff_a"], vote=published_vote_of_a(world),
            text="甲居民认为面积有误")
    return world.vote_objection_a


def settle_flats(building) -> None:
    """A vote opens only when every flat in scope has an owner or is marked unsold: the
    world's flats without an owner are the developer's unsold stock."""
    from gongzhi.people.models import Ownership
    from gongzhi.places.models import Flat

    owned = Ownership.objects.filter(ended_on__isnull=True).values("flat_id")
    Flat.objects.filter(building=building).exclude(pk__in=owned).update(
        is_unsold=True, unsold_evidence="开发商未售房源清单")


def published_vote_of_a1(world):
    """A published owners' vote of 甲楼一号, where owner_a owns a flat (created once)."""
    if not hasattr(world, "published_vote_a1"):
        import datetime

        from gongzhi.deliberation.votes import services

        vote_of_a(world)  # owner_a's flat in the registry
        staff = world.users["staff_a"]
        vote = services.vote_create(actor=staff, building=world.building_a1, unit=None,
                                    title="甲楼一号外墙维修", item_number=7,
                                    closes_on=datetime.date(2030, 1, 1))
        settle_flats(world.building_a1)
        vote = services.vote_close(actor=staff, vote=services.vote_open(actor=staff, vote=vote),
                                   confirm_early=True)
        world.published_vote_a1 = services.vote_publish(actor=staff, vote=vote)
    return world.published_vote_a1


def published_vote_of_a(world):
    """A published owners' vote of 甲楼二号 with one publicity photo (created once)."""
    if not hasattr(world, "published_vote_a"):
        import datetime
        import io

        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.utils import timezone
        from PIL import Image

        from gongzhi.deliberation.votes import services

        staff = world.users["staff_a"]
        vote = services.vote_create(actor=staff, building=world.building_a2, unit=None,
                                    title="甲楼二号外墙维修", item_number=7,
                                    closes_on=datetime.date(2030, 1, 1))
        settle_flats(world.building_a2)
        vote = services.vote_open(actor=staff, vote=vote)
        vote = services.vote_close(actor=staff, vote=vote, confirm_early=True)
        vote = services.vote_publish(actor=staff, vote=vote)
        buffer = io.BytesIO()
        Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
        world.publicity_photo_a = services.publicity_photo_add(
            actor=staff, vote=vote, posted_on=timezone.localdate(), place="甲楼二号宣传栏",
            photo=SimpleUploadedFile("board.png", buffer.getvalue(), "image/png"))
        world.published_vote_a = vote
    return world.published_vote_a


def cobuilding_of_a(world):
    """A need of community A matched to a unit's resource, and the project it became."""
    if not hasattr(world, "need_a"):
        from gongzhi.cobuilding.models import Match, Milestone, Need, Project, Resource
        from gongzhi.organisations.models import Agreement, PartnerUnit

        root = world.users["superuser"]
        unit = PartnerUnit.objects.create(community=world.community_a, name="甲共建单位",
                                          kind="bank")
        resource = Resource.objects.create(community=world.community_a, unit=unit,
                                           title="甲防骗讲座", kind="talk", category="safety")
        world.need_a = Need.objects.create(community=world.community_a, title="甲社区需求",
                                           category="safety", raised_by=root)
        world.match_a = Match.objects.create(community=world.community_a, need=world.need_a,
                                             resource=resource, score=0, proposed_by=root)
        world.project_a = Project.objects.create(community=world.community_a, title="甲共建项目",
                                                 lead_unit=unit)
        world.unit_a, world.resource_a = unit, resource
        world.agreement_a = Agreement.objects.create(
            community=world.community_a, unit=unit, title="甲共建协议", starts_on="2025-01-01",
            ends_on="2026-12-31", venue="甲社区活动室")
        world.milestone_a = Milestone.objects.create(community=world.community_a,
                                                     project=world.project_a, title="甲节点")
        from gongzhi.accounts.choices import Role
        from gongzhi.accounts.tests.factories import user_with_role
        from gongzhi.organisations.models import PartnerContact

        contact_user = user_with_role(Role.PARTNER_CONTACT, world.community_a,
                                      username="jia_contact")
        world.contact_a = PartnerContact.objects.create(user=contact_user, unit=unit)
    return world
def topics_of_a(world):
    """Topics of community A: one just proposed (with a document), one accepted with a
    meeting to which a partner unit is invited, one being carried out with a task."""
    if not hasattr(world, "topic_a"):
        import datetime

        from django.core.files.uploadedfile import SimpleUploadedFile

        from gongzhi.deliberation.tests.topics.factories import future, partner_unit, topic_of_a
        from gongzhi.deliberation.topics import services as topics

        staff = world.users["staff_a"]
        world.topic_a = topics.topic_propose(
            actor=staff, community=world.community_a, title="甲议题", description="甲议题的内容",
            documents=[SimpleUploadedFile("甲材料.pdf", b"%PDF-1.4 x", "application/pdf")])
        world.topic_document_a = world.topic_a.documents.get()
        accepted = topic_of_a(world, status="accepted", title="甲受理议题")
        world.meeting_a = topics.meeting_schedule(
            actor=staff, topic=accepted, title="甲议事会", starts_at=future(), place="甲会议室",
            agenda="甲议程")
        topics.invitee_add(actor=staff, meeting=world.meeting_a, kind="partner_unit",
                           partner_unit=partner_unit(world))
        running = topic_of_a(world, status="carrying_out", title="落实中的议题")
        world.task_a = topics.task_create(actor=staff, topic=running, description="甲任务",
                                          deadline=datetime.date(2030, 1, 1), owner_user=staff)
    return world


def owner_of_a(world):
    """A login for 甲居民 (person_a), owner of 甲楼一号 101: an elector of the building's votes
    and polls (created once)."""
    if "owner_a" not in world.users:
        world.users["owner_a"] = user_with_role(Role.RESIDENT, world.community_a,
                                                username="owner_a")
        world.person_a.user = world.users["owner_a"]
        world.person_a.save(update_fields=["user"])
    return world.users["owner_a"]


def dispatched_case_of_a(world):
    """A second request of community A, dispatched to grid worker grid_a1 (created once)."""
    if not hasattr(world, "dispatched_case_a"):
        case = case_services.case_report(
            actor=world.users["staff_a"], category=case_of_a(world).category,
            building=world.building_a1, description="甲居民反映楼道堆物")
        case_services.case_dispatch(actor=world.users["staff_a"], case=case,
                                    handler=world.users["grid_a1"])
        world.dispatched_case_a = case
    return world.dispatched_case_a


def finished_project_of_a(world):
    """A finished co-building project of community A, open to its residents' ratings."""
    if not hasattr(world, "finished_project_a"):
        cobuilding_of_a(world)
        world.finished_project_a = apps.get_model("cobuilding", "Project").objects.create(
            community=world.community_a, title="甲共建项目二期", lead_unit=world.unit_a,
            status="finished")
    return world.finished_project_a


def rated_topic_of_a(world):
    """A topic of community A whose carrying out is published: residents may rate it."""
    if not hasattr(world, "rated_topic_a"):
        world.rated_topic_a = topic_of_a(world, status="feedback", title="甲反馈议题")
    return world.rated_topic_a


def party_of_a(world):
    from gongzhi.party.tests.factories import party_of_a as build

    return build(world)


def with_party_of_a(world) -> dict:
    party_of_a(world)
    return {}


def rota_of_a(world):
    """A's members' post (party_of_a: its shift taken by party_a) and another party member of
    A without a login, a confirmed volunteer whom staff may put on the shift."""
    party_of_a(world)
    if not hasattr(world, "volunteer_member_a"):
        from gongzhi.activities.volunteering.models import Volunteer
        from gongzhi.organisations.roll import member_create
        from gongzhi.people.services import person_create

        root = world.users["superuser"]
        person = person_create(actor=root, community=world.community_a, name="甲社区老党员",
                               sex="female")
        member_create(actor=root, person=person, status="full",
                      status_dates={"full_on": "1985-07-01"}, organisation=world.branch_a)
        world.volunteer_member_a = Volunteer.objects.create(
            community=world.community_a, person=person, status="active")
    return world


def volunteering_of_a(world):
    from gongzhi.activities.tests.volunteering.factories import volunteering_with_requests_of_a

    return volunteering_with_requests_of_a(world)


def with_volunteering_of_a(world) -> dict:
    volunteering_of_a(world)


def duty_of_a(world):
    """A patrol post of community A with two shifts and three volunteers with logins
    (vol_a1 .. vol_a3), an open cover request, an open swap and a finding."""
    from gongzhi.activities.tests.duty import factories

    duty = factories.duty_of_a(world)
    factories.cover_of_a(world)
    factories.swap_of_a(world)
    factories.finding_of_a(world)
    return duty


def with_duty_of_a(world) -> dict:
    duty_of_a(world)
    return {}


def case_of_a(world):
    from gongzhi.casework.tests.factories import dispute_of_a

    return dispute_of_a(world)


def partner_case_of_a(world):
    """case_of_a dispatched to a partner unit of A, accepted and answered with a photo by the
    unit's contact (so that the partner pages have a row and a photo of A)."""
    if not hasattr(world, "partner_case_a"):
        from gongzhi.casework import services
        from gongzhi.casework.tests.factories import png
        from gongzhi.cobuilding.tests.factories import partner_contact
        from gongzhi.organisations.models import PartnerUnit

        cobuilding_of_a(world)
        unit = PartnerUnit.objects.get(community=world.community_a, name="甲共建单位")
        contact = partner_contact(world.community_a, unit, "contact_a")
        case = case_of_a(world)
        services.case_dispatch(actor=world.users["staff_a"], case=case, unit=unit)
        services.case_accept(actor=contact, case=case)
        services.case_answer(actor=contact, case=case, answer="甲单位已处理", photos=[png()])
        world.partner_case_a = case
        world.partner_photo_a = case.photos.get(step__partner_unit=unit)
    return world.partner_case_a


def with_case_of_a(world) -> dict:
    case_of_a(world)
    return {}


def campaigns_of_a(world):
    """Community A's open Spring Festival campaign (and a draft one, to open), giving rice from
    A's store to every household of A's care register."""
    if not hasattr(world, "campaign_a"):
        world.campaign_a = campaign_of_a(world)[1]
        world.campaign_draft_a = campaign_of_a(world, open_it=False)[1]
    return world.campaign_a


def with_campaigns_of_a(world) -> dict:
    campaigns_of_a(world)
    return {}


def campaign_target_of_a(world):
    """The open campaign's target that staff visit: 甲老人, whom nobody is paired with (so
    resident_a, who helps 甲居民, is an outsider to it)."""
    campaign = campaigns_of_a(world)
    return CampaignHousehold.objects.get(campaign=campaign, household=world.care_a.unpaired)


CAMPAIGN_DATA = {"name": "七一走访慰问", "kind": "july_first", "starts_on": "2026-06-25",
                 "ends_on": "2026-07-05"}
def with_supplies_of_a(world) -> dict:
    supplies_of_a(world)
    return {}


def supplies_lines_of_a(world, **fields) -> dict:
    """A form of goods lines naming community A's store and item (an outsider's is refused)."""
    s = supplies_of_a(world)
    return {"store": s.care.store.pk, "item_0": s.care.masks.pk, "quantity_0": "1",
            "recipient": "外人", "reason": "damaged", "donor_name": "外人",
            "received_on": "2026-03-02", "issued_on": "2026-03-02",
            "written_off_on": "2026-03-02", **fields}


# Rows of community A whose names must never appear to the outsider.
def secrets_of_a(world) -> list[str]:
    return ["甲社区", "甲楼一号", "甲楼二号", "甲荣誉", "甲一网格", "甲居民", "甲住户",
            "甲社区名册", "13800138001", "甲共建单位", "甲防骗讲座", "甲共建项目",
            "甲共建协议", "甲节点", "jia_contact",
            world.person_a.id_number_masked,
            "甲居民反映楼上深夜噪音", "甲议题", "甲受理议题", "甲议事会", "甲材料", "甲任务",
            "甲党支部", "甲岗位", "甲单位", "甲党员", "甲反馈议题",
            "甲巡查路线", "甲志愿者", "甲出差", "甲值守单位", "甲社区老巷"]


def portal_image_of(world):
    """The image of community A's published article 甲社区植树 (created once)."""
    if not hasattr(world, "portal_image"):
        world.portal_image = illustrated_article(world)[1]
    return world.portal_image


def portal_articles_of(world):
    """The portal's articles on the shared world: published, draft, street's in a series,
    scheduled (portal.tests.factories; created once)."""
    if not hasattr(world, "portal_articles"):
        from gongzhi.portal.tests.factories import articles_of

        world.portal_articles = articles_of(world)
    return world.portal_articles


HTML_ROUTES = {
    # residents' own accounts: signing up and resetting by SMS code are public (bad input here:
    # the page answers with its form and nothing changes); the staff confirm their community's
    "portal:signup": Route(kind="public", method="post", data={"phone": "外人"}),
    "portal:code_send": Route(kind="public", method="post",
                              data={"phone": "外人", "purpose": "signup"}),
    "portal:password_reset": Route(kind="public", method="post", data={"phone": "外人"}),
    "portal:my_account": Route(kind="own", insider="resident_a"),
    "portal:account_list": Route(with_pending_account_of_a, kind="list"),
    "portal:account_detail": Route(lambda w: {"pk": pending_account_of_a(w).pk}),
    "portal:account_action": Route(lambda w: {"pk": pending_account_of_a(w).pk,
                                              "action": "confirm"}, method="post",
                                   data=lambda w: {"person": w.person_a.pk}),
    "care:store_list": Route(with_supplies_of_a, kind="list"),
    "care:store_create": Route(with_supplies_of_a, kind="list", method="post",
                               data=lambda w: {"community": w.community_a.pk, "name": "外人仓库"}),
    "care:store_edit": Route(lambda w: {"pk": supplies_of_a(w).care.store.pk}, method="post",
                             data={"name": "外人改名"}),
    "care:store_action": Route(lambda w: {"pk": supplies_of_a(w).care.store.pk,
                                          "action": "deactivate"}, method="post"),
    "care:item_list": Route(with_supplies_of_a, kind="list"),
    "care:item_create": Route(with_supplies_of_a, kind="list", method="post",
                              data=lambda w: {"community": w.community_a.pk, "name": "外人物资",
                                              "unit": "个", "kind": "other"}),
    "care:item_edit": Route(lambda w: {"pk": supplies_of_a(w).care.masks.pk}, method="post",
                            data={"name": "外人改名", "unit": "箱", "kind": "other"}),
    "care:donation_list": Route(with_supplies_of_a, kind="list"),
    "care:donation_create": Route(with_supplies_of_a, kind="list", method="post",
                                  data=supplies_lines_of_a),
    "care:donation_detail": Route(lambda w: {"pk": supplies_of_a(w).care.donation.pk}),
    "care:donation_receipt": Route(lambda w: {"pk": supplies_of_a(w).care.donation.pk}),
    "care:stock": Route(with_supplies_of_a, kind="list"),
    "care:movement_list": Route(with_supplies_of_a, kind="list"),
    "care:movement_action": Route(lambda w: {"pk": supplies_issue_of_a(w).pk, "action": "return"},
                                  method="post",
                                  data={"quantity": "1", "returned_on": "2026-03-02"}),
    "care:issue_create": Route(with_supplies_of_a, kind="list", method="post",
                               data=supplies_lines_of_a),
    "care:write_off_create": Route(with_supplies_of_a, kind="list", method="post",
                                   data=supplies_lines_of_a),
    "care:stock_report": Route(with_supplies_of_a, kind="list"),
    "care:own_statement": Route(with_supplies_of_a, kind="own", insider="jia_bank_contact"),
    "care:donor_statement": Route(
        lambda w: {"pk": supplies_of_a(w).care.volunteering.unit.pk}),
    "workbench:home": Route(with_case_of_a, kind="list"),
    "core:healthz": Route(kind="public"),
    # the page actions below are posted empty: a form with errors, nothing written
    "accounts:login": Route(kind="public", method="post"),
    "accounts:logout": Route(kind="public", method="post"),
    "accounts:preferences": Route(kind="public", method="post"),
    "accounts:password_change": Route(kind="list", method="post"),
    "places:community_list": Route(kind="list"),
    "places:community_detail": Route(lambda w: {"pk": w.community_a.pk}),
    "places:community_edit": Route(lambda w: {"pk": w.community_a.pk}, method="post",
                                   data={"resident_population": "1"}),
    "places:honour_create": Route(lambda w: {"pk": w.community_a.pk}, method="post",
                                  data={"title": "外人加的", "year": "2020"}),
    "places:honour_delete": Route(lambda w: {"pk": w.honour_a.pk}, method="post"),
    "places:building_create": Route(lambda w: {"pk": w.community_a.pk}, method="post",
                                    data={"name": "外人楼", "floors": "5", "units": "1",
                                          "use": "residential"}),
    "places:building_detail": Route(lambda w: {"pk": w.building_a1.pk}),
    "places:building_edit": Route(lambda w: {"pk": w.building_a1.pk}, method="post",
                                  data={"name": "改名", "floors": "5", "use": "residential"}),
    "places:flat_edit": Route(lambda w: {"pk": w.flat_a1.pk}, method="post",
                              data={"room_number": "101", "floor": "1", "floor_area": "1",
                                    "area_source": "survey"}),
    "places:flat_unsold": Route(lambda w: {"pk": w.flat_a1.pk}, method="post",
                                data={"unsold": "on", "evidence": "开发商证明"}),
    "audit:entry_list": Route(kind="list", insider="street_admin"),
    "people:person_list": Route(kind="list"),
    "people:person_create": Route(method="post", query=lambda w: {"flat": w.flat_a1.pk},
                                  data={"name": "外人", "hukou_type": "local",
                                        "move-relation": "head"}),
    "people:my_record": Route(kind="own", method="post", insider="resident_a"),
    "people:my_correction_create": Route(kind="own", method="post", insider="resident_a"),
    "people:person_detail": Route(lambda w: {"pk": w.person_a.pk}),
    "people:person_edit": Route(lambda w: {"pk": w.person_a.pk}, method="post",
                                data={"name": "改名", "hukou_type": "local"}),
    "people:person_quick_edit": Route(lambda w: {"pk": w.person_a.pk}, method="post",
                                      data={"phone": "13900000000", "notes": "外人改的"}),
    "people:person_reveal": Route(lambda w: {"pk": w.person_a.pk}, method="post",
                                  data={"field": "id_number", "reason": "contact"}),
    "people:person_move_out": Route(lambda w: {"pk": w.person_a.pk}, method="post",
                                    data={"moved_out_on": "2026-01-01"}),
    "people:flat_households": Route(lambda w: {"flat_id": w.flat_a1.pk}, method="post"),
    "people:correction_resolve": Route(lambda w: {"pk": w.correction_a.pk}, method="post",
                                       data={"status": "done"}),
    "people:import_list": Route(kind="list", method="post"),
    "people:import_template": Route(kind="list"),
    "people:import_detail": Route(lambda w: {"pk": w.import_run_a.pk}),
    "people:import_confirm": Route(lambda w: {"pk": w.import_run_a.pk}, method="post",
                                   data={"only_clean_rows": "1"}),
    "people:people_export": Route(method="post", data=lambda w: {"community": w.community_a.pk},
                                  insider="secretary_a"),
    "notifications:inbox": Route(with_notice_of_a, kind="list"),
    "notifications:notification_detail":
        Route(lambda w: notice_of_a(w) and {"pk": w.notification_a.pk}, insider="secretary_a"),
    # marking all read touches the caller's own inbox only (an UPDATE by recipient)
    "notifications:mark_all_read": Route(with_notice_of_a, kind="own", method="post",
                                         own_changes=("notifications.Notification",)),
    "notifications:unread_badge": Route(kind="public"),
    "notifications:preferences": Route(kind="own", method="post",
                                       data={"mobile": "13800000000"}),
    "notifications:notice_list": Route(with_notice_of_a, kind="list"),
    "notifications:notice_create": Route(lambda w: {"community_pk": w.community_a.pk},
                                         method="post", data={"title": "外人发的"}),
    "notifications:notice_detail": Route(lambda w: {"pk": notice_of_a(w).pk}),
    "notifications:notice_print": Route(lambda w: {"pk": notice_of_a(w).pk}),
    "jobs:operations": Route(with_notice_of_a, kind="list", insider="superuser"),
    "deliberation:vote_list": Route(lambda w: vote_of_a(w) and None, kind="list"),
    "deliberation:vote_create": Route(kind="list", method="post",
                                      data=lambda w: {"building": w.building_a1.pk,
                                                      "title": "外人发起", "item_number": 7,
                                                      "closes_on": "2030-01-01",
                                                      "cost_total": "0",
                                                      "cost_scheme": "area"}),
    "deliberation:vote_detail": Route(lambda w: {"pk": vote_of_a(w).pk}),
    "deliberation:vote_action": Route(lambda w: {"pk": vote_of_a(w).pk, "action": "close"},
                                      method="post"),
    "deliberation:vote_record": Route(lambda w: {"pk": vote_of_a(w).pk}),
    "deliberation:ballot_scan": Route(lambda w: {"pk": paper_ballot_of_a(w).pk}),
    "deliberation:vote_document": Route(lambda w: {"pk": vote_document_of_a(w).pk}),
    "deliberation:proxy_document": Route(
        lambda w: paper_ballot_of_a(w) and {"pk": w.proxy_a.pk}),
    "deliberation:my_votes": Route(lambda w: vote_of_a(w) and None, kind="own", insider="owner_a"),
    "deliberation:my_ballot": Route(lambda w: {"pk": vote_of_a(w).pk, "action": "ballot"},
                                    method="post",
                                    data=lambda w: {"elector": str(
                                        vote_of_a(w).electors.first().pk), "choice": "yes"},
                                    insider="owner_a"),
    "deliberation:poll_list": Route(lambda w: poll_of_a(w) and None, kind="list"),
    "deliberation:poll_create": Route(kind="list", method="post",
                                      data=lambda w: {"community": w.community_a.pk,
                                                      "title": "外人发起", "kind": "yes_no",
                                                      "closes_on": "2030-01-01",
                                                      "quorum": "1/2", "majority": "1/2",
                                                      "publicity_days": "7"}),
    "deliberation:poll_detail": Route(lambda w: {"pk": poll_of_a(w).pk}),
    "deliberation:poll_action": Route(lambda w: {"pk": poll_of_a(w).pk, "action": "close"},
                                      method="post"),
    "deliberation:poll_ballot_scan": Route(lambda w: poll_of_a(w) and {
        "pk": w.poll_ballot_a.pk}),
    "deliberation:my_polls": Route(lambda w: poll_of_a(w) and None, kind="own", insider="owner_a"),
    "deliberation:my_poll_ballot": Route(lambda w: {"pk": poll_of_a(w).pk, "action": "ballot"},
                                         method="post",
                                         data={"choice": "yes"}, insider="owner_a"),
    "deliberation:publicity_photo_add": Route(lambda w: {"pk": published_vote_of_a(w).pk},
                                              method="post",
                                              data={"posted_on": "2026-01-01",
                                                    "place": "外人"}),
    "deliberation:publicity_photo": Route(lambda w: published_vote_of_a(w) and {
        "pk": w.publicity_photo_a.pk}),
    "deliberation:vote_notice": Route(lambda w: {"pk": published_vote_of_a(w).pk}),
    "cobuilding:board": Route(lambda w: cobuilding_of_a(w) and {}, kind="list"),
    "cobuilding:need_create": Route(method="post", data=lambda w: {
        "community": w.community_a.pk, "title": "外人提的", "category": "other",
        "urgency": "low"}),
    "cobuilding:need_detail": Route(lambda w: {"pk": cobuilding_of_a(w).need_a.pk}),
    # the resource by its id in this database (PostgreSQL's ids do not restart at 1)
    "cobuilding:match_propose": Route(
        lambda w: {"pk": cobuilding_of_a(w).need_a.pk}, method="post",
        data=lambda w: {"resource": str(cobuilding_of_a(w).resource_a.pk)}),
    "cobuilding:project_detail": Route(lambda w: {"pk": cobuilding_of_a(w).project_a.pk}),
    "cobuilding:project_lead": Route(lambda w: {"pk": cobuilding_of_a(w).project_a.pk},
                                     method="post", data=lambda w: {
                                         "lead_user": w.users["staff_a"].pk}),
    "cobuilding:need_reopen": Route(lambda w: {"pk": cobuilding_of_a(w).need_a.pk},
                                    method="post", data={"reason": "外人重开"}),
    "cobuilding:report_create": Route(lambda w: {"pk": cobuilding_of_a(w).project_a.pk},
                                      method="post", data={"text": "外人写的"}),
    "cobuilding:project_publish": Route(lambda w: {"pk": cobuilding_of_a(w).project_a.pk},
                                        method="post", data={"result": "x", "summary": "x"}),
    "cobuilding:partner_home": Route(lambda w: cobuilding_of_a(w) and {}, kind="own",
                                     insider="contact_a"),
    "cobuilding:unit_list": Route(lambda w: cobuilding_of_a(w) and {}, kind="list"),
    "cobuilding:unit_create": Route(lambda w: cobuilding_of_a(w) and None, method="post",
                                    data=lambda w: {
        "community": w.community_a.pk, "name": "外人单位", "kind": "bank"}),
    "cobuilding:unit_detail": Route(lambda w: {"pk": cobuilding_of_a(w).unit_a.pk}),
    "cobuilding:unit_edit": Route(lambda w: {"pk": cobuilding_of_a(w).unit_a.pk},
                                  method="post", data={"name": "外人改名", "kind": "bank"}),
    "cobuilding:contact_add": Route(lambda w: {"pk": cobuilding_of_a(w).unit_a.pk},
                                    method="post", data={"new-username": "外人联络",
                                                         "new-display_name": "外人",
                                                         "new-password": "x"}),
    "cobuilding:contact_link": Route(lambda w: {"pk": cobuilding_of_a(w).unit_a.pk},
                                     method="post", data={"link-username": "resident_a"}),
    "cobuilding:contact_remove": Route(lambda w: {"pk": cobuilding_of_a(w).contact_a.pk},
                                       method="post"),
    "cobuilding:agreement_create": Route(lambda w: {"pk": cobuilding_of_a(w).unit_a.pk},
                                         method="post", data={
                                             "title": "外人协议", "starts_on": "2026-01-01",
                                             "ends_on": "2027-01-01", "cadence": "monthly"}),
    "cobuilding:agreement_list": Route(lambda w: cobuilding_of_a(w) and {}, kind="list"),
    "cobuilding:agreement_detail": Route(lambda w: {"pk": cobuilding_of_a(w).agreement_a.pk}),
    "cobuilding:agreement_edit": Route(lambda w: {"pk": cobuilding_of_a(w).agreement_a.pk},
                                       method="post", data={
                                           "title": "外人改", "starts_on": "2026-01-01",
                                           "ends_on": "2027-01-01", "cadence": "monthly"}),
    "cobuilding:agreement_review": Route(lambda w: {"pk": cobuilding_of_a(w).agreement_a.pk},
                                         method="post", data={"note": "外人评"}),
    "cobuilding:agreement_renew": Route(lambda w: {"pk": cobuilding_of_a(w).agreement_a.pk},
                                        method="post", data={"starts_on": "2027-01-01",
                                                             "ends_on": "2028-01-01"}),
    "cobuilding:resource_list": Route(lambda w: cobuilding_of_a(w) and {}, kind="list"),
    "cobuilding:resource_create": Route(lambda w: cobuilding_of_a(w) and None, method="post",
                                        data=lambda w: {
        "community": w.community_a.pk, "offered_by_member": "外人", "title": "外人资源",
        "kind": "talk", "category": "other"}),
    "cobuilding:resource_edit": Route(lambda w: {"pk": cobuilding_of_a(w).resource_a.pk},
                                      method="post", data={"title": "外人改", "kind": "talk",
                                                           "category": "other"}),
    "cobuilding:need_edit": Route(lambda w: {"pk": cobuilding_of_a(w).need_a.pk},
                                  method="post", data={"title": "外人改", "category": "other",
                                                       "urgency": "low"}),
    "cobuilding:need_close": Route(lambda w: {"pk": cobuilding_of_a(w).need_a.pk},
                                   method="post", data={"reason": "外人关"}),
    "cobuilding:project_create": Route(lambda w: cobuilding_of_a(w) and None, method="post",
                                       data=lambda w: {
                                           "community": w.community_a.pk, "title": "外人项目",
                                           "matches": [w.match_a.pk], "lead_unit": w.unit_a.pk}),
    "cobuilding:milestone_create": Route(lambda w: {"pk": cobuilding_of_a(w).project_a.pk},
                                         method="post", data={"title": "外人节点"}),
    "cobuilding:milestone_done": Route(lambda w: {"pk": cobuilding_of_a(w).milestone_a.pk},
                                       method="post"),
    # moved to the public portal (issue 17): 302 to the resident's community's projects
    "cobuilding:community_projects": Route(lambda w: cobuilding_of_a(w) and {}, kind="moved",
                                           insider="resident_a"),
    # residents rate finished projects only: project_a is still running
    "cobuilding:project_evaluate": Route(lambda w: {"pk": cobuilding_of_a(w).project_a.pk},
                                         method="post", data={"rating": "5"}, insider="resident_a",
        insider_kwargs=lambda w: {"pk": finished_project_of_a(w).pk}),
    "cobuilding:partner_resource_create": Route(
        lambda w: cobuilding_of_a(w) and {}, kind="own", method="post",
        data={"title": "外人资源", "kind": "talk", "category": "other"}, insider="contact_a"),
    "cobuilding:match_respond": Route(lambda w: {"pk": cobuilding_of_a(w).match_a.pk},
                                      method="post", data={"decision": "accept"},
                                      insider="contact_a"),
    "casework:case_list": Route(with_case_of_a, kind="list"),
    # resident_a may report in community A: a two-character description is refused for them
    # too, so nothing may change; outsiders are refused the building before that
    "casework:case_create": Route(
        with_case_of_a, kind="own", method="post",
        data=lambda w: {"category": case_of_a(w).category_id, "building": w.building_a1.pk,
                        "description": "外人"}),
    "casework:board": Route(with_case_of_a, kind="moved"),  # to the portal (issue 17)
    "casework:rates": Route(with_case_of_a, kind="list"),
    "reports:dashboard": Route(with_case_of_a, kind="list",
                               query=lambda w: {"period": "custom", "start": "2026-01-01",
                                                "end": "2030-12-31",
                                                "community": w.community_a.pk}),
    "reports:metric_rows": Route(lambda w: with_case_of_a(w) or {"key": "cases_received"},
                                 kind="list",
                                 query=lambda w: {"start": "2026-01-01", "end": "2030-12-31",
                                                  "community": w.community_a.pk}),
    "casework:case_detail": Route(lambda w: {"pk": case_of_a(w).pk}),
    "cobuilding:need_from_case": Route(lambda w: {"case_pk": case_of_a(w).pk}, method="post",
                                       data={"category": "other"}),
    "casework:case_action": Route(lambda w: {"pk": case_of_a(w).pk, "action": "escalate"},
                                  method="post", data={"note": "外人上报"}),
    "casework:case_reveal": Route(lambda w: {"pk": case_of_a(w).pk}, method="post",
                                  data={"field": "description", "reason": "contact"}),
    "casework:photo_download": Route(lambda w: case_of_a(w) and {"pk": w.photo_a.pk}),
    # a partner unit's contact: only requests dispatched to their own unit; others get 404
    "casework:partner_case_list": Route(lambda w: partner_case_of_a(w) and {}, kind="own",
                                        insider="contact_a"),
    "casework:partner_case_detail": Route(lambda w: {"pk": partner_case_of_a(w).pk},
                                          insider="contact_a"),
    "casework:partner_case_action": Route(
        lambda w: {"pk": partner_case_of_a(w).pk, "action": "return"}, method="post",
        data={"note": "外人退回"}, insider="contact_a"),
    "casework:partner_photo_download": Route(
        lambda w: partner_case_of_a(w) and {"pk": w.partner_photo_a.pk}, insider="contact_a"),
    "jobs:job_retry": Route(lambda w: {"pk": job_of_system(w).pk}, method="post",
                            insider="superuser"),
    "deliberation:topic_list": Route(lambda w: topics_of_a(w) and None, kind="list"),
    # a two-character title is refused for everyone, so nothing may change
    "deliberation:topic_create": Route(kind="list", method="post", data=lambda w: {
        "community": w.community_a.pk, "title": "外人", "description": "外人", "kind": "ordinary"}),
    "deliberation:topic_outcomes": Route(lambda w: topics_of_a(w) and None,
                                         kind="moved"),  # to the portal (issue 17)
    "deliberation:topic_detail": Route(lambda w: {"pk": topics_of_a(w).topic_a.pk}),
    "deliberation:topic_action": Route(lambda w: {"pk": topics_of_a(w).topic_a.pk,
                                                  "action": "accept"}, method="post"),
    "deliberation:meeting_create": Route(lambda w: {"pk": topics_of_a(w).topic_a.pk},
                                         method="post", data={"title": "外人开会"}),
    "deliberation:topic_from_case": Route(lambda w: {"case_pk": case_of_a(w).pk},
                                          method="post"),
    "deliberation:meeting_detail": Route(lambda w: {"pk": topics_of_a(w).meeting_a.pk}),
    "deliberation:meeting_action": Route(lambda w: {"pk": topics_of_a(w).meeting_a.pk,
                                                    "action": "sign-in"}, method="post"),
    "deliberation:task_complete": Route(lambda w: {"pk": topics_of_a(w).task_a.pk},
                                        method="post", data={"note": "外人完成"}),
    "deliberation:topic_document": Route(lambda w: {"pk": topics_of_a(w).topic_document_a.pk}),
    "activities:duty_board": Route(with_duty_of_a, kind="list"),
    "activities:duty_swaps": Route(with_duty_of_a, kind="list", insider="vol_a2"),
    "activities:duty_signup": Route(lambda w: {"pk": duty_of_a(w).signup1.pk},
                                    insider="vol_a1"),
    "activities:duty_signup_action": Route(
        lambda w: {"pk": duty_of_a(w).signup1.pk, "action": "cover"}, method="post",
        data={"note": "外人替班"}, insider="vol_a1"),
    "activities:duty_request_action": Route(
        lambda w: {"pk": duty_of_a(w).cover.pk, "action": "take"}, method="post",
        insider="vol_a2"),
    "activities:finding_list": Route(with_duty_of_a, kind="list"),
    "activities:finding_detail": Route(lambda w: {"pk": duty_of_a(w).finding.pk}),
    "activities:finding_convert": Route(lambda w: {"pk": duty_of_a(w).finding.pk},
                                        method="post"),
    "party:home": Route(with_party_of_a, kind="list"),
    "party:organisation_detail": Route(lambda w: {"pk": party_of_a(w).branch_a.pk}),
    "party:organisation_create": Route(lambda w: {"pk": party_of_a(w).branch_a.pk},
                                       method="post", data={"kind": "group", "name": "外人组"}),
    "party:officer_appoint": Route(lambda w: {"pk": party_of_a(w).branch_a.pk}, method="post",
                                   data=lambda w: {"title": "member",
                                                   "member": w.member_a.pk,
                                                   "term_start": "2026-01-01"}),
    "party:officer_end": Route(lambda w: {"pk": party_of_a(w).officer_a.pk}, method="post",
                               data={"term_end": "2026-01-01"}),
    "party:member_list": Route(with_party_of_a, kind="list"),
    "party:member_create": Route(method="post", query=lambda w: {"person": w.person_resident_a.pk},
                                 data={"status": "full", "full_on": "2000-01-01",
                                       "kind": "in_service", "work_unit_name": "外人"}),
    "party:member_register": Route(method="post",
                                   query=lambda w: {"person": w.person_resident_a.pk},
                                   data={"status": "full", "full_on": "2000-01-01",
                                         "kind": "in_service", "work_unit_name": "外人"}),
    "party:member_detail": Route(lambda w: {"pk": party_of_a(w).member_a.pk}),
    "party:member_edit": Route(lambda w: {"pk": party_of_a(w).member_a.pk}, method="post",
                               data={"status": "applicant", "applied_on": "2026-01-01",
                                     "kind": "community"}),
    "party:member_reveal": Route(lambda w: {"pk": party_of_a(w).member_a.pk}, method="post",
                                 data={"reason": "contact"}),
    "party:my_party": Route(with_party_of_a, kind="own", insider="party_a"),
    "party:my_registration": Route(with_party_of_a, kind="own", method="post",
                                   data={"skills": "外人改的", "work_unit_name": "外人单位"},
                                   insider="party_a"),
    "party:my_resource_create": Route(with_party_of_a, kind="own", method="post",
                                      data={"title": "外人资源", "kind": "skills",
                                            "category": "other"}, insider="party_a"),
    "party:street_committee_create": Route(with_party_of_a, method="post", data=lambda w: {
        "street": w.street.pk, "name": "外人党工委"}, insider="street_admin"),
    "party:post_list_moved": Route(with_party_of_a, kind="moved"),
    "party:post_detail_moved": Route(lambda w: {"pk": party_of_a(w).post_a.pk}),
    "activities:post_list": Route(with_party_of_a, kind="list"),
    "activities:post_create": Route(with_party_of_a, method="post", data=lambda w: {
        "community": w.community_a.pk, "title": "外人发的", "kind": "service",
        "category": "other", "open_to": "volunteers", "layout": "one", "date": "2026-05-01",
        "slots": "3"}),
    "activities:post_detail": Route(lambda w: {"pk": party_of_a(w).post_a.pk}),
    "activities:post_action": Route(lambda w: {"pk": party_of_a(w).post_a.pk,
                                               "action": "status"}, method="post",
                                    data={"status": "closed"}),
    "activities:shift_action": Route(lambda w: {"pk": rota_of_a(w).shift_a.pk,
                                                "action": "assign"}, method="post",
                                     data=lambda w: {"volunteer": w.volunteer_member_a.pk}),
    "activities:shift_signup_action": Route(lambda w: {"pk": party_of_a(w).shift_signup_a.pk,
                                                       "action": "confirm"}, method="post",
                                            data={"work_done": "外人确认", "hours": "2"}),
    "activities:my_shifts": Route(with_party_of_a, kind="own", insider="party_a"),
    "party:summary": Route(with_party_of_a, kind="list", query=lambda w: {"year": "2026"}),
    "party:summary_export": Route(with_party_of_a, method="post",
                                  data=lambda w: {"community": w.community_a.pk,
                                                  "year": "2026"}),
    "activities:volunteer_list": Route(with_volunteering_of_a, kind="list"),
    "activities:volunteer_join": Route(with_volunteering_of_a, kind="own", method="post",
                                       data=lambda w: {"community": w.community_a.pk,
                                                       "consent": "on"},
                                       insider="resident_a",
                                       own_changes=("activities.Volunteer", "audit.AuditEntry")),
    # person_a has a profile already: the insider's POST is answered on the form
    "activities:volunteer_register": Route(with_volunteering_of_a, method="post",
                                           query=lambda w: {"person": w.person_a.pk}),
    "activities:unit_staff_register": Route(with_volunteering_of_a, method="post",
                                            data={"name": "甲出纳"},
                                            insider="jia_bank_contact"),
    "activities:volunteer_detail": Route(lambda w: {"pk": volunteering_of_a(w).applicant.pk}),
    "activities:volunteer_edit": Route(lambda w: {"pk": volunteering_of_a(w).applicant.pk},
                                       method="post", data={"skills": "书法"}),
    "activities:volunteer_action": Route(
        lambda w: {"pk": volunteering_of_a(w).applicant.pk, "action": "confirm"},
        method="post"),
    "activities:certificate_issue": Route(
        lambda w: {"pk": volunteering_of_a(w).applicant.pk}, method="post"),
    "activities:certificate_pdf": Route(
        lambda w: {"pk": (volunteering_of_a(w), w.volunteering_certificate_a)[1].pk}),
    "activities:certificate_verify": Route(
        with_volunteering_of_a, kind="list",
        query=lambda w: {"serial": (volunteering_of_a(w), w.volunteering_certificate_a)[1].serial}),
    "activities:my_hours": Route(with_volunteering_of_a, kind="own", insider="resident_a"),
    "activities:correction_request": Route(
        lambda w: {"pk": volunteering_of_a(w).entry.pk}, method="post", kind="own",
        data={"hours": "4", "reason": "漏记"}, insider="resident_a",
        own_changes=("activities.HoursCorrection", "audit.AuditEntry")),
    "activities:correction_list": Route(with_volunteering_of_a, kind="list"),
    "activities:correction_action": Route(
        lambda w: {"pk": (volunteering_of_a(w), w.volunteering_correction_a)[1].pk,
                   "action": "approve"}, method="post"),
    "activities:hours_statistics": Route(with_volunteering_of_a, kind="list",
                                         insider="street_admin"),
    # care: register (甲老人, unpaired: resident_a, an outsider here, helps only 甲居民)
    "care:household_list": Route(with_care_of_a, kind="list"),
    "care:household_register": Route(with_care_of_a, method="post",
                                     query=lambda w: {"person": w.person_resident_a.pk},
                                     data={"kinds": ["other"], "visit_every_days": "30"}),
    "care:household_detail": Route(lambda w: {"pk": care_of_a(w).unpaired.pk}),
    "care:household_edit": Route(lambda w: {"pk": care_of_a(w).unpaired.pk}, method="post",
                                 data={"kinds": ["other"], "visit_every_days": "20"}),
    "care:household_action": Route(lambda w: {"pk": care_of_a(w).unpaired.pk,
                                              "action": "close"}, method="post",
                                   data={"reason": "外人结束"}),
    "care:pairing_create": Route(lambda w: {"pk": care_of_a(w).unpaired.pk}, method="post",
                                 data=lambda w: {"helper_kind": "unit",
                                                 "unit": care_of_a(w).volunteering.unit.pk,
                                                 "starts_on": "2026-04-01"}),
    # the bank's pairing with 甲居民: resident_a sees it (403), may not end it
    "care:pairing_end": Route(lambda w: {"pk": care_of_a(w).pairing_unit.pk}, method="post"),
    "care:statistics": Route(with_care_of_a, kind="list", insider="street_admin"),
    "activities:calendar": Route(with_events_of_a, kind="list"),
    "activities:my_signups": Route(with_events_of_a, kind="own", insider="attendee_a"),
    "activities:planner": Route(with_events_of_a, kind="list"),
    "activities:activity_create": Route(with_events_of_a, kind="list", method="post",
                                        data=lambda w: {
                                            "community": w.community_a.pk, "title": "外人活动",
                                            "kind": "talk", "place": "外人地点",
                                            "starts_at": "2030-04-01T09:00",
                                            "ends_at": "2030-04-01T10:00", "capacity": 10,
                                            "audience": "everyone", "offer_hours": 24}),
    "activities:activity_detail": Route(lambda w: {"pk": events_of_a(w).activity_draft_a.pk}),
    "activities:activity_edit": Route(lambda w: {"pk": events_of_a(w).activity_draft_a.pk}),
    "activities:activity_action": Route(lambda w: {"pk": events_of_a(w).activity_draft_a.pk,
                                                   "action": "publish"}, method="post"),
    # resident_a lives outside 甲楼一号: the audience refuses them
    "activities:activity_join": Route(lambda w: {"pk": events_of_a(w).activity_a.pk},
                                      kind="own", method="post", insider="attendee_a"),
    "activities:attendance": Route(lambda w: {"pk": events_of_a(w).activity_a.pk}),
    "activities:checkin_code": Route(lambda w: {"pk": events_of_a(w).activity_a.pk}),
    "activities:checkin": Route(lambda w: {"token": checkin_token_of_a(w)}, kind="own",
                                method="post", insider="attendee_a"),
    "activities:signup_action": Route(lambda w: {"pk": events_of_a(w).signup_a.pk,
                                                 "action": "cancel_signup"}, method="post",
                                      insider="attendee_a"),
    "activities:photo_file": Route(lambda w: {"pk": events_of_a(w).activity_photo_a.pk}),
    # care: festival campaigns
    "care:campaign_list": Route(with_campaigns_of_a, kind="list"),
    "care:campaign_create": Route(
        with_campaigns_of_a, method="post", query=lambda w: {"community": w.community_a.pk},
        data=lambda w: {"community": w.community_a.pk, "targets": "all", **CAMPAIGN_DATA}),
    "care:my_campaign_visits": Route(with_campaigns_of_a, kind="own", insider="resident_a"),
    "care:campaign_board": Route(lambda w: {"pk": campaigns_of_a(w).pk}),
    "care:campaign_report": Route(lambda w: {"pk": campaigns_of_a(w).pk},
                                  insider="street_admin"),
    "care:campaign_report_pdf": Route(lambda w: {"pk": campaigns_of_a(w).pk},
                                      insider="street_admin"),
    "care:campaign_action": Route(lambda w: {"pk": campaigns_of_a(w).pk, "action": "close"},
                                  method="post"),
    "care:campaign_visit": Route(lambda w: {"pk": campaign_target_of_a(w).pk}, method="post",
                                 data={"visited_on": "2026-01-22"}),
    "care:campaign_target_pairing": Route(lambda w: {"pk": campaign_target_of_a(w).pk},
                                          method="post"),
    # care's visits: rows of 甲老人, whom resident_a does not help (their own 我的帮扶 is 甲居民)
    "care:my_households": Route(with_care_of_a, kind="own", insider="resident_a"),
    "care:overdue": Route(with_care_of_a, kind="list"),
    "care:household_visits": Route(lambda w: {"pk": care_of_a(w).unpaired.pk}),
    "care:visit_create": Route(lambda w: {"pk": care_of_a(w).unpaired.pk}, method="post"),
    "care:visit_queue": Route(lambda w: care_visit_of_a(w) and None, kind="list",
                              query=lambda w: {"queue": "follow_ups"}),
    "care:visit_detail": Route(lambda w: {"pk": care_visit_of_a(w).pk}),
    "care:visit_photo": Route(lambda w: {"pk": care_visit_of_a(w).pk}),
    "care:visit_action": Route(lambda w: {"pk": care_visit_of_a(w).pk, "action": "done"},
                               method="post"),
    # reports: work ledgers
    "reports:ledger_list": Route(
        kind="list", method="post",
        data=lambda w: {"target": f"community-{w.community_a.pk}", **LEDGER_REQUEST}),
    "reports:ledger_detail": Route(lambda w: {"pk": ledger_run_of_a(w).pk}),
    "reports:ledger_download": Route(lambda w: {"pk": ledger_run_of_a(w).pk}),
    # portal: the articles' back office (community A's draft; the street's series)
    "portal:article_list": Route(lambda w: articles_of_a(w) and None, kind="list"),
    "portal:article_create": Route(
        lambda w: articles_of_a(w) and None, kind="list", method="post",
        data=lambda w: {"place": f"c{w.community_a.pk}", "kind": "news", "title": "外人文章",
                        "body_html": "<p>外人</p>"}),
    "portal:article_detail": Route(lambda w: {"pk": articles_of_a(w).draft_a.pk}),
    "portal:article_edit": Route(lambda w: {"pk": articles_of_a(w).draft_a.pk}, method="post",
                                 data={"kind": "news", "title": "外人改名",
                                       "body_html": "<p>外人</p>"}),
    "portal:article_image_add": Route(lambda w: {"pk": articles_of_a(w).draft_a.pk},
                                      method="post"),
    "portal:article_action": Route(lambda w: {"pk": articles_of_a(w).draft_a.pk,
                                              "action": "submit"}, method="post"),
    "portal:series_list": Route(lambda w: articles_of_a(w) and None, kind="list"),
    "portal:series_create": Route(
        lambda w: articles_of_a(w) and None, kind="list", method="post",
        data=lambda w: {"place": f"c{w.community_a.pk}", "title": "外人专栏"}),
    "portal:series_edit": Route(lambda w: {"pk": articles_of_a(w).series.pk}, method="post",
                                data={"title": "外人改名"}, insider="street_admin"),
    # the public portal (issue 17): readable without logging in
    "portal:home": Route(kind="public"),
    "portal:district": Route(lambda w: {"code": w.district.code}, kind="public"),
    "portal:street": Route(lambda w: {"code": w.street.code}, kind="public"),
    "portal:street_feed": Route(lambda w: portal_articles_of(w) and {"code": w.street.code},
                                kind="public"),
    "portal:community": Route(lambda w: {"pk": w.community_a.pk}, kind="public"),
    "portal:community_articles": Route(lambda w: {"pk": w.community_a.pk}, kind="public"),
    "portal:community_notices": Route(lambda w: {"pk": w.community_a.pk}, kind="public"),
    "portal:community_outcomes": Route(lambda w: {"pk": w.community_a.pk}, kind="public"),
    "portal:community_problems": Route(lambda w: {"pk": w.community_a.pk}, kind="public"),
    "portal:community_activities": Route(lambda w: {"pk": w.community_a.pk}, kind="public"),
    "portal:community_projects": Route(lambda w: {"pk": w.community_a.pk}, kind="public"),
    "portal:community_feed": Route(lambda w: {"pk": w.community_a.pk}, kind="public"),
    "portal:article": Route(lambda w: {"pk": portal_articles_of(w).published_a.pk},
                            kind="public"),
    "portal:series": Route(lambda w: {"pk": portal_articles_of(w).series.pk}, kind="public"),
    # a published article's image (a draft's: portal/tests/articles/test_images.py)
    "portal:image": Route(lambda w: {"pk": portal_image_of(w).pk}, kind="public"),
}
# Django's own and third-party route groups, checked by prefix.
EXTERNAL_PREFIXES = ("admin:", "api:")

def ledger_run_of_a(world):
    """A finished ledger (Excel) of community A for March 2026, asked for by A's staff."""
    if not hasattr(world, "ledger_run_a"):
        import datetime

        from gongzhi.reports.jobs import build_ledger
        from gongzhi.reports.ledgers import services as ledger_services

        run = ledger_services.ledger_request(
            actor=world.users["staff_a"], community=world.community_a, period_kind="month",
            year=2026, month=3, format="xlsx", today=datetime.date(2026, 4, 1))
        build_ledger(run.pk)
        run.refresh_from_db()
        world.ledger_run_a = run
    return world.ledger_run_a


LEDGER_REQUEST = {"period_kind": "month", "year": 2026, "month": 3, "format": "xlsx"}


def token_of_staff_a(world) -> int:
    """An API token of community A's staff member (issued here when the test has none)."""
    user = world.users["staff_a"]
    if not user.api_tokens.exists():
        api_token_create(user=user)
    return user.api_tokens.order_by("pk").first().pk


API_ROUTES = {
    ("POST", "/api/v1/portal/codes"):
        Route(kind="public", method="post", data={"phone": "13600136008", "purpose": "signup"}),
    ("POST", "/api/v1/portal/signup"): Route(kind="public", method="post", data=signup_payload),
    ("POST", "/api/v1/portal/password-reset"):
        Route(kind="public", method="post", data=reset_payload),
    ("GET", "/api/v1/portal/accounts"): Route(with_pending_account_of_a, kind="list"),
    ("GET", "/api/v1/portal/accounts/{account_id}"):
        Route(lambda w: {"account_id": pending_account_of_a(w).pk}),
    ("POST", "/api/v1/portal/accounts/{account_id}/confirm"):
        Route(lambda w: {"account_id": pending_account_of_a(w).pk}, method="post",
              data=lambda w: {"person_id": w.person_a.pk}),
    ("POST", "/api/v1/portal/accounts/{account_id}/reject"):
        Route(lambda w: {"account_id": pending_account_of_a(w).pk}, method="post",
              data={"note": "外人驳回"}),
    # portal: the articles' back office
    ("GET", "/api/v1/portal/articles"): Route(lambda w: articles_of_a(w) and None, kind="list"),
    ("POST", "/api/v1/portal/articles"): Route(
        lambda w: articles_of_a(w) and None, method="post",
        data=lambda w: {"community_id": w.community_a.pk, "title": "外人文章",
                        "body_html": "<p>外人</p>"}),
    ("GET", "/api/v1/portal/articles/{article_id}"):
        Route(lambda w: {"article_id": articles_of_a(w).draft_a.pk}),
    ("PATCH", "/api/v1/portal/articles/{article_id}"):
        Route(lambda w: {"article_id": articles_of_a(w).draft_a.pk}, method="patch",
              data={"title": "外人改名"}),
    ("POST", "/api/v1/portal/articles/{article_id}/submit"):
        Route(lambda w: {"article_id": articles_of_a(w).draft_a.pk}, method="post"),
    ("POST", "/api/v1/portal/articles/{article_id}/publish"):
        Route(lambda w: {"article_id": articles_of_a(w).draft_a.pk}, method="post",
              insider="secretary_a"),
    ("POST", "/api/v1/portal/articles/{article_id}/return"):
        Route(lambda w: {"article_id": articles_of_a(w).draft_a.pk}, method="post",
              data={"note": "外人退回"}, insider="secretary_a"),
    ("POST", "/api/v1/portal/articles/{article_id}/withdraw"):
        Route(lambda w: {"article_id": articles_of_a(w).published_a.pk}, method="post",
              insider="secretary_a"),
    ("POST", "/api/v1/portal/articles/{article_id}/redraft"):
        Route(lambda w: {"article_id": articles_of_a(w).draft_a.pk}, method="post"),
    ("GET", "/api/v1/portal/articles/{article_id}/images"):
        Route(lambda w: {"article_id": articles_of_a(w).draft_a.pk}),
    ("POST", "/api/v1/portal/articles/{article_id}/images"):
        Route(lambda w: {"article_id": articles_of_a(w).draft_a.pk}, method="post"),
    ("GET", "/api/v1/portal/series"): Route(lambda w: articles_of_a(w) and None, kind="list"),
    ("POST", "/api/v1/portal/series"): Route(
        lambda w: articles_of_a(w) and None, method="post",
        data=lambda w: {"street_id": w.street.pk, "title": "外人专栏"},
        insider="street_admin"),
    ("PATCH", "/api/v1/portal/series/{series_id}"):
        Route(lambda w: {"series_id": articles_of_a(w).series.pk}, method="patch",
              data={"title": "外人改名"}, insider="street_admin"),
    ("GET", "/api/v1/care/supplies/stores"): Route(with_supplies_of_a, kind="list"),
    ("POST", "/api/v1/care/supplies/stores"):
        Route(with_supplies_of_a, method="post",
              data=lambda w: {"community_id": w.community_a.pk, "name": "外人仓库"}),
    ("GET", "/api/v1/care/supplies/stores/{store_id}"):
        Route(lambda w: {"store_id": supplies_of_a(w).care.store.pk}),
    ("PATCH", "/api/v1/care/supplies/stores/{store_id}"):
        Route(lambda w: {"store_id": supplies_of_a(w).care.store.pk}, method="patch",
              data={"name": "外人改名"}),
    ("POST", "/api/v1/care/supplies/stores/{store_id}/deactivate"):
        Route(lambda w: {"store_id": supplies_of_a(w).care.store.pk}, method="post"),
    ("POST", "/api/v1/care/supplies/stores/{store_id}/activate"):
        Route(lambda w: {"store_id": supplies_of_a(w).care.store.pk}, method="post"),
    ("GET", "/api/v1/care/supplies/stores/{store_id}/stock"):
        Route(lambda w: {"store_id": supplies_of_a(w).care.store.pk}),
    ("GET", "/api/v1/care/supplies/items"): Route(with_supplies_of_a, kind="list"),
    ("POST", "/api/v1/care/supplies/items"):
        Route(with_supplies_of_a, method="post",
              data=lambda w: {"community_id": w.community_a.pk, "name": "外人物资", "unit": "个"}),
    ("PATCH", "/api/v1/care/supplies/items/{item_id}"):
        Route(lambda w: {"item_id": supplies_of_a(w).care.masks.pk}, method="patch",
              data={"name": "外人改名", "unit": "箱", "kind": "other"}),
    ("GET", "/api/v1/care/supplies/donations"): Route(with_supplies_of_a, kind="list"),
    ("POST", "/api/v1/care/supplies/donations"):
        Route(with_supplies_of_a, method="post", data=lambda w: {
            "store_id": supplies_of_a(w).care.store.pk, "donor_name": "外人",
            "received_on": "2026-03-02",
            "lines": [{"item_id": supplies_of_a(w).care.masks.pk, "quantity": 1}]}),
    ("GET", "/api/v1/care/supplies/donations/{donation_id}"):
        Route(lambda w: {"donation_id": supplies_of_a(w).care.donation.pk}),
    ("GET", "/api/v1/care/supplies/donations/{donation_id}/receipt"):
        Route(lambda w: {"donation_id": supplies_of_a(w).care.donation.pk}),
    ("GET", "/api/v1/care/supplies/movements"): Route(with_supplies_of_a, kind="list"),
    ("GET", "/api/v1/care/supplies/movements/{movement_id}"):
        Route(lambda w: {"movement_id": supplies_issue_of_a(w).pk}),
    ("POST", "/api/v1/care/supplies/issues"):
        Route(with_supplies_of_a, method="post", data=lambda w: {
            "store_id": supplies_of_a(w).care.store.pk, "recipient": "外人",
            "issued_on": "2026-03-02",
            "lines": [{"item_id": supplies_of_a(w).care.masks.pk, "quantity": 1}]}),
    ("POST", "/api/v1/care/supplies/write-offs"):
        Route(with_supplies_of_a, method="post", data=lambda w: {
            "store_id": supplies_of_a(w).care.store.pk, "reason": "damaged",
            "written_off_on": "2026-03-02",
            "lines": [{"item_id": supplies_of_a(w).care.masks.pk, "quantity": 1}]}),
    ("POST", "/api/v1/care/supplies/movements/{movement_id}/return"):
        Route(lambda w: {"movement_id": supplies_issue_of_a(w).pk}, method="post",
              data={"quantity": 1, "returned_on": "2026-03-02"}),
    ("POST", "/api/v1/care/supplies/movements/{movement_id}/correct"):
        Route(lambda w: {"movement_id": supplies_issue_of_a(w).pk}, method="post",
              data={"quantity": 1, "note": "外人更正"}),
    ("GET", "/api/v1/care/supplies/report"):
        Route(with_supplies_of_a, kind="list",
              query=lambda w: {"start": "2026-03-01", "end": "2026-03-31"}),
    ("GET", "/api/v1/care/supplies/donors/{unit_id}/statement"):
        Route(lambda w: {"unit_id": supplies_of_a(w).care.volunteering.unit.pk}),
    ("GET", "/api/v1/care/supplies/donors/{unit_id}/statement.pdf"):
        Route(lambda w: {"unit_id": supplies_of_a(w).care.volunteering.unit.pk}),
    ("POST", "/api/v1/auth/token"):
        Route(kind="public", method="post", data={"username": "staff_a", "password": PASSWORD}),
    ("POST", "/api/v1/auth/token/refresh"):
        Route(kind="public", method="post",
              data=lambda w: {"refresh_token": w.refresh_tokens["staff_a"]}),
    # logging out revokes the caller's own token, whoever they are
    ("POST", "/api/v1/auth/logout"):
        Route(kind="own", method="post", own_changes=("accounts.ApiToken",)),
    ("GET", "/api/v1/auth/tokens"): Route(kind="list"),
    ("DELETE", "/api/v1/auth/tokens/{token_id}"):
        Route(lambda w: {"token_id": token_of_staff_a(w)}, method="delete"),
    ("GET", "/api/v1/auth/me"): Route(kind="list"),
    # changing one's own password: a wrong old password is refused for everyone, so nothing
    # may change
    ("POST", "/api/v1/auth/password"):
        Route(kind="own", method="post", data={"old_password": "外人", "new_password": "x",
                                               "new_password_again": "x"}),
    ("GET", "/api/v1/places/districts"): Route(kind="list"),
    ("GET", "/api/v1/places/streets"): Route(kind="list"),
    ("GET", "/api/v1/places/communities"): Route(kind="list"),
    ("GET", "/api/v1/places/communities/{community_id}"):
        Route(lambda w: {"community_id": w.community_a.pk}),
    ("PATCH", "/api/v1/places/communities/{community_id}"):
        Route(lambda w: {"community_id": w.community_a.pk}, method="patch",
              data={"resident_population": 1}),
    ("GET", "/api/v1/places/communities/{community_id}/honours"):
        Route(lambda w: {"community_id": w.community_a.pk}),
    ("POST", "/api/v1/places/communities/{community_id}/honours"):
        Route(lambda w: {"community_id": w.community_a.pk}, method="post",
              data={"title": "外人加的", "year": 2020}),
    ("DELETE", "/api/v1/places/honours/{honour_id}"):
        Route(lambda w: {"honour_id": w.honour_a.pk}, method="delete"),
    ("GET", "/api/v1/places/grids"): Route(kind="list"),
    ("GET", "/api/v1/places/buildings"): Route(kind="list"),
    ("GET", "/api/v1/places/buildings/{building_id}"):
        Route(lambda w: {"building_id": w.building_a1.pk}),
    ("PATCH", "/api/v1/places/buildings/{building_id}"):
        Route(lambda w: {"building_id": w.building_a1.pk}, method="patch",
              data={"name": "改名"}),
    ("GET", "/api/v1/places/units"): Route(kind="list"),
    ("GET", "/api/v1/places/flats"): Route(kind="list"),
    ("GET", "/api/v1/places/flats/{flat_id}"): Route(lambda w: {"flat_id": w.flat_a1.pk}),
    ("PATCH", "/api/v1/places/flats/{flat_id}"):
        Route(lambda w: {"flat_id": w.flat_a1.pk}, method="patch", data={"floor_area": "1"}),
    ("POST", "/api/v1/places/flats/{flat_id}/unsold"):
        Route(lambda w: {"flat_id": w.flat_a1.pk}, method="post",
              data={"unsold": True, "evidence": "开发商证明"}),
    ("POST", "/api/v1/places/communities/{community_id}/buildings"):
        Route(lambda w: {"community_id": w.community_a.pk}, method="post",
              data={"name": "外人加的楼", "floors": 3}),
    ("POST", "/api/v1/places/units/{unit_id}/flats"):
        Route(lambda w: {"unit_id": w.unit_a1.pk}, method="post",
              data={"room_number": "999", "floor": 1, "floor_area": "50"}),
    ("GET", "/api/v1/audit/entries"): Route(kind="list", insider="street_admin"),
    ("GET", "/api/v1/people/persons"): Route(kind="list"),
    ("POST", "/api/v1/people/persons"):
        Route(method="post", data=lambda w: {"community_id": w.community_a.pk, "name": "外人"}),
    ("GET", "/api/v1/people/persons/{person_id}"):
        Route(lambda w: {"person_id": w.person_a.pk}),
    ("PATCH", "/api/v1/people/persons/{person_id}"):
        Route(lambda w: {"person_id": w.person_a.pk}, method="patch", data={"name": "改名"}),
    ("POST", "/api/v1/people/persons/{person_id}/reveal"):
        Route(lambda w: {"person_id": w.person_a.pk}, method="post",
              data={"field": "phone", "reason": "contact"}),
    ("GET", "/api/v1/people/flats/{flat_id}/households"):
        Route(lambda w: {"flat_id": w.flat_a1.pk}),
    ("GET", "/api/v1/people/communities/{community_id}/overview"):
        Route(lambda w: {"community_id": w.community_a.pk}),
    ("GET", "/api/v1/people/me"): Route(kind="own", insider="resident_a"),
    # an invalid phone: the resident's own call is refused too, so nothing may change
    ("PATCH", "/api/v1/people/me"): Route(kind="own", method="patch", data={"phone": "12"},
                                          insider="resident_a"),
    ("POST", "/api/v1/people/me/corrections"): Route(kind="own", method="post",
                                                     data={"text": ""}, insider="resident_a"),
    ("POST", "/api/v1/people/flats/{flat_id}/residences"):
        Route(lambda w: {"flat_id": w.flat_a1.pk}, method="post",
              data=lambda w: {"person_id": w.person_resident_a.pk, "relation": "other"}),
    ("POST", "/api/v1/people/persons/{person_id}/move-out"):
        Route(lambda w: {"person_id": w.person_a.pk}, method="post",
              data={"moved_out_on": "2026-01-01"}),
    ("POST", "/api/v1/people/flats/{flat_id}/ownerships"):
        Route(lambda w: {"flat_id": w.flat_a1.pk}, method="post",
              data=lambda w: {"person_id": w.person_a.pk, "share_percent": "100"}),
    ("POST", "/api/v1/people/corrections/{correction_id}/resolve"):
        Route(lambda w: {"correction_id": w.correction_a.pk}, method="post",
              data={"status": "done"}),
    ("POST", "/api/v1/people/communities/{community_id}/imports"):
        Route(lambda w: {"community_id": w.community_a.pk}, method="post"),
    ("GET", "/api/v1/people/imports/{import_run_id}"):
        Route(lambda w: {"import_run_id": w.import_run_a.pk}),
    ("POST", "/api/v1/people/imports/{import_run_id}/confirm"):
        Route(lambda w: {"import_run_id": w.import_run_a.pk}, method="post",
              data={"only_clean_rows": True}),
    ("POST", "/api/v1/people/communities/{community_id}/export"):
        Route(lambda w: {"community_id": w.community_a.pk}, method="post",
              insider="secretary_a"),
    ("GET", "/api/v1/notifications/inbox"): Route(with_notice_of_a, kind="list"),
    ("GET", "/api/v1/notifications/unread-count"): Route(kind="list"),
    ("POST", "/api/v1/notifications/{notification_id}/read"):
        Route(lambda w: notice_of_a(w) and {"notification_id": w.notification_a.pk},
              method="post", insider="secretary_a"),
    ("POST", "/api/v1/notifications/read-all"):
        Route(with_notice_of_a, kind="list", method="post",
              own_changes=("notifications.Notification",)),
    ("GET", "/api/v1/notifications/preferences"): Route(kind="list"),
    # an empty change: the outsider's own settings stay as they were, nothing is audited
    ("PUT", "/api/v1/notifications/preferences"): Route(kind="list", method="put"),
    ("GET", "/api/v1/notifications/notices"): Route(with_notice_of_a, kind="list"),
    ("POST", "/api/v1/notifications/notices"):
        Route(lambda w: {}, method="post",
              data=lambda w: {"community_id": w.community_a.pk, "title": "外人发的"}),
    ("GET", "/api/v1/notifications/deliveries"): Route(kind="list"),
    ("GET", "/api/v1/casework/categories"): Route(with_case_of_a, kind="list"),
    ("GET", "/api/v1/casework/cases"): Route(with_case_of_a, kind="list"),
    ("GET", "/api/v1/workbench"): Route(with_case_of_a, kind="list"),
    ("POST", "/api/v1/casework/cases"):
        Route(with_case_of_a, kind="own", method="post",
              data=lambda w: {"category_id": case_of_a(w).category_id,
                              "building_id": w.building_a1.pk, "description": "外人"}),
    ("GET", "/api/v1/casework/cases/{case_id}"): Route(lambda w: {"case_id": case_of_a(w).pk}),
    ("POST", "/api/v1/casework/cases/{case_id}/photos"):
        Route(lambda w: {"case_id": case_of_a(w).pk}, method="post"),
    ("GET", "/api/v1/casework/photos/{photo_id}"):
        Route(lambda w: case_of_a(w) and {"photo_id": w.photo_a.pk}),
    ("GET", "/api/v1/casework/cases/{case_id}/similar"):
        Route(lambda w: {"case_id": case_of_a(w).pk}),
    ("GET", "/api/v1/casework/cases/{case_id}/handlers"):
        Route(lambda w: {"case_id": case_of_a(w).pk}),
    ("GET", "/api/v1/casework/board"): Route(with_case_of_a, kind="list"),
    ("GET", "/api/v1/casework/rates"):
        Route(with_case_of_a, kind="list", query=lambda w: {"start": "2026-01-01",
                                                            "end": "2030-12-31"}),
    ("GET", "/api/v1/reports/dashboard"):
        Route(with_case_of_a, kind="list", query=lambda w: {"start": "2026-01-01",
                                                            "end": "2030-12-31"}),
    ("GET", "/api/v1/reports/metrics/{key}/rows"):
        Route(lambda w: with_case_of_a(w) or {"key": "cases_received"}, kind="list",
              query=lambda w: {"start": "2026-01-01", "end": "2030-12-31"}),
    ("POST", "/api/v1/casework/cases/{case_id}/dispatch"):
        Route(lambda w: {"case_id": case_of_a(w).pk}, method="post",
              data=lambda w: {"handler_id": w.users["staff_b"].pk}),
    ("POST", "/api/v1/casework/cases/{case_id}/accept"):
        Route(lambda w: {"case_id": case_of_a(w).pk}, method="post",
              data=lambda w: {}, insider="grid_a1",
              insider_kwargs=lambda w: {"case_id": dispatched_case_of_a(w).pk}),
    ("POST", "/api/v1/casework/cases/{case_id}/return"):
        Route(lambda w: {"case_id": case_of_a(w).pk}, method="post",
              data=lambda w: {"note": "外人退回"}, insider="grid_a1",
              insider_kwargs=lambda w: {"case_id": dispatched_case_of_a(w).pk}),
    ("POST", "/api/v1/casework/cases/{case_id}/escalate"):
        Route(lambda w: {"case_id": case_of_a(w).pk}, method="post",
              data=lambda w: {"note": "外人上报"}),
    ("POST", "/api/v1/casework/cases/{case_id}/extend"):
        Route(lambda w: {"case_id": case_of_a(w).pk}, method="post",
              data=lambda w: {"days": 1, "note": "外人延期"}, insider="grid_a1",
              insider_kwargs=lambda w: {"case_id": dispatched_case_of_a(w).pk}),
    ("POST", "/api/v1/casework/cases/{case_id}/answer"):
        Route(lambda w: {"case_id": case_of_a(w).pk}, method="post",
              data=lambda w: {"answer": "外人答复"}, insider="grid_a1",
              insider_kwargs=lambda w: {"case_id": dispatched_case_of_a(w).pk}),
    ("POST", "/api/v1/casework/cases/{case_id}/follow-up"):
        Route(lambda w: {"case_id": case_of_a(w).pk}, method="post",
              data=lambda w: {"is_solved": True, "is_satisfied": True}),
    ("POST", "/api/v1/casework/cases/{case_id}/mark-unreasonable"):
        Route(lambda w: {"case_id": case_of_a(w).pk}, method="post",
              data=lambda w: {"note": "外人"}),
    ("POST", "/api/v1/casework/cases/{case_id}/review"):
        Route(lambda w: {"case_id": case_of_a(w).pk}, method="post",
              data=lambda w: {"is_upheld": True, "note": "外人"}, insider="street_admin"),
    ("POST", "/api/v1/casework/cases/{case_id}/merge"):
        Route(lambda w: {"case_id": case_of_a(w).pk}, method="post",
              data=lambda w: {"into_id": case_of_a(w).pk}),
    ("GET", "/api/v1/casework/partner/cases"):
        Route(lambda w: partner_case_of_a(w) and {}, kind="list", insider="contact_a"),
    ("GET", "/api/v1/casework/partner/cases/{case_id}"):
        Route(lambda w: {"case_id": partner_case_of_a(w).pk}, insider="contact_a"),
    ("POST", "/api/v1/casework/partner/cases/{case_id}/accept"):
        Route(lambda w: {"case_id": partner_case_of_a(w).pk}, method="post", insider="contact_a"),
    ("POST", "/api/v1/casework/partner/cases/{case_id}/return"):
        Route(lambda w: {"case_id": partner_case_of_a(w).pk}, method="post",
              data={"note": "外人退回"}, insider="contact_a"),
    ("POST", "/api/v1/casework/partner/cases/{case_id}/answer"):
        Route(lambda w: {"case_id": partner_case_of_a(w).pk}, method="post",
              data={"answer": "外人答复"}, insider="contact_a"),
    ("POST", "/api/v1/casework/partner/cases/{case_id}/extend"):
        Route(lambda w: {"case_id": partner_case_of_a(w).pk}, method="post",
              data={"days": 1, "note": "外人延期"}, insider="contact_a"),
    ("POST", "/api/v1/casework/cases/{case_id}/reveal"):
        Route(lambda w: {"case_id": case_of_a(w).pk}, method="post",
              data={"field": "description", "reason": "contact"}),
    ("GET", "/api/v1/jobs"): Route(kind="list", insider="superuser"),
    ("GET", "/api/v1/jobs/{job_id}"): Route(lambda w: {"job_id": job_of_system(w).pk},
                                            insider="superuser"),
    ("POST", "/api/v1/jobs/{job_id}/retry"):
        Route(lambda w: {"job_id": job_of_system(w).pk}, method="post", insider="superuser"),
    ("GET", "/api/v1/deliberation/polls"): Route(lambda w: poll_of_a(w) and {}, kind="list"),
    ("GET", "/api/v1/deliberation/polls/{poll_id}"):
        Route(lambda w: {"poll_id": poll_of_a(w).pk}),
    ("POST", "/api/v1/deliberation/polls"):
        Route(lambda w: {}, method="post",
              data=lambda w: {"community_id": w.community_a.pk, "title": "外人发起",
                              "closes_on": "2030-01-01"}),
    ("POST", "/api/v1/deliberation/polls/{poll_id}/open"):
        Route(lambda w: {"poll_id": poll_of_a(w).pk}, method="post"),
    # the insider's answer is the state's (409: already open), not a refusal of scope
    ("POST", "/api/v1/deliberation/polls/{poll_id}/paper-ballots"):
        Route(lambda w: {"poll_id": poll_of_a(w).pk}, method="post",
              data=lambda w: {"elector_id": poll_of_a(w).electors.first().pk, "choice": "yes"}),
    # the check is a second person's: staff_a entered the ballot, the secretary checks it
    ("POST", "/api/v1/deliberation/poll-ballots/{ballot_id}/check"):
        Route(lambda w: poll_of_a(w) and {"ballot_id": w.poll_ballot_a.pk}, method="post",
              data={"approve": False}, insider="secretary_a"),
    ("POST", "/api/v1/deliberation/polls/{poll_id}/publish"):
        Route(lambda w: {"poll_id": poll_of_a(w).pk}, method="post"),
    ("GET", "/api/v1/deliberation/polls/{poll_id}/result"):
        Route(lambda w: {"poll_id": poll_of_a(w).pk}),
    ("GET", "/api/v1/deliberation/my-polls"): Route(lambda w: poll_of_a(w) and {}, kind="own",
                                                    insider="owner_a"),
    ("POST", "/api/v1/deliberation/my-polls/{poll_id}/ballots"):
        Route(lambda w: {"poll_id": poll_of_a(w).pk}, method="post", data={"choice": "yes"},
              insider="owner_a"),
    ("GET", "/api/v1/deliberation/polls/{poll_id}/ballots"):
        Route(lambda w: {"poll_id": published_poll_of_a(w).pk}),
    ("POST", "/api/v1/deliberation/poll-ballots/{ballot_id}/correct"):
        Route(lambda w: published_poll_of_a(w) and {"ballot_id": w.counted_poll_ballot_a.pk},
              method="post", data={"choice": "no", "reason": "外人更正"}),
    ("GET", "/api/v1/deliberation/polls/{poll_id}/objections"):
        Route(lambda w: {"poll_id": published_poll_of_a(w).pk}),
    ("POST", "/api/v1/deliberation/polls/{poll_id}/objections"):
        Route(lambda w: {"poll_id": published_poll_of_a(w).pk}, method="post",
              data={"text": "外人异议"}),
    ("POST", "/api/v1/deliberation/poll-objections/{objection_id}/answer"):
        Route(lambda w: published_poll_of_a(w) and {"objection_id": w.poll_objection_a.pk},
              method="post", data={"answer": "外人答复"}),
    ("POST", "/api/v1/deliberation/my-polls/{poll_id}/objections"):
        Route(lambda w: {"poll_id": published_poll_of_a(w).pk}, kind="own", method="post",
              data={"text": "外人异议"}, insider="owner_a"),
    ("GET", "/api/v1/deliberation/votes/{vote_id}/publicity-photos"):
        Route(lambda w: {"vote_id": published_vote_of_a(w).pk}),
    ("POST", "/api/v1/deliberation/votes/{vote_id}/publicity-photos"):
        Route(lambda w: {"vote_id": published_vote_of_a(w).pk}, method="post"),
    ("GET", "/api/v1/deliberation/publicity-photos/{photo_id}"):
        Route(lambda w: published_vote_of_a(w) and {"photo_id": w.publicity_photo_a.pk}),
    ("GET", "/api/v1/deliberation/votes"): Route(lambda w: vote_of_a(w) and {}, kind="list"),
    ("POST", "/api/v1/deliberation/votes"):
        Route(lambda w: {}, method="post",
              data=lambda w: {"building_id": w.building_a1.pk, "title": "外人发起",
                              "item_number": 7, "closes_on": "2030-01-01"}),
    # vote_of_a is open: the insider's open is refused by the state (409), not by scope
    ("POST", "/api/v1/deliberation/votes/{vote_id}/open"):
        Route(lambda w: {"vote_id": vote_of_a(w).pk}, method="post"),
    ("POST", "/api/v1/deliberation/votes/{vote_id}/paper-ballots"):
        Route(lambda w: {"vote_id": vote_of_a(w).pk}, method="post",
              data=lambda w: {"elector_id": vote_of_a(w).electors.first().pk,
                              "voter_name": "外人", "choice": "yes"}),
    # the check is a second person's: staff_a entered the ballot, the secretary checks it
    ("POST", "/api/v1/deliberation/vote-ballots/{ballot_id}/check"):
        Route(lambda w: {"ballot_id": paper_ballot_of_a(w).pk}, method="post",
              data={"approve": False}, insider="secretary_a"),
    ("POST", "/api/v1/deliberation/vote-ballots/{ballot_id}/correct"):
        Route(lambda w: {"ballot_id": paper_ballot_of_a(w).pk}, method="post",
              data={"choice": "no", "reason": "外人更正"}),
    ("POST", "/api/v1/deliberation/vote-electors/{elector_id}/corrections"):
        Route(lambda w: {"elector_id": vote_of_a(w).electors.first().pk}, method="post",
              data={"field": "floor_area", "value": "1", "reason": "外人"}),
    ("POST", "/api/v1/deliberation/vote-electors/{elector_id}/proxies"):
        Route(lambda w: {"elector_id": vote_of_a(w).electors.first().pk}, method="post",
              data={"owner_name": "外人", "proxy_name": "外人"}),
    ("POST", "/api/v1/deliberation/vote-proxies/{proxy_id}/ballots"):
        Route(lambda w: paper_ballot_of_a(w) and {"proxy_id": w.proxy_a.pk}, method="post",
              data={"choice": "yes"}),
    ("POST", "/api/v1/deliberation/vote-proxies/{proxy_id}/revoke"):
        Route(lambda w: paper_ballot_of_a(w) and {"proxy_id": w.proxy_a.pk}, method="post",
              data={"reason": "外人撤销"}),
    ("POST", "/api/v1/deliberation/votes/{vote_id}/publish"):
        Route(lambda w: {"vote_id": vote_of_a(w).pk}, method="post"),
    ("POST", "/api/v1/deliberation/votes/{vote_id}/objections"):
        Route(lambda w: {"vote_id": published_vote_of_a(w).pk}, method="post",
              data={"text": "外人异议"}),
    ("POST", "/api/v1/deliberation/vote-objections/{objection_id}/answer"):
        Route(lambda w: {"objection_id": vote_objection_of_a(w).pk}, method="post",
              data={"answer": "外人答复"}),
    ("POST", "/api/v1/deliberation/my-votes/{vote_id}/objections"):
        Route(lambda w: {"vote_id": published_vote_of_a(w).pk}, kind="own", method="post",
              data={"text": "外人异议"}, insider="owner_a",
              insider_kwargs=lambda w: {"vote_id": published_vote_of_a1(w).pk}),
    ("GET", "/api/v1/deliberation/votes/{vote_id}"):
        Route(lambda w: {"vote_id": vote_of_a(w).pk}),
    ("POST", "/api/v1/deliberation/votes/{vote_id}/close"):
        Route(lambda w: {"vote_id": vote_of_a(w).pk}, method="post",
              data={"confirm_early": True}),
    # vote_document_of_a is a draft of 甲楼一号: the insider may change it
    ("PATCH", "/api/v1/deliberation/votes/{vote_id}"):
        Route(lambda w: {"vote_id": vote_document_of_a(w).vote_id}, method="patch",
              data={"title": "外人改名"}),
    ("GET", "/api/v1/deliberation/votes/{vote_id}/documents"):
        Route(lambda w: {"vote_id": vote_document_of_a(w).vote_id}),
    ("POST", "/api/v1/deliberation/votes/{vote_id}/documents"):
        Route(lambda w: {"vote_id": vote_document_of_a(w).vote_id}, method="post"),
    ("GET", "/api/v1/deliberation/vote-documents/{document_id}"):
        Route(lambda w: {"document_id": vote_document_of_a(w).pk}),
    ("POST", "/api/v1/deliberation/polls/{poll_id}/close"):
        Route(lambda w: {"poll_id": poll_of_a(w).pk}, method="post",
              data={"confirm_early": True}),
    ("GET", "/api/v1/deliberation/my-votes"): Route(lambda w: vote_of_a(w) and {}, kind="own",
                                                    insider="owner_a"),
    ("POST", "/api/v1/deliberation/my-votes/{vote_id}/ballots"):
        Route(lambda w: {"vote_id": vote_of_a(w).pk}, method="post",
              data=lambda w: {"elector_id": vote_of_a(w).electors.first().pk,
                              "choice": "yes"}, insider="owner_a"),
    ("GET", "/api/v1/cobuilding/units"): Route(lambda w: cobuilding_of_a(w) and {}, kind="list"),
    ("GET", "/api/v1/cobuilding/needs"): Route(lambda w: cobuilding_of_a(w) and {}, kind="list"),
    ("POST", "/api/v1/cobuilding/needs"):
        Route(method="post", data=lambda w: {"community_id": w.community_a.pk, "title": "外人提的",
                                             "category": "other"}),
    ("GET", "/api/v1/cobuilding/needs/{need_id}"):
        Route(lambda w: {"need_id": cobuilding_of_a(w).need_a.pk}),
    ("GET", "/api/v1/cobuilding/needs/{need_id}/suggestions"):
        Route(lambda w: {"need_id": cobuilding_of_a(w).need_a.pk}),
    ("POST", "/api/v1/cobuilding/needs/{need_id}/matches"):
        Route(lambda w: {"need_id": cobuilding_of_a(w).need_a.pk}, method="post",
              data=lambda w: {"resource_id": w.match_a.resource_id}),
    ("GET", "/api/v1/cobuilding/resources"):
        Route(lambda w: cobuilding_of_a(w) and {}, kind="list"),
    ("GET", "/api/v1/cobuilding/projects"):
        Route(lambda w: cobuilding_of_a(w) and {}, kind="list"),
    ("GET", "/api/v1/cobuilding/projects/{project_id}"):
        Route(lambda w: {"project_id": cobuilding_of_a(w).project_a.pk}),
    ("POST", "/api/v1/cobuilding/projects/{project_id}/publish"):
        Route(lambda w: {"project_id": cobuilding_of_a(w).project_a.pk}, method="post",
              data={"result": "x", "summary": "x"}),
    ("GET", "/api/v1/cobuilding/partner/matches"):
        Route(lambda w: cobuilding_of_a(w) and {}, kind="list", insider="contact_a"),
    ("GET", "/api/v1/cobuilding/partner/projects"):
        Route(lambda w: cobuilding_of_a(w) and {}, kind="list", insider="contact_a"),
    ("POST", "/api/v1/cobuilding/partner/matches/{match_id}/respond"):
        Route(lambda w: {"match_id": cobuilding_of_a(w).match_a.pk}, method="post",
              data={"accept": True}, insider="contact_a"),
    ("GET", "/api/v1/cobuilding/board"): Route(lambda w: cobuilding_of_a(w) and {}, kind="list"),
    ("POST", "/api/v1/cobuilding/units"):
        Route(method="post", data=lambda w: {"community_id": w.community_a.pk,
                                             "name": "外人单位", "kind": "bank"}),
    ("GET", "/api/v1/cobuilding/units/{unit_id}"):
        Route(lambda w: {"unit_id": cobuilding_of_a(w).unit_a.pk}),
    ("PATCH", "/api/v1/cobuilding/units/{unit_id}"):
        Route(lambda w: {"unit_id": cobuilding_of_a(w).unit_a.pk}, method="patch",
              data={"name": "外人改名"}),
    ("GET", "/api/v1/cobuilding/units/{unit_id}/contacts"):
        Route(lambda w: {"unit_id": cobuilding_of_a(w).unit_a.pk}),
    ("POST", "/api/v1/cobuilding/units/{unit_id}/contacts"):
        Route(lambda w: {"unit_id": cobuilding_of_a(w).unit_a.pk}, method="post",
              data={"existing_username": "resident_a"}),
    ("DELETE", "/api/v1/cobuilding/contacts/{contact_id}"):
        Route(lambda w: {"contact_id": cobuilding_of_a(w).contact_a.pk}, method="delete"),
    ("GET", "/api/v1/cobuilding/agreements"):
        Route(lambda w: cobuilding_of_a(w) and {}, kind="list"),
    ("POST", "/api/v1/cobuilding/agreements"):
        Route(lambda w: cobuilding_of_a(w) and {}, method="post", data=lambda w: {
            "unit_id": cobuilding_of_a(w).unit_a.pk, "title": "外人协议",
            "starts_on": "2026-01-01", "ends_on": "2027-01-01"}),
    ("GET", "/api/v1/cobuilding/agreements/{agreement_id}"):
        Route(lambda w: {"agreement_id": cobuilding_of_a(w).agreement_a.pk}),
    ("PATCH", "/api/v1/cobuilding/agreements/{agreement_id}"):
        Route(lambda w: {"agreement_id": cobuilding_of_a(w).agreement_a.pk}, method="patch",
              data={"title": "外人改"}),
    ("POST", "/api/v1/cobuilding/agreements/{agreement_id}/review"):
        Route(lambda w: {"agreement_id": cobuilding_of_a(w).agreement_a.pk}, method="post",
              data={"note": "外人评"}),
    ("POST", "/api/v1/cobuilding/agreements/{agreement_id}/renew"):
        Route(lambda w: {"agreement_id": cobuilding_of_a(w).agreement_a.pk}, method="post",
              data={"starts_on": "2027-01-01", "ends_on": "2028-01-01"}),
    ("PATCH", "/api/v1/cobuilding/needs/{need_id}"):
        Route(lambda w: {"need_id": cobuilding_of_a(w).need_a.pk}, method="patch",
              data={"title": "外人改"}),
    ("POST", "/api/v1/cobuilding/needs/{need_id}/close"):
        Route(lambda w: {"need_id": cobuilding_of_a(w).need_a.pk}, method="post",
              data={"reason": "外人关"}),
    ("POST", "/api/v1/cobuilding/resources"):
        Route(lambda w: cobuilding_of_a(w) and {}, method="post", data=lambda w: {
            "unit_id": cobuilding_of_a(w).unit_a.pk, "title": "外人资源", "kind": "talk",
            "category": "other"}),
    ("GET", "/api/v1/cobuilding/resources/{resource_id}"):
        Route(lambda w: {"resource_id": cobuilding_of_a(w).resource_a.pk}),
    ("PATCH", "/api/v1/cobuilding/resources/{resource_id}"):
        Route(lambda w: {"resource_id": cobuilding_of_a(w).resource_a.pk}, method="patch",
              data={"title": "外人改"}),
    ("GET", "/api/v1/cobuilding/matches"): Route(lambda w: cobuilding_of_a(w) and {},
                                                 kind="list"),
    ("POST", "/api/v1/cobuilding/projects"):
        Route(lambda w: cobuilding_of_a(w) and {}, method="post", data=lambda w: {
            "community_id": w.community_a.pk, "title": "外人项目",
            "match_ids": [cobuilding_of_a(w).match_a.pk], "lead_unit_id": w.unit_a.pk}),
    ("GET", "/api/v1/cobuilding/projects/{project_id}/milestones"):
        Route(lambda w: {"project_id": cobuilding_of_a(w).project_a.pk}),
    ("POST", "/api/v1/cobuilding/projects/{project_id}/milestones"):
        Route(lambda w: {"project_id": cobuilding_of_a(w).project_a.pk}, method="post",
              data={"title": "外人节点"}),
    ("POST", "/api/v1/cobuilding/milestones/{milestone_id}/done"):
        Route(lambda w: {"milestone_id": cobuilding_of_a(w).milestone_a.pk}, method="post"),
    ("GET", "/api/v1/cobuilding/projects/{project_id}/evaluations"):
        Route(lambda w: {"project_id": cobuilding_of_a(w).project_a.pk}),
    ("GET", "/api/v1/cobuilding/community-projects"):
        Route(lambda w: cobuilding_of_a(w) and {}, kind="list", insider="resident_a"),
    ("POST", "/api/v1/cobuilding/community-projects/{project_id}/evaluations"):
        Route(lambda w: {"project_id": cobuilding_of_a(w).project_a.pk}, method="post",
              data={"rating": 5}, insider="resident_a",
              insider_kwargs=lambda w: {"project_id": finished_project_of_a(w).pk}),
    ("GET", "/api/v1/cobuilding/partner/agreements"):
        Route(lambda w: cobuilding_of_a(w) and {}, kind="list", insider="contact_a"),
    ("GET", "/api/v1/cobuilding/partner/resources"):
        Route(lambda w: cobuilding_of_a(w) and {}, kind="list", insider="contact_a"),
    ("POST", "/api/v1/cobuilding/partner/resources"):
        Route(lambda w: cobuilding_of_a(w) and {}, kind="own", method="post",
              data={"title": "外人资源", "kind": "talk", "category": "other"}, insider="contact_a"),
    ("GET", "/api/v1/deliberation/topics"): Route(lambda w: topics_of_a(w) and {}, kind="list"),
    ("POST", "/api/v1/deliberation/topics"):
        Route(lambda w: {}, kind="own", method="post",
              data=lambda w: {"community_id": w.community_a.pk, "title": "外人",
                              "description": "外人"}),
    # a request of community A handed on as a topic: staff of A only (its reporter, who sees the
    # request, is forbidden); an ordinary kind with no item number
    ("POST", "/api/v1/deliberation/cases/{case_id}/topic"):
        Route(lambda w: {"case_id": case_of_a(w).pk}, method="post", data={"kind": "ordinary"}),
    ("GET", "/api/v1/deliberation/topics/outcomes"):
        Route(lambda w: topics_of_a(w) and {}, kind="list"),
    ("GET", "/api/v1/deliberation/topics/{topic_id}"):
        Route(lambda w: {"topic_id": topics_of_a(w).topic_a.pk}),
    ("GET", "/api/v1/deliberation/topics/{topic_id}/steps"):
        Route(lambda w: {"topic_id": topics_of_a(w).topic_a.pk}),
    ("POST", "/api/v1/deliberation/topics/{topic_id}/steps"):
        Route(lambda w: {"topic_id": topics_of_a(w).topic_a.pk}, method="post",
              data={"action": "accept"}),
    ("POST", "/api/v1/deliberation/topics/{topic_id}/outcome"):
        Route(lambda w: {"topic_id": topics_of_a(w).topic_a.pk}, method="post",
              data={"outcome": "外人", "votes_for": 1, "votes_against": 0, "votes_abstain": 0}),
    ("GET", "/api/v1/deliberation/topics/{topic_id}/meetings"):
        Route(lambda w: {"topic_id": topics_of_a(w).topic_a.pk}),
    ("GET", "/api/v1/deliberation/meetings/{meeting_id}"):
        Route(lambda w: {"meeting_id": topics_of_a(w).meeting_a.pk}),
    ("POST", "/api/v1/deliberation/meetings/{meeting_id}/sign-in"):
        Route(lambda w: {"meeting_id": topics_of_a(w).meeting_a.pk}, method="post",
              insider="jia_contact"),
    ("GET", "/api/v1/deliberation/topics/{topic_id}/tasks"):
        Route(lambda w: {"topic_id": topics_of_a(w).topic_a.pk}),
    ("POST", "/api/v1/deliberation/topic-tasks/{task_id}/complete"):
        Route(lambda w: {"task_id": topics_of_a(w).task_a.pk}, method="post",
              data={"note": "外人完成"}),
    ("POST", "/api/v1/deliberation/topics/{topic_id}/ratings"):
        Route(lambda w: {"topic_id": topics_of_a(w).topic_a.pk}, method="post",
              data={"score": 5}, insider="resident_a",
              insider_kwargs=lambda w: {"topic_id": rated_topic_of_a(w).pk}),
    ("POST", "/api/v1/deliberation/topics/{topic_id}/meetings"):
        Route(lambda w: {"topic_id": topics_of_a(w).meeting_a.topic_id}, method="post",
              data={"title": "外人会议", "starts_at": "2030-01-01T10:00:00+08:00",
                    "place": "外人会议室", "agenda": ["外人议程"]}),
    ("POST", "/api/v1/deliberation/meetings/{meeting_id}/invitees"):
        Route(lambda w: {"meeting_id": topics_of_a(w).meeting_a.pk}, method="post",
              data={"kind": "stakeholder", "name": "外人"}),
    ("POST", "/api/v1/deliberation/meetings/{meeting_id}/notice"):
        Route(lambda w: {"meeting_id": topics_of_a(w).meeting_a.pk}, method="post",
              data={"note": "外人通知"}),
    ("POST", "/api/v1/deliberation/meetings/{meeting_id}/sign-ins"):
        Route(lambda w: {"meeting_id": topics_of_a(w).meeting_a.pk}, method="post",
              data={"name": "外人"}),
    ("GET", "/api/v1/deliberation/meetings/{meeting_id}/sign-ins"):
        Route(lambda w: {"meeting_id": topics_of_a(w).meeting_a.pk}),
    ("POST", "/api/v1/deliberation/meetings/{meeting_id}/minutes"):
        Route(lambda w: {"meeting_id": topics_of_a(w).meeting_a.pk}, method="post",
              data={"minutes": "外人记录的纪要"}),
    ("POST", "/api/v1/deliberation/topics/{topic_id}/tasks"):
        Route(lambda w: {"topic_id": topics_of_a(w).task_a.topic_id}, method="post",
              data=lambda w: {"description": "外人任务", "deadline": "2030-01-01",
                              "owner_user_id": w.users["staff_a"].pk}),
    ("POST", "/api/v1/deliberation/topics/{topic_id}/project"):
        Route(lambda w: {"topic_id": topics_of_a(w).task_a.topic_id}, method="post",
              data=lambda w: {"lead_unit_id": topics_of_a(w).meeting_a.invitees.first(
              ).partner_unit_id}),
    ("GET", "/api/v1/party/organisations"): Route(with_party_of_a, kind="list"),
    ("POST", "/api/v1/party/organisations"):
        Route(with_party_of_a, method="post",
              data=lambda w: {"street_id": w.street.pk, "name": "外人党工委"},
              insider="street_admin"),
    ("POST", "/api/v1/party/summary/export"):
        Route(with_party_of_a, method="post",
              data=lambda w: {"community_id": w.community_a.pk, "year": 2026}),
    ("GET", "/api/v1/party/organisations/{organisation_id}"):
        Route(lambda w: {"organisation_id": party_of_a(w).branch_a.pk}),
    ("POST", "/api/v1/party/organisations/{organisation_id}/children"):
        Route(lambda w: {"organisation_id": party_of_a(w).branch_a.pk}, method="post",
              data={"kind": "group", "name": "外人加的"}),
    ("POST", "/api/v1/party/organisations/{organisation_id}/officers"):
        Route(lambda w: {"organisation_id": party_of_a(w).branch_a.pk}, method="post",
              data=lambda w: {"title": "member", "member_id": w.member_a.pk,
                              "term_start": "2026-01-01"}),
    ("POST", "/api/v1/party/officers/{officer_id}/end"):
        Route(lambda w: {"officer_id": party_of_a(w).officer_a.pk}, method="post",
              data={"term_end": "2026-06-30"}),
    ("GET", "/api/v1/party/members"): Route(with_party_of_a, kind="list"),
    ("GET", "/api/v1/party/members/{member_id}"):
        Route(lambda w: {"member_id": party_of_a(w).member_a.pk}),
    ("POST", "/api/v1/party/members"):
        Route(method="post",
              data=lambda w: {"person_id": w.person_resident_a.pk, "status": "full",
                              "full_on": "2000-01-01", "kind": "in_service",
                              "work_unit_name": "外人"}),
    ("PATCH", "/api/v1/party/members/{member_id}"):
        Route(lambda w: {"member_id": party_of_a(w).member_a.pk}, method="patch",
              data={"skills": "外人改的"}),
    ("POST", "/api/v1/party/members/{member_id}/reveal"):
        Route(lambda w: {"member_id": party_of_a(w).member_a.pk}, method="post",
              data={"reason": "contact"}),
    ("GET", "/api/v1/party/me"): Route(with_party_of_a, kind="own", insider="party_a"),
    ("GET", "/api/v1/activities/posts"): Route(with_party_of_a, kind="list"),
    ("POST", "/api/v1/activities/posts/preview"):
        Route(with_party_of_a, kind="list", method="post",
              data={"first_day": "2026-05-01", "days": 2, "starts": ["08:00"], "hours": 8,
                    "slots": 1}),
    ("POST", "/api/v1/activities/posts"):
        Route(with_party_of_a, method="post",
              data=lambda w: {"community_id": w.community_a.pk, "title": "外人发的",
                              "shift": {"date": "2026-05-01", "slots": 3}}),
    ("GET", "/api/v1/activities/posts/{post_id}"):
        Route(lambda w: {"post_id": party_of_a(w).post_a.pk}),
    ("POST", "/api/v1/activities/posts/{post_id}/status"):
        Route(lambda w: {"post_id": party_of_a(w).post_a.pk}, method="post",
              data={"status": "closed"}),
    ("POST", "/api/v1/activities/posts/{post_id}/shifts"):
        Route(lambda w: {"post_id": party_of_a(w).post_a.pk}, method="post",
              data={"date": "2026-05-02", "slots": 2}),
    ("POST", "/api/v1/activities/posts/{post_id}/extend"):
        Route(lambda w: {"post_id": party_of_a(w).post_a.pk}, method="post",
              data={"days": 2}),
    ("GET", "/api/v1/activities/posts/{post_id}/signups"):
        Route(lambda w: {"post_id": party_of_a(w).post_a.pk}),
    ("POST", "/api/v1/activities/shifts/{shift_id}/signups"):
        Route(lambda w: {"shift_id": party_of_a(w).shift_a.pk}, method="post",
              insider="party_a"),
    ("POST", "/api/v1/activities/shifts/{shift_id}/assign"):
        Route(lambda w: {"shift_id": rota_of_a(w).shift_a.pk}, method="post",
              data=lambda w: {"volunteer_id": w.volunteer_member_a.pk}),
    ("POST", "/api/v1/activities/shifts/{shift_id}/slots"):
        Route(lambda w: {"shift_id": party_of_a(w).shift_a.pk}, method="post",
              data={"slots": 4}),
    ("GET", "/api/v1/activities/shift-signups"): Route(with_party_of_a, kind="list"),
    ("GET", "/api/v1/activities/me/shifts"): Route(with_party_of_a, kind="own",
                                                   insider="party_a"),
    ("POST", "/api/v1/activities/shift-signups/{signup_id}/withdraw"):
        Route(lambda w: {"signup_id": party_of_a(w).shift_signup_a.pk}, method="post",
              insider="party_a"),
    ("POST", "/api/v1/activities/shift-signups/{signup_id}/check-in"):
        Route(lambda w: {"signup_id": party_of_a(w).shift_signup_a.pk}, method="post",
              insider="party_a"),
    ("POST", "/api/v1/activities/shift-signups/{signup_id}/check-out"):
        Route(lambda w: {"signup_id": party_of_a(w).shift_signup_a.pk}, method="post",
              insider="party_a"),
    ("POST", "/api/v1/activities/shift-signups/{signup_id}/confirm"):
        Route(lambda w: {"signup_id": party_of_a(w).shift_signup_a.pk}, method="post",
              data={"work_done": "外人确认", "hours": 2}),
    ("PATCH", "/api/v1/party/me"):
        Route(with_party_of_a, kind="own", method="patch", data={"skills": "外人改的"},
              insider="party_a"),
    ("POST", "/api/v1/cobuilding/projects/{project_id}/lead"):
        Route(lambda w: {"project_id": cobuilding_of_a(w).project_a.pk}, method="post",
              data=lambda w: {"lead_user_id": w.users["staff_a"].pk}),
    ("POST", "/api/v1/cobuilding/needs/from-case/{case_id}"):
        Route(lambda w: {"case_id": case_of_a(w).pk}, method="post",
              data={"category": "other"}),
    ("POST", "/api/v1/cobuilding/projects/{project_id}/reports"):
        Route(lambda w: {"project_id": cobuilding_of_a(w).project_a.pk}, method="post",
              data={"text": "外人写的"}),
    ("POST", "/api/v1/cobuilding/needs/{need_id}/reopen"):
        Route(lambda w: {"need_id": cobuilding_of_a(w).need_a.pk}, method="post",
              data={"reason": "外人重开"}),
    ("POST", "/api/v1/cobuilding/my-resources"):
        Route(with_party_of_a, kind="own", method="post",
              data={"title": "外人资源", "kind": "skills", "category": "other"}, insider="party_a"),
    ("GET", "/api/v1/cobuilding/my-resources"): Route(with_party_of_a, kind="own",
                                                      insider="party_a"),
    ("GET", "/api/v1/activities/duty/board"): Route(with_duty_of_a, kind="list"),
    ("GET", "/api/v1/activities/duty/requests"): Route(with_duty_of_a, kind="list",
                                                       insider="vol_a2"),
    ("GET", "/api/v1/activities/duty/covers"): Route(with_duty_of_a, kind="list",
                                                     insider="vol_a2"),
    ("GET", "/api/v1/activities/duty/requests/{request_id}"):
        Route(lambda w: {"request_id": duty_of_a(w).cover.pk}, insider="vol_a2"),
    ("GET", "/api/v1/activities/duty/signups/{signup_id}"):
        Route(lambda w: {"signup_id": duty_of_a(w).signup1.pk}, insider="vol_a1"),
    ("GET", "/api/v1/activities/duty/signups/{signup_id}/swap-targets"):
        Route(lambda w: {"signup_id": duty_of_a(w).signup1.pk}, insider="vol_a1"),
    ("POST", "/api/v1/activities/duty/signups/{signup_id}/cover"):
        Route(lambda w: {"signup_id": duty_of_a(w).signup1.pk}, method="post",
              data={"note": "外人替班"}, insider="vol_a1"),
    ("POST", "/api/v1/activities/duty/signups/{signup_id}/swap"):
        Route(lambda w: {"signup_id": duty_of_a(w).signup1.pk}, method="post",
              data=lambda w: {"target_id": duty_of_a(w).signup3.pk}, insider="vol_a1"),
    ("POST", "/api/v1/activities/duty/signups/{signup_id}/findings"):
        Route(lambda w: {"signup_id": duty_of_a(w).signup1.pk}, method="post",
              data={"description": "外人记录的发现"}, insider="vol_a1"),
    ("POST", "/api/v1/activities/duty/requests/{request_id}/take"):
        Route(lambda w: {"request_id": duty_of_a(w).cover.pk}, method="post",
              insider="vol_a2"),
    ("POST", "/api/v1/activities/duty/requests/{request_id}/accept"):
        Route(lambda w: {"request_id": duty_of_a(w).swap.pk}, method="post",
              insider="vol_a3"),
    ("POST", "/api/v1/activities/duty/requests/{request_id}/decline"):
        Route(lambda w: {"request_id": duty_of_a(w).swap.pk}, method="post",
              insider="vol_a3"),
    ("POST", "/api/v1/activities/duty/requests/{request_id}/withdraw"):
        Route(lambda w: {"request_id": duty_of_a(w).swap.pk}, method="post",
              insider="vol_a2"),
    ("POST", "/api/v1/activities/duty/requests/{request_id}/assign"):
        Route(lambda w: {"request_id": duty_of_a(w).cover.pk}, method="post",
              data=lambda w: {"volunteer_id": duty_of_a(w).volunteer2.pk}),
    ("GET", "/api/v1/activities/duty/findings"): Route(with_duty_of_a, kind="list"),
    ("GET", "/api/v1/activities/duty/findings/{finding_id}"):
        Route(lambda w: {"finding_id": duty_of_a(w).finding.pk}),
    ("POST", "/api/v1/activities/duty/findings/{finding_id}/convert"):
        Route(lambda w: {"finding_id": duty_of_a(w).finding.pk}, method="post",
              # the category's id from the world: literal ids differ on PostgreSQL
              data=lambda w: {"category_id": case_category(w.community_a).pk}),
    ("GET", "/api/v1/party/summary"):
        Route(with_party_of_a, kind="list", query=lambda w: {"year": 2026}),
    ("GET", "/api/v1/activities/volunteers"): Route(with_volunteering_of_a, kind="list"),
    ("GET", "/api/v1/activities/volunteers/{volunteer_id}"):
        Route(lambda w: {"volunteer_id": volunteering_of_a(w).applicant.pk}),
    # without consent: the resident's own call is refused too, so nothing may change
    ("POST", "/api/v1/activities/volunteers/join"):
        Route(with_volunteering_of_a, kind="own", method="post", insider="resident_a",
              data=lambda w: {"community_id": w.community_a.pk, "consent": False}),
    ("POST", "/api/v1/activities/volunteers"):
        Route(with_volunteering_of_a, method="post",
              data=lambda w: {"person_id": w.person_a.pk}),
    ("POST", "/api/v1/activities/volunteers/unit-staff"):
        Route(with_volunteering_of_a, method="post", data={"name": "甲出纳"},
              insider="jia_bank_contact"),
    ("POST", "/api/v1/activities/volunteers/{volunteer_id}/confirm"):
        Route(lambda w: {"volunteer_id": volunteering_of_a(w).applicant.pk}, method="post"),
    ("POST", "/api/v1/activities/volunteers/{volunteer_id}/suspend"):
        Route(lambda w: {"volunteer_id": volunteering_of_a(w).applicant.pk}, method="post"),
    ("POST", "/api/v1/activities/volunteers/{volunteer_id}/reinstate"):
        Route(lambda w: {"volunteer_id": volunteering_of_a(w).applicant.pk}, method="post"),
    ("PATCH", "/api/v1/activities/volunteers/{volunteer_id}"):
        Route(lambda w: {"volunteer_id": volunteering_of_a(w).applicant.pk}, method="patch",
              data={"skills": "书法"}),
    ("GET", "/api/v1/activities/volunteers/{volunteer_id}/ledger"):
        Route(lambda w: {"volunteer_id": volunteering_of_a(w).applicant.pk}),
    ("POST", "/api/v1/activities/volunteers/{volunteer_id}/certificates"):
        Route(lambda w: {"volunteer_id": volunteering_of_a(w).applicant.pk}, method="post"),
    ("GET", "/api/v1/activities/certificates"):
        Route(with_volunteering_of_a, kind="list", query=lambda w: {
            "serial": (volunteering_of_a(w), w.volunteering_certificate_a)[1].serial}),
    ("GET", "/api/v1/activities/certificates/{certificate_id}"):
        Route(lambda w: {"certificate_id": (volunteering_of_a(w),
                                            w.volunteering_certificate_a)[1].pk}),
    ("GET", "/api/v1/activities/my-hours"):
        Route(with_volunteering_of_a, kind="own", insider="resident_a"),
    ("POST", "/api/v1/activities/hours/entries/{entry_id}/corrections"):
        # without a reason: resident_a's own call is refused too, so nothing may change
        Route(lambda w: {"entry_id": volunteering_of_a(w).entry.pk}, kind="own",
              method="post", data={"hours": "4", "reason": ""}, insider="resident_a"),
    ("GET", "/api/v1/activities/hours/corrections"):
        Route(with_volunteering_of_a, kind="list"),
    # resident_a's own request: its volunteer reads it, as staff do
    ("GET", "/api/v1/activities/hours/corrections/{correction_id}"):
        Route(lambda w: {"correction_id": (volunteering_of_a(w),
                                           w.volunteering_correction_a)[1].pk}, kind="own",
              insider="resident_a"),
    ("POST", "/api/v1/activities/hours/corrections/{correction_id}/approve"):
        Route(lambda w: {"correction_id": (volunteering_of_a(w),
                                           w.volunteering_correction_a)[1].pk}, method="post"),
    ("POST", "/api/v1/activities/hours/corrections/{correction_id}/reject"):
        Route(lambda w: {"correction_id": (volunteering_of_a(w),
                                           w.volunteering_correction_a)[1].pk}, method="post",
              data={"note": "记录无误"}),
    ("GET", "/api/v1/activities/hours/statistics"):
        Route(with_volunteering_of_a, kind="list", insider="street_admin"),
    # care: register (the unpaired household 甲老人; the bank's pairing with 甲居民)
    ("GET", "/api/v1/care/households"): Route(with_care_of_a, kind="list"),
    ("POST", "/api/v1/care/households"):
        Route(with_care_of_a, method="post",
              data=lambda w: {"person_id": w.person_resident_a.pk, "kinds": ["other"]}),
    ("GET", "/api/v1/care/households/{household_id}"):
        Route(lambda w: {"household_id": care_of_a(w).unpaired.pk}),
    ("PATCH", "/api/v1/care/households/{household_id}"):
        Route(lambda w: {"household_id": care_of_a(w).unpaired.pk}, method="patch",
              data={"visit_every_days": 20}),
    ("POST", "/api/v1/care/households/{household_id}/close"):
        Route(lambda w: {"household_id": care_of_a(w).unpaired.pk}, method="post",
              data={"reason": "外人结束"}),
    # active: the insider's reopen is answered 409, not refused
    ("POST", "/api/v1/care/households/{household_id}/reopen"):
        Route(lambda w: {"household_id": care_of_a(w).unpaired.pk}, method="post"),
    ("POST", "/api/v1/care/households/{household_id}/pairings"):
        Route(lambda w: {"household_id": care_of_a(w).unpaired.pk}, method="post",
              data=lambda w: {"helper_kind": "unit",
                              "helper_id": care_of_a(w).volunteering.unit.pk,
                              "starts_on": "2026-04-01"}),
    ("POST", "/api/v1/care/pairings/{pairing_id}/end"):
        Route(lambda w: {"pairing_id": care_of_a(w).pairing_unit.pk}, method="post"),
    ("GET", "/api/v1/care/statistics"):
        Route(with_care_of_a, kind="list", insider="street_admin"),
    # activities: events (a draft of A, the published activity of 甲楼一号 and its sign-up)
    ("GET", "/api/v1/activities/activities"): Route(with_events_of_a, kind="list"),
    ("GET", "/api/v1/activities/activities/planner"): Route(with_events_of_a, kind="list"),
    ("POST", "/api/v1/activities/activities"): Route(
        with_events_of_a, method="post", data=lambda w: {
            "community_id": w.community_a.pk, "title": "外人活动", "kind": "talk",
            "place": "外人地点", "starts_at": "2030-04-01T09:00:00+08:00",
            "ends_at": "2030-04-01T10:00:00+08:00", "capacity": 10}),
    ("GET", "/api/v1/activities/activities/{activity_id}"):
        Route(lambda w: {"activity_id": events_of_a(w).activity_draft_a.pk}),
    ("PATCH", "/api/v1/activities/activities/{activity_id}"):
        Route(lambda w: {"activity_id": events_of_a(w).activity_draft_a.pk}, method="patch",
              data={"title": "外人改名"}),
    **{("POST", f"/api/v1/activities/activities/{{activity_id}}/{action}"):
       Route(lambda w: {"activity_id": events_of_a(w).activity_draft_a.pk}, method="post",
             data={"report": "外人小结"} if action == "report" else {})
       for action in ("publish", "close", "done", "cancel", "report", "rotate-code")},
    ("GET", "/api/v1/activities/activities/{activity_id}/photos"):
        Route(lambda w: {"activity_id": events_of_a(w).activity_draft_a.pk}),
    ("POST", "/api/v1/activities/activities/{activity_id}/photos"):
        Route(lambda w: {"activity_id": events_of_a(w).activity_draft_a.pk}, method="post"),
    ("GET", "/api/v1/activities/photos/{photo_id}"):
        Route(lambda w: {"photo_id": events_of_a(w).activity_photo_a.pk}),
    ("GET", "/api/v1/activities/activities/{activity_id}/signups"):
        Route(lambda w: {"activity_id": events_of_a(w).activity_a.pk}),
    # resident_a lives outside 甲楼一号: the audience refuses them (403)
    ("POST", "/api/v1/activities/activities/{activity_id}/signups"):
        Route(lambda w: {"activity_id": events_of_a(w).activity_a.pk}, method="post",
              insider="attendee_a"),
    ("POST", "/api/v1/activities/activities/{activity_id}/signups/resident"):
        Route(lambda w: {"activity_id": events_of_a(w).activity_a.pk}, method="post",
              data=lambda w: {"person_id": w.person_a.pk}),
    ("GET", "/api/v1/activities/my-signups"): Route(with_events_of_a, kind="own",
                                                    insider="attendee_a"),
    **{("POST", f"/api/v1/activities/signups/{{signup_id}}/{action}"):
       Route(lambda w: {"signup_id": events_of_a(w).signup_a.pk}, method="post",
             insider="attendee_a" if action in ("cancel", "accept", "decline") else "staff_a")
       for action in ("cancel", "accept", "decline", "check-in", "check-out", "hours")},
    ("POST", "/api/v1/activities/checkin"):
        Route(with_events_of_a, method="post", insider="attendee_a",
              data=lambda w: {"token": checkin_token_of_a(w)}),
    # care: festival campaigns
    ("GET", "/api/v1/care/campaigns"): Route(with_campaigns_of_a, kind="list"),
    ("POST", "/api/v1/care/campaigns"):
        Route(with_campaigns_of_a, method="post",
              data=lambda w: {"community_id": w.community_a.pk, **CAMPAIGN_DATA}),
    ("GET", "/api/v1/care/campaigns/{campaign_id}"):
        Route(lambda w: {"campaign_id": campaigns_of_a(w).pk}),
    ("POST", "/api/v1/care/campaigns/{campaign_id}/open"):
        Route(lambda w: {"campaign_id": (campaigns_of_a(w), w.campaign_draft_a)[1].pk},
              method="post"),
    ("POST", "/api/v1/care/campaigns/{campaign_id}/close"):
        Route(lambda w: {"campaign_id": campaigns_of_a(w).pk}, method="post"),
    ("GET", "/api/v1/care/campaigns/{campaign_id}/targets"):
        Route(lambda w: {"campaign_id": campaigns_of_a(w).pk}),
    ("GET", "/api/v1/care/campaigns/{campaign_id}/report"):
        Route(lambda w: {"campaign_id": campaigns_of_a(w).pk}, insider="street_admin"),
    ("GET", "/api/v1/care/campaign-visits/mine"):
        Route(with_campaigns_of_a, kind="own", insider="resident_a"),
    ("POST", "/api/v1/care/campaign-targets/{target_id}/pairing"):
        Route(lambda w: {"target_id": campaign_target_of_a(w).pk}, method="post",
              data={"pairing_id": None}),
    ("POST", "/api/v1/care/campaign-targets/{target_id}/visit"):
        Route(lambda w: {"target_id": campaign_target_of_a(w).pk}, method="post",
              data={"visited_on": "2026-01-22"}),
    # care's visits (see the pages above: 甲老人's rows)
    ("GET", "/api/v1/care/mine"): Route(with_care_of_a, kind="own", insider="resident_a"),
    ("GET", "/api/v1/care/overdue"): Route(with_care_of_a, kind="list"),
    ("GET", "/api/v1/care/visits"): Route(lambda w: care_visit_of_a(w) and None, kind="list",
                                          query=lambda w: {"queue": "follow_ups"}),
    ("GET", "/api/v1/care/households/{household_id}/visits"):
        Route(lambda w: {"household_id": care_of_a(w).unpaired.pk}),
    ("POST", "/api/v1/care/households/{household_id}/visits"):
        Route(lambda w: {"household_id": care_of_a(w).unpaired.pk}, method="post"),
    ("POST", "/api/v1/care/households/{household_id}/visits/multipart"):
        Route(lambda w: {"household_id": care_of_a(w).unpaired.pk}, method="post"),
    ("GET", "/api/v1/care/visits/{visit_id}"):
        Route(lambda w: {"visit_id": care_visit_of_a(w).pk}),
    ("GET", "/api/v1/care/visits/{visit_id}/photo"):
        Route(lambda w: {"visit_id": care_visit_of_a(w).pk}),
    ("POST", "/api/v1/care/visits/{visit_id}/follow-up/case"):
        Route(lambda w: {"visit_id": care_visit_of_a(w).pk}, method="post",
              data=lambda w: {"category_id": case_category(w.community_a).pk}),
    ("POST", "/api/v1/care/visits/{visit_id}/follow-up/need"):
        Route(lambda w: {"visit_id": care_visit_of_a(w).pk}, method="post"),
    ("POST", "/api/v1/care/visits/{visit_id}/follow-up/done"):
        Route(lambda w: {"visit_id": care_visit_of_a(w).pk}, method="post"),
    ("POST", "/api/v1/care/visits/{visit_id}/hours"):
        Route(lambda w: {"visit_id": care_visit_of_a(w).pk}, method="post"),
    # reports: work ledgers
    ("GET", "/api/v1/reports/ledgers"): Route(lambda w: ledger_run_of_a(w) and None, kind="list"),
    ("POST", "/api/v1/reports/ledgers"):
        Route(method="post", data=lambda w: {"community_id": w.community_a.pk,
                                             **LEDGER_REQUEST}),
    ("GET", "/api/v1/reports/ledgers/{run_id}"):
        Route(lambda w: {"run_id": ledger_run_of_a(w).pk}),
    ("GET", "/api/v1/reports/ledgers/{run_id}/download"):
        Route(lambda w: {"run_id": ledger_run_of_a(w).pk}),
    # the public portal (issue 17): anonymous reads
    ("GET", "/api/v1/portal/communities/{community_id}"):
        Route(lambda w: {"community_id": w.community_a.pk}, kind="public"),
    ("GET", "/api/v1/portal/communities/{community_id}/problems"):
        Route(lambda w: {"community_id": w.community_a.pk}, kind="public"),
    ("GET", "/api/v1/portal/public-articles"): Route(kind="public"),
    ("GET", "/api/v1/portal/public-articles/{article_id}"):
        Route(lambda w: {"article_id": portal_articles_of(w).published_a.pk}, kind="public"),
}


def named_routes(resolver=None, namespace=""):
    """Every URL pattern's name (namespaced), found by walking the resolver."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}{pattern.namespace}:"
            yield from named_routes(pattern, inner)
        elif isinstance(pattern, URLPattern):
            if pattern.name:
                yield f"{namespace}{pattern.name}"
            else:
                yield f"{namespace}<unnamed:{pattern.pattern}>"


def route_callbacks(resolver=None, namespace=""):
    """(name, view callback) of every named URL pattern."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from route_callbacks(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern.callback


def page_routes() -> set[str]:
    """The named page routes of the project, without Django's admin, the API and media."""
    return {name for name in named_routes() if not name.startswith(EXTERNAL_PREFIXES)
            and not name.startswith("<unnamed:^media")}


def openapi_schema() -> dict:
    return api.get_openapi_schema()


def api_operations():
    """(METHOD, path) of every operation in the OpenAPI schema."""
    for path, methods in openapi_schema()["paths"].items():
        for method in methods:
            yield method.upper(), path


def route_url(route, name_or_path, world, *, api=False, insider=False) -> str:
    build = route.insider_kwargs if insider and route.insider_kwargs else route.kwargs
    kwargs = build(world) if build else None
    url = name_or_path.format(**kwargs) if api and kwargs else (
        name_or_path if api else reverse(name_or_path, kwargs=kwargs))
    if route.query:
        url += "?" + urlencode(route.query(world))
    return url


def api_call(client, route, path, token=None, world=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    method = getattr(client, route.method)
    if route.method in ("post", "patch", "put"):
        return method(path, route.payload(world), content_type="application/json",
                      headers=headers)
    return method(path, headers=headers)


def assert_no_secrets(world, content: str, who: str):
    for secret in secrets_of_a(world):
        assert secret not in content, f"{who}: {secret!r} leaked"


def build_scope_world() -> World:
    """The shared world with every row any route acts on, and an API token for each user.

    Builders memoise on the world, so building them all up front lets one world serve every
    test of a module: each test then runs in a savepoint that is rolled back."""
    world = build_world()
    owner_of_a(world)
    portal_articles_of(world)  # public routes' rows are not built below, but these are memoised
    portal_image_of(world)
    for table in (HTML_ROUTES, API_ROUTES):
        for route in table.values():
            if route.kind == "public":  # reaches no row of A (and needs the tokens below)
                continue
            for build in (route.kwargs, route.insider_kwargs):
                if build:
                    build(world)
            route.payload(world)
            if route.query:
                route.query(world)
    # the partner units' contacts are created by the builders, outside world.users
    for username in ("jia_contact", "contact_a", "jia_bank_contact"):
        world.users[username] = User.objects.get(username=username)
    issued = {name: api_token_create(user=user)
              for name, user in world.users.items() if user is not None}
    world.tokens = {name: token.token for name, token in issued.items()}
    world.refresh_tokens = {name: token.refresh_token for name, token in issued.items()}
    return world


@contextmanager
def shared_world(django_db_blocker):
    """One world for a whole module, rolled back when the module is done."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_scope_world()
        transaction.set_rollback(True)
