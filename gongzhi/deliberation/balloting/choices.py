from django.db import models
from django.utils.translation import gettext_lazy as _


class BallotState(models.TextChoices):
    PENDING_CHECK = "pending", _("待复核")
    COUNTED = "counted", _("已计入")
    SUPERSEDED = "superseded", _("已被更正")
    REJECTED = "rejected", _("复核未通过")


# A live ballot holds the elector's one place: the unique indexes of both ballot models name
# these two states, and so do "who has voted" and the reminders.
LIVE_STATES = (BallotState.PENDING_CHECK, BallotState.COUNTED)
