"""The state machine of festival campaigns, as data: the statuses each action may start from,
and the refusal a wrong status gives. Read only by campaigns/rules.py.

draft (筹备中) --open--> open (进行中) --close--> closed (已结束)"""

from django.utils.translation import gettext_lazy as _

from gongzhi.care.campaigns.choices import CampaignStatus
from gongzhi.core.errors import Conflict


class CampaignStatusRefused(Conflict):
    code = "care_campaign_status_refused"
    default_message = _("慰问活动当前状态下不能进行此操作。")


CAMPAIGN_ALLOWED_FROM = {
    "open": {CampaignStatus.DRAFT},
    "close": {CampaignStatus.OPEN},
    # who visits a target may change until the campaign ends
    "set_pairing": {CampaignStatus.DRAFT, CampaignStatus.OPEN},
    # a target is visited while the campaign is open
    "visit": {CampaignStatus.OPEN},
}
