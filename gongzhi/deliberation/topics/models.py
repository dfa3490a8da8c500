"""Consultation topics (议题), their meetings and their follow-through (城乡社区协商).

Every change of a topic's status is one service in topics.services and leaves a TopicStep
(actor, time, note, documents) written in the same transaction.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.deliberation.topics.choices import (
    OUTCOME_PUBLIC_STATUSES,
    InviteeKind,
    MeetingStatus,
    ProposerKind,
    StepAction,
    TaskStatus,
    TopicKind,
    TopicStatus,
)
from gongzhi.places.models import COMMUNITY_PATHS, CommunityRowModel


class Topic(CommunityRowModel):
    """A matter raised for consultation in one community, from proposal to feedback."""

    title = models.CharField(_("议题"), max_length=128)
    description = models.TextField(_("内容与理由"), max_length=4000)
    kind = models.CharField(_("议题类别"), max_length=16, choices=TopicKind.choices,
                            default=TopicKind.ORDINARY)
    item_number = models.PositiveSmallIntegerField(
        _("民法典第278条第几项"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(9)])
    building = models.ForeignKey("places.Building", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="topics",
                                 verbose_name=_("涉及楼栋"))
    unit = models.ForeignKey("places.Unit", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="topics", verbose_name=_("涉及单元"))
    status = models.CharField(_("状态"), max_length=16, choices=TopicStatus.choices,
                              default=TopicStatus.PROPOSED, db_index=True)
    proposer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="proposed_topics", verbose_name=_("提出人"))
    proposer_kind = models.CharField(_("提出人身份"), max_length=16,
                                     choices=ProposerKind.choices)
    decline_reason = models.TextField(_("不予受理理由"), blank=True)
    outcome = models.TextField(_("协商结果"), blank=True)
    votes_for = models.PositiveIntegerField(_("赞成"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("反对"), null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(_("弃权"), null=True, blank=True)
    dissent = models.TextField(_("不同意见"), blank=True)
    is_adopted = models.BooleanField(_("获得通过"), null=True, blank=True)
    outcome_meeting = models.ForeignKey("deliberation.Meeting", null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+",
                                        verbose_name=_("形成结果的会议"))
    feedback = models.TextField(_("落实情况"), blank=True)
    vote = models.ForeignKey("deliberation.Vote", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="topics",
                             verbose_name=_("业主表决"))
    need = models.ForeignKey("cobuilding.Need", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="topics", verbose_name=_("共建需求"))
    project = models.ForeignKey("cobuilding.Project", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="topics",
                                verbose_name=_("共建项目"))
    source_case = models.ForeignKey("casework.Case", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="topics",
                                    verbose_name=_("来源诉求"))
    published_at = models.DateTimeField(_("结果公开时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    scope_paths = COMMUNITY_PATHS

    class Meta:
        verbose_name = _("议题")
        verbose_name_plural = _("议题")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["source_case"],
                                               condition=Q(source_case__isnull=False),
                                               name="one_topic_per_case")]

    def __str__(self):
        return self.title

    @property
    def outcome_is_public(self) -> bool:
        return self.status in OUTCOME_PUBLIC_STATUSES

    @property
    def needs_vote(self) -> bool:
        return self.kind in (TopicKind.OWNERS, TopicKind.ELEVATOR)


class TopicStep(CommunityRowModel):
    """One recorded step of a topic: who moved it from which status to which, when, why."""

    topic = models.ForeignKey(Topic, verbose_name=_("议题"), on_delete=models.CASCADE,
                              related_name="steps")
    action = models.CharField(_("操作"), max_length=16, choices=StepAction.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("操作人"))
    from_status = models.CharField(_("原状态"), max_length=16, choices=TopicStatus.choices,
                                   blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=TopicStatus.choices)
    note = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)

    scope_paths = COMMUNITY_PATHS

    class Meta:
        verbose_name = _("议题记录")
        verbose_name_plural = _("议题记录")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.topic} · {self.get_action_display()}"


class TopicDocument(CommunityRowModel):
    """A file attached to a step (materials, notice, minutes, photos); served by a checked
    view only, never at a public media URL."""

    topic = models.ForeignKey(Topic, verbose_name=_("议题"), on_delete=models.CASCADE,
                              related_name="documents")
    step = models.ForeignKey(TopicStep, verbose_name=_("步骤"), null=True,
                             on_delete=models.SET_NULL,
                             related_name="documents")
    file = models.FileField(_("文件"), upload_to="deliberation/topics/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=128)
    content_type = models.CharField(_("文件类型"), max_length=32)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    scope_paths = COMMUNITY_PATHS

    class Meta:
        verbose_name = _("议题材料")
        verbose_name_plural = _("议题材料")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.name


class Meeting(CommunityRowModel):
    """A consultation meeting (议事会、居民会议、听证会) on one topic."""

    topic = models.ForeignKey(Topic, verbose_name=_("议题"), on_delete=models.CASCADE,
                              related_name="meetings")
    title = models.CharField(_("会议名称"), max_length=128)
    starts_at = models.DateTimeField(_("时间"))
    place = models.CharField(_("地点"), max_length=128)
    agenda = models.TextField(_("议程"), help_text=_("每行一项"))
    is_residents_meeting = models.BooleanField(
        _("居民会议"), default=False,
        help_text=_("居民会议须应到人数过半数出席方有效，决定须出席人过半数通过。"))
    entitled_count = models.PositiveIntegerField(_("应到人数"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=MeetingStatus.choices,
                              default=MeetingStatus.PLANNED)
    notice_sent_at = models.DateTimeField(_("通知时间"), null=True, blank=True)
    minutes = models.TextField(_("会议纪要"), blank=True)
    held_at = models.DateTimeField(_("纪要记录时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("召集人"))

    scope_paths = COMMUNITY_PATHS

    class Meta:
        verbose_name = _("议事会议")
        verbose_name_plural = _("议事会议")
        ordering = ["starts_at", "pk"]

    def __str__(self):
        return self.title

    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]


class Invitee(CommunityRowModel):
    """A party invited to a meeting: a person with a login, a partner unit, or free text."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("会议"), on_delete=models.CASCADE,
                                related_name="invitees")
    kind = models.CharField(_("身份"), max_length=16, choices=InviteeKind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="meeting_invitations",
                             verbose_name=_("账号"))
    partner_unit = models.ForeignKey("organisations.PartnerUnit", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="meeting_invitations",
                                     verbose_name=_("共建单位"))
    name = models.CharField(_("名称"), max_length=64)

    scope_paths = COMMUNITY_PATHS

    class Meta:
        verbose_name = _("参会方")
        verbose_name_plural = _("参会方")
        ordering = ["kind", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], condition=Q(user__isnull=False),
                                    name="invite_user_once_per_meeting"),
            models.UniqueConstraint(fields=["meeting", "partner_unit"],
                                    condition=Q(partner_unit__isnull=False),
                                    name="invite_unit_once_per_meeting"),
        ]

    def __str__(self):
        return self.name


