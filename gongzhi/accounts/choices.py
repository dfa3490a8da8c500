from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DISTRICT_ADMIN = "district_admin", _("区管理员")
    STREET_ADMIN = "street_admin", _("街道管理员")
    COMMUNITY_SECRETARY = "community_secretary", _("社区书记")
    COMMUNITY_STAFF = "community_staff", _("社区工作人员")
    GRID_WORKER = "grid_worker", _("网格员")
    PARTNER_CONTACT = "partner_contact", _("共建单位联络人")
    PARTY_MEMBER = "party_member", _("党员")
    RESIDENT = "resident", _("居民")
    # a registered volunteer who is not a resident: a partner unit's staff member who signs up
    # for shifts on their phone (residents and party members volunteer with their own login)
    VOLUNTEER = "volunteer", _("志愿者")


class ScopeLevel(models.TextChoices):
    DISTRICT = "district", _("区")
    STREET = "street", _("街道")
    COMMUNITY = "community", _("社区")
    GRID = "grid", _("网格")
