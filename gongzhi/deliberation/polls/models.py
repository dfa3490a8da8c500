"""Simple polls (one person, one vote) for ordinary community matters."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.deliberation.balloting.models import BallotBase, ObjectionBase
from gongzhi.deliberation.polls.choices import PollChannel, PollKind, PollStatus
from gongzhi.places.models import COMMUNITY_PATHS, Building, CommunityRowModel, Unit

# A community-wide poll has no building: grid staff see only the polls of their grid's
# buildings, community staff see all of them.
POLL_PATHS = {**COMMUNITY_PATHS, "grid": "building__grid"}

YES_NO_OPTIONS = [{"key": "yes", "label": "同意"}, {"key": "no", "label": "反对"},
                  {"key": "abstain", "label": "弃权"}]
ABSTAIN = "abstain"


class Poll(CommunityRowModel):
    """A one-person-one-vote poll of the adult residents of a community, building or unit."""

    building = models.ForeignKey(Building, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="polls", verbose_name=_("楼栋"),
                                 help_text=_("留空则为全社区。"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="polls", verbose_name=_("单元"))
    title = models.CharField(_("事项"), max_length=128)
    description = models.TextField(_("说明"), blank=True)
    kind = models.CharField(_("选项类型"), max_length=16, choices=PollKind.choices,
                            default=PollKind.YES_NO)
    # [{"key": "yes", "label": "同意"}, ...]; custom options have keys "1", "2", ...
    options = models.JSONField(_("选项"), default=list)
    # Exact fractions as "p/q" text. "过半数" is strict (>), "以上" inclusive (≥), as RuleSet.
    quorum = models.CharField(_("参与门槛"), max_length=16, default="1/2")
    quorum_is_strict = models.BooleanField(_("参与须超过门槛（过半数）"), default=True)
    majority = models.CharField(_("通过门槛"), max_length=16, default="1/2")
    majority_is_strict = models.BooleanField(_("通过须超过门槛（过半数）"), default=True)
    publicity_days = models.PositiveSmallIntegerField(_("公示天数"), default=7)
    status = models.CharField(_("状态"), max_length=16, choices=PollStatus.choices,
                              default=PollStatus.DRAFT)
    closes_on = models.DateField(_("截止日期"))
    opened_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("截止时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("公示时间"), null=True, blank=True)
    publicity_ends_on = models.DateField(_("公示截止"), null=True, blank=True)
    result = models.JSONField(_("结果"), default=dict, blank=True, editable=False)
    # Set once by the reminder job (see Vote.reminder_sent_at).
    reminder_sent_at = models.DateTimeField(_("截止提醒发送时间"), null=True, blank=True,
                                            editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("发起人"))

    scope_paths = POLL_PATHS

    class Meta:
        verbose_name = _("居民投票")
        verbose_name_plural = _("居民投票")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    @property
    def scope_label(self) -> str:
        if self.unit_id:
            return str(self.unit)
        if self.building_id:
            return self.building.name
        return self.community.name

    @property
    def is_open(self) -> bool:
        return self.status == PollStatus.OPEN

    # what the page shows (the electorate, the result, the publicity section), never whether
    # a button shows: that is the rules' (rules.py, states.py)
    @property
    def is_draft(self) -> bool:
        return self.status == PollStatus.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status == PollStatus.PUBLISHED

    @property
    def is_final(self) -> bool:
        """Closed or published: the count no longer moves."""
        return self.status in (PollStatus.CLOSED, PollStatus.PUBLISHED)

    def option_label(self, key: str) -> str:
        return next((o["label"] for o in self.options if o["key"] == key), key)


class PollElector(models.Model):
    """One adult resident of a poll's electorate, frozen from the registry when it opened."""

    poll = models.ForeignKey(Poll, verbose_name=_("居民投票"), on_delete=models.CASCADE,
                             related_name="electors")
    person = models.ForeignKey("people.Person", verbose_name=_("投票人"), on_delete=models.SET_NULL,
                               null=True,
                               related_name="+")
    # Kept as of the opening day: later moves or renames do not change the electorate.
    person_id_frozen = models.PositiveBigIntegerField(_("居民编号"))
    name_masked = models.CharField(_("居民（脱敏）"), max_length=64)
    flat_label = models.CharField(_("住址"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("投票人")
        verbose_name_plural = _("投票人")
        ordering = ["poll", "flat_label", "pk"]
        constraints = [models.UniqueConstraint(fields=["poll", "person_id_frozen"],
                                               name="one_poll_elector_per_person")]

    def __str__(self):
        return f"{self.flat_label} {self.name_masked}"

    def scope_ids(self) -> dict:
        return self.poll.scope_ids()


class PollBallot(BallotBase):
    """One person's vote in a poll; never edited or deleted (a check or a correction changes
    only its state; a correction adds a row that supersedes the counted one)."""

    poll = models.ForeignKey(Poll, verbose_name=_("居民投票"), on_delete=models.PROTECT,
                             related_name="ballots")
    elector = models.ForeignKey(PollElector, verbose_name=_("投票人"), on_delete=models.PROTECT,
                                related_name="ballots")
    choice = models.CharField(_("选择"), max_length=16)
    channel = models.CharField(_("投票方式"), max_length=8, choices=PollChannel.choices)
    scan = models.FileField(_("选票扫描件"), upload_to="deliberation/poll-ballots/%Y/%m/",
                            blank=True)

    class Meta:
        verbose_name = _("居民投票选票")
        verbose_name_plural = _("居民投票选票")
        ordering = ["created_at", "pk"]
        constraints = [
            # One person, one live vote across channels, even under simultaneous requests.
            models.UniqueConstraint(fields=["poll", "elector"],
                                    condition=Q(state__in=["pending", "counted"]),
                                    name="one_live_poll_ballot_per_person"),
        ]

    def __str__(self):
        return f"{self.elector} · {self.choice}"

    def scope_ids(self) -> dict:
        return self.poll.scope_ids()


class PollObjection(ObjectionBase):
    """An objection raised during the publicity period of a poll's result, and its answer."""

    poll = models.ForeignKey(Poll, verbose_name=_("居民投票"), on_delete=models.PROTECT,
                             related_name="objections")

    class Meta(ObjectionBase.Meta):
        verbose_name = _("居民投票异议")
        verbose_name_plural = _("居民投票异议")

    def scope_ids(self) -> dict:
        return self.poll.scope_ids()
