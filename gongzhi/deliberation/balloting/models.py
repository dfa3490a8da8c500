"""Abstract models of ballots and objections. The concrete ones are votes.models.Ballot /
Objection and polls.models.PollBallot / PollObjection; the fields declared here are exactly
the ones both had before, so the migration state is unchanged."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongzhi.deliberation.balloting.choices import BallotState


class BallotBase(models.Model):
    """What every ballot has: its state, who entered and who checked it, and the correction
    chain (a correction adds a row that supersedes the counted one; rows are never edited or
    deleted). The concrete model adds what it is cast in (vote or poll), the elector, the
    choice, the channel and the scan."""

    state = models.CharField(_("状态"), max_length=12, choices=BallotState.choices)
    cast_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("录入人"))
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("复核人"))
    checked_at = models.DateTimeField(_("复核时间"), null=True, blank=True)
    supersedes = models.OneToOneField("self", verbose_name=_("更正的原票"),
                                      on_delete=models.PROTECT,
                                      null=True, blank=True,
                                      related_name="superseded_by")
    correction_reason = models.CharField(_("更正理由"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("投票时间"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]


class ObjectionBase(models.Model):
    """What every objection during a publicity period has: who raised it, its text, and the
    answer. Owners' votes (Objection) and residents' polls (PollObjection) share it."""

    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("提出人账号"),
                                  on_delete=models.PROTECT, related_name="+")
    raised_by_name = models.CharField(_("提出人"), max_length=64)
    text = models.TextField(_("异议内容"), max_length=2000)
    answer = models.TextField(_("答复"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("答复人"),
                                    on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("提出时间"), auto_now_add=True)

    class Meta:
        abstract = True
        verbose_name = _("异议")
        verbose_name_plural = _("异议")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:20]
