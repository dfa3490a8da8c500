"""Demo notifications: the demo resident's contact settings and one notice from the secretary.

The mobile number is the well-known placeholder 13800138000, not anyone's; with the default
console backends nothing is really sent. Safe to run again: the notice is published once.
"""

from django.db import transaction

from gongzhi.accounts.models import User
from gongzhi.notifications.models import NotificationEvent, NotificationProfile
from gongzhi.notifications.services import notice_publish
from gongzhi.people.models import Person
from gongzhi.places.models import Building

DEMO_NOTICE_TITLE = "二次供水水箱清洗停水通知（演示）"
DEMO_NOTICE_BODY = (
    "因二次供水水箱清洗消毒，本楼将于本周六 8:30 至 12:00 停止供水，请各位住户提前储水。\n"
    "如有老人独居、行动不便需要送水，请联系居委会或网格员。\n"
    "（演示数据）"
)


@transaction.atomic
def seed_notifications(places: dict) -> None:
    resident = User.objects.get(username="yongtai_resident")
    NotificationProfile.objects.get_or_create(
        user=resident, defaults={"mobile": "13800138000", "quiet_start": None,
                                 "quiet_end": None})
    if NotificationEvent.objects.filter(title=DEMO_NOTICE_TITLE).exists():
        return
    secretary = User.objects.get(username="yongtai_secretary")
    # The demo resident's own building, so that the notice is in their inbox.
    person = Person.objects.select_related("flat").filter(user=resident).first()
    building = (person.flat.building if person and person.flat else
                Building.objects.filter(community=places["yongtai"],
                                        use="residential").order_by("pk").first())
    notice_publish(actor=secretary, community=places["yongtai"], building=building,
                   title=DEMO_NOTICE_TITLE, body=DEMO_NOTICE_BODY)
