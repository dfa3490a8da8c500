from django.core.management.base import BaseCommand

from gongzhi.accounts.demo import DEMO_PASSWORD, seed_accounts
from gongzhi.accounts.models import User
from gongzhi.casework.demo import seed_casework
from gongzhi.cobuilding.demo import seed_cobuilding
from gongzhi.deliberation.demo import seed_votes
from gongzhi.deliberation.demo_polls import seed_polls
from gongzhi.deliberation.demo_topics import seed_topics
from gongzhi.notifications.demo import seed_notifications
from gongzhi.organisations.models import PartnerContact
from gongzhi.party.demo import seed_party
from gongzhi.people.demo import seed_people
from gongzhi.places.demo import seed_places


class Command(BaseCommand):
    help = "载入演示数据（可重复运行，不会重复创建）。Load the demo data; safe to run again."

    def handle(self, *args, **options):
        places = seed_places()
        logins = seed_accounts(places)
        resident = seed_people(places["yongtai"])
        if resident is not None and resident.user_id is None:
            resident.user = User.objects.get(username="yongtai_resident")
            resident.save(update_fields=["user"])
        seed_notifications(places)
        seed_votes(places["yongtai"])
        seed_polls(places["yongtai"])
        seed_cobuilding(places)
        seed_casework(places["yongtai"])
        seed_topics(places["yongtai"])
        seed_party(places)
        if options["verbosity"] == 0:
            return
        self.stdout.write(self.style.SUCCESS("演示数据已就绪 / Demo data ready."))
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}） / Demo logins:")
        for username, scope in demo_logins(logins):
            self.stdout.write(f"  {username:<18} {scope}")


def demo_logins(account_logins: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Every demo login that can sign in, read back from the database after seeding, so that a
    login another app's seeder creates (partner contacts, the party member) is never left out."""
    units = dict(PartnerContact.objects.values_list("user__username", "unit__name"))
    listed = dict(account_logins)
    users = (User.objects.filter(display_name__endswith="（演示）")
             .exclude(password__startswith="!").exclude(username__in=listed)
             .prefetch_related("role_assignments__community", "role_assignments__grid")
             .order_by("username"))
    extra = [(user.username, "；".join(str(role) for role in user.role_assignments.all()))
             for user in users]
    return [(username, f"{scope} · {units[username]}" if username in units else scope)
            for username, scope in [*account_logins, *extra]]
