"""Owners' votes (业主共同决定, 民法典 art. 278): the rule sets, the vote, its plan documents, its
frozen electorate of flats with corrections and proxies, the ballots, objections and the photos
of the posted result. Ballot and Objection build on balloting's abstract models."""

from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.deliberation.balloting.models import BallotBase, ObjectionBase
from gongzhi.deliberation.votes.choices import (
    Channel,
    Choice,
    CostScheme,
    VoteKind,
    VoteStatus,
    item_citation,
)
from gongzhi.places.choices import AreaSource
from gongzhi.places.models import COMMUNITY_PATHS, Building, CommunityRowModel, Flat, Unit

VOTE_PATHS = {**COMMUNITY_PATHS, "grid": "building__grid"}

class RuleSet(models.Model):
    """A legal rule for counting owners' votes, with its source and the day it applies from.

    A vote is judged by the rule set of its kind in force on the day it opens, so a later
    change of the law does not change the result of an earlier vote.
    """

    kind = models.CharField(_("适用事项"), max_length=16, choices=VoteKind.choices)
    name = models.CharField(_("名称"), max_length=128)
    source = models.CharField(_("依据"), max_length=255)
    effective_from = models.DateField(_("施行日期"))
    # Fractions as "p/q" text: exact, never floats. "以上" means ≥; "过半数" means >.
    participation_threshold = models.CharField(_("参与表决门槛（以上）"), max_length=16,
                                               default="2/3")
    approval_threshold = models.CharField(_("表决通过门槛"), max_length=16, default="1/2")
    approval_is_strict = models.BooleanField(
        _("须超过门槛（过半数）"), default=True,
        help_text=_("“过半数”不含本数；“四分之三以上”含本数。"))
    requires_affected_consent = models.BooleanField(_("受影响业主须逐户同意"), default=False)
    publicity_days = models.PositiveSmallIntegerField(_("公示天数"), default=7)

    class Meta:
        verbose_name = _("表决规则")
        verbose_name_plural = _("表决规则")
        ordering = ["kind", "-effective_from"]
        constraints = [models.UniqueConstraint(fields=["kind", "effective_from"],
                                               name="one_rule_set_per_kind_and_day")]

    def __str__(self):
        return f"{self.name}（{self.effective_from:%Y-%m-%d} 起）"

    @property
    def participation(self) -> Fraction:
        return Fraction(self.participation_threshold)

    @property
    def approval(self) -> Fraction:
        return Fraction(self.approval_threshold)


