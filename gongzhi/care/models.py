"""Django looks for an app's models in one module, `<app>.models`: the models of care live in
its four parts (register, visits, campaigns, supplies) and are imported here so that the app
label `care` owns them all."""

from gongzhi.care.campaigns.models import Campaign, CampaignGoods, CampaignHousehold  # noqa: F401
from gongzhi.care.register.models import CareHousehold, Pairing  # noqa: F401
from gongzhi.care.supplies.models import Donation, Item, Movement, Stock, Store  # noqa: F401
from gongzhi.care.visits.models import Visit  # noqa: F401