class SignIn(CommunityRowModel):
    """One line of a meeting's sign-in sheet: by the invitee themselves, or entered by staff."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("会议"), on_delete=models.CASCADE,
                                related_name="sign_ins")
    invitee = models.ForeignKey(Invitee, verbose_name=_("受邀人"), null=True, blank=True,
                                on_delete=models.PROTECT,
                                related_name="sign_ins")
    name = models.CharField(_("姓名或单位"), max_length=64)
    is_self = models.BooleanField(_("本人签到"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("登记人"))
    created_at = models.DateTimeField(_("签到时间"), default=timezone.now)

    scope_paths = COMMUNITY_PATHS

    class Meta:
        verbose_name = _("签到")
        verbose_name_plural = _("签到")
        ordering = ["created_at", "pk"]
        constraints = [
            # Two taps on the button, or staff and the invitee at once, sign in once.
            models.UniqueConstraint(fields=["meeting", "invitee"],
                                    condition=Q(invitee__isnull=False),
                                    name="sign_in_once_per_invitee"),
            models.UniqueConstraint(fields=["meeting", "name"], name="sign_in_once_per_name"),
        ]

    def __str__(self):
        return self.name


class TopicTask(CommunityRowModel):
    """A task that carries out a topic's outcome, with an owner and a deadline."""

    topic = models.ForeignKey(Topic, verbose_name=_("议题"), on_delete=models.CASCADE,
                              related_name="tasks")
    description = models.CharField(_("任务"), max_length=255)
    owner_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="topic_tasks",
                                   verbose_name=_("责任人"))
    owner_unit = models.ForeignKey("organisations.PartnerUnit", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="topic_tasks",
                                   verbose_name=_("责任单位"))
    deadline = models.DateField(_("完成时限"))
    status = models.CharField(_("状态"), max_length=8, choices=TaskStatus.choices,
                              default=TaskStatus.OPEN)
    done_note = models.TextField(_("完成情况"), blank=True)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("完成人"), null=True,
                                blank=True,
                                on_delete=models.PROTECT, related_name="+")

    scope_paths = COMMUNITY_PATHS

    class Meta:
        verbose_name = _("落实任务")
        verbose_name_plural = _("落实任务")
        ordering = ["deadline", "pk"]
        constraints = [models.CheckConstraint(
            name="topic_task_has_an_owner",
            condition=Q(owner_user__isnull=False) | Q(owner_unit__isnull=False))]

    def __str__(self):
        return self.description

    @property
    def owner_label(self) -> str:
        if self.owner_unit_id:
            return str(self.owner_unit)
        return self.owner_user.display_name or self.owner_user.username


class TopicRating(CommunityRowModel):
    """A resident's rating (1–5) of the delivered result of a topic; one per person."""

    topic = models.ForeignKey(Topic, verbose_name=_("议题"), on_delete=models.CASCADE,
                              related_name="ratings")
    rater = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("评价人"),
                              on_delete=models.PROTECT,
                              related_name="+")
    score = models.PositiveSmallIntegerField(
        _("评分"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.CharField(_("评价"), max_length=500, blank=True)

    scope_paths = COMMUNITY_PATHS

    class Meta:
        verbose_name = _("落实评价")
        verbose_name_plural = _("落实评价")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "rater"], name="one_rating_per_topic"),
            models.CheckConstraint(name="rating_between_1_and_5",
                                   condition=Q(score__gte=1) & Q(score__lte=5)),
        ]

    def __str__(self):
        return f"{self.topic} · {self.score}"