class Vote(CommunityRowModel):
    """An owners' vote (业主共同决定) in one building or one unit of a building."""

    building = models.ForeignKey(Building, on_delete=models.PROTECT, related_name="votes",
                                 verbose_name=_("楼栋"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="votes", verbose_name=_("单元"),
                             help_text=_("加装电梯以所服务的单元为表决范围；留空则为整栋。"))
    title = models.CharField(_("表决事项"), max_length=128)
    description = models.TextField(_("说明"), blank=True)
    kind = models.CharField(_("事项类别"), max_length=16, choices=VoteKind.choices)
    item_number = models.PositiveSmallIntegerField(_("民法典第278条第几项"), null=True,
                                                   blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=VoteStatus.choices,
                              default=VoteStatus.DRAFT)
    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="votes", verbose_name=_("适用规则"))
    closes_on = models.DateField(_("截止日期"))
    opened_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("截止时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("公示时间"), null=True, blank=True)
    publicity_ends_on = models.DateField(_("公示截止"), null=True, blank=True)
    cost_total = models.DecimalField(_("费用总额（元）"), max_digits=12, decimal_places=2,
                                     default=Decimal("0"))
    cost_scheme = models.CharField(_("费用分摊方式"), max_length=16, choices=CostScheme.choices,
                                   default=CostScheme.BY_AREA)
    # By floor: {"1": "0", "2": "0.6", ...}; custom: {"<room>": "<weight>"}.
    cost_parameters = models.JSONField(_("分摊参数"), default=dict, blank=True)
    result = models.JSONField(_("表决结果"), default=dict, blank=True, editable=False)
    # Set once by the reminder job, so that a re-run or a caught-up slot reminds nobody twice.
    reminder_sent_at = models.DateTimeField(_("截止提醒发送时间"), null=True, blank=True,
                                            editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("发起人"))

    scope_paths = VOTE_PATHS

    class Meta:
        verbose_name = _("业主表决")
        verbose_name_plural = _("业主表决")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    @property
    def legal_basis(self) -> str:
        """The article and item cited on the page, the notice and the record."""
        return item_citation(self.item_number)

    @property
    def scope_label(self) -> str:
        return str(self.unit) if self.unit_id else self.building.name

    @property
    def is_open(self) -> bool:
        return self.status == VoteStatus.OPEN

    # what the page shows (the electorate, the result, the publicity section), never whether
    # a button shows: that is the rules' (rules.py, states.py)
    @property
    def is_draft(self) -> bool:
        return self.status == VoteStatus.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status == VoteStatus.PUBLISHED

    @property
    def is_final(self) -> bool:
        """Closed or published: the count no longer moves."""
        return self.status in (VoteStatus.CLOSED, VoteStatus.PUBLISHED)


class VoteDocument(models.Model):
    """A plan document attached to a vote (design, budget, cost-sharing agreement), uploaded
    while the vote is a draft; served by a checked view only, never at a public media URL."""

    vote = models.ForeignKey(Vote, verbose_name=_("业主表决"), on_delete=models.PROTECT,
                             related_name="documents")
    name = models.CharField(_("文件名"), max_length=128)
    file = models.FileField(_("文件"), upload_to="deliberation/vote-documents/%Y/%m/")
    content_type = models.CharField(_("文件类型"), max_length=32)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("上传人"))
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("方案文件")
        verbose_name_plural = _("方案文件")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.name

    def scope_ids(self) -> dict:
        return self.vote.scope_ids()


class Elector(models.Model):
    """One flat of a vote's electorate, frozen from the registry when the vote opened."""

    vote = models.ForeignKey(Vote, verbose_name=_("业主表决"), on_delete=models.CASCADE,
                             related_name="electors")
    flat = models.ForeignKey(Flat, verbose_name=_("房屋"), on_delete=models.SET_NULL, null=True,
                             related_name="+")
    unit_number = models.CharField(_("单元"), max_length=16)
    room_number = models.CharField(_("房号"), max_length=16)
    floor = models.SmallIntegerField(_("楼层"))
    floor_area = models.DecimalField(_("专有部分面积（平方米）"), max_digits=8, decimal_places=2)
    area_source = models.CharField(_("专有部分面积来源"), max_length=16,
                                   choices=AreaSource.choices)
    # Person ids of the owners on the day the vote opened; co-owners of a flat count as one.
    owner_ids = models.JSONField(_("业主"), default=list)
    owner_names = models.CharField(_("业主（脱敏）"), max_length=255, blank=True)
    is_unsold = models.BooleanField(_("开发商未售出"), default=False)
    is_affected = models.BooleanField(_("受加装电梯直接影响"), default=False)


    class Meta:
        verbose_name = _("表决权人")
        verbose_name_plural = _("表决权人")
        ordering = ["vote", "unit_number", "floor", "room_number"]
        constraints = [models.UniqueConstraint(fields=["vote", "flat"],
                                               name="one_elector_per_flat_and_vote")]

    def __str__(self):
        return f"{self.unit_number}单元 {self.room_number}"

    def scope_ids(self) -> dict:
        return self.vote.scope_ids()


class ElectorCorrection(models.Model):
    """An explicit, logged change to a frozen electorate (e.g. a wrong area in the register)."""

    elector = models.ForeignKey(Elector, verbose_name=_("表决权人"), on_delete=models.PROTECT,
                                related_name="corrections")
    field = models.CharField(_("更正项"), max_length=32)
    before = models.CharField(_("更正前"), max_length=255)
    after = models.CharField(_("更正后"), max_length=255)
    reason = models.CharField(_("理由"), max_length=255)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"),
                              on_delete=models.PROTECT,
                              related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("表决权人名单更正")
        verbose_name_plural = _("表决权人名单更正")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.elector} · {self.field}"

    def scope_ids(self) -> dict:
        return self.elector.vote.scope_ids()


class ProxyAuthorisation(models.Model):
    """An owner's written authorisation of a proxy for one vote (物业管理条例 art. 12)."""

    elector = models.ForeignKey(Elector, verbose_name=_("表决权人"), on_delete=models.PROTECT,
                                related_name="proxies")
    owner_name = models.CharField(_("委托业主"), max_length=64)
    proxy_name = models.CharField(_("受托人"), max_length=64)
    document = models.FileField(_("书面委托书"), upload_to="deliberation/proxies/%Y/%m/")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"),
                                    on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoke_reason = models.CharField(_("撤销理由"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("委托代理")
        verbose_name_plural = _("委托代理")
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.owner_name} → {self.proxy_name}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def scope_ids(self) -> dict:
        return self.elector.vote.scope_ids()


class Ballot(BallotBase):
    """One ballot for one flat. Rows are never edited or deleted: a correction adds a row that
    supersedes the counted one (民法典 art. 280: decisions can be challenged in court)."""

    vote = models.ForeignKey(Vote, verbose_name=_("业主表决"), on_delete=models.PROTECT,
                             related_name="ballots")
    elector = models.ForeignKey(Elector, verbose_name=_("表决权人"), on_delete=models.PROTECT,
                                related_name="ballots")
    choice = models.CharField(_("表决意见"), max_length=8, choices=Choice.choices)
    channel = models.CharField(_("投票方式"), max_length=8, choices=Channel.choices)
    voter_name = models.CharField(_("投票人"), max_length=64)
    scan = models.FileField(_("表决票扫描件"), upload_to="deliberation/ballots/%Y/%m/",
                            blank=True)
    proxy = models.ForeignKey(ProxyAuthorisation, verbose_name=_("委托代理"),
                              on_delete=models.PROTECT,
                              null=True,
                              blank=True, related_name="ballots")

    class Meta:
        verbose_name = _("表决票")
        verbose_name_plural = _("表决票")
        ordering = ["created_at", "pk"]
        constraints = [
            # One flat, one live ballot across every channel: the database refuses a second
            # one even when two requests arrive at the same moment.
            models.UniqueConstraint(fields=["vote", "elector"],
                                    condition=Q(state__in=["pending", "counted"]),
                                    name="one_live_ballot_per_flat"),
        ]

    def __str__(self):
        return f"{self.elector} · {self.get_choice_display()}"

    def scope_ids(self) -> dict:
        return self.vote.scope_ids()


class Objection(ObjectionBase):
    """An objection raised during the publicity period (公示) of a vote, and its answer."""

    vote = models.ForeignKey(Vote, verbose_name=_("业主表决"), on_delete=models.PROTECT,
                             related_name="objections")

    class Meta(ObjectionBase.Meta):
        pass

    def scope_ids(self) -> dict:
        return self.vote.scope_ids()


class PublicityPhoto(models.Model):
    """A photo of the posted result notice of a published vote (公示 evidence)."""

    vote = models.ForeignKey(Vote, verbose_name=_("业主表决"),
                             on_delete=models.PROTECT,
                             related_name="publicity_photos")
    posted_on = models.DateField(_("张贴日期"))
    place = models.CharField(_("张贴地点"), max_length=128)
    file = models.FileField(_("照片"), upload_to="deliberation/publicity/%Y/%m/")
    content_type = models.CharField(_("文件类型"), max_length=32)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"),
                                    on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("公示照片")
        verbose_name_plural = _("公示照片")
        ordering = ["posted_on", "pk"]

    def __str__(self):
        return f"{self.place} {self.posted_on:%Y-%m-%d}"

    def scope_ids(self) -> dict:
        return self.vote.scope_ids()
