"""The order in which the demo data is loaded, app by app, and the logins it leaves behind.

Each step may read what an earlier step made (the accounts need the places, the notice needs the
demo resident's flat), so the order below is the order of the layers, bottom up, with people
linked to their login once both exist.

Every app's seeder lives in this package (gongzhi/demo/<app>.py): a seeder reads and writes
across apps, which only the top of the stack may do. The legal rule sets of owners' votes are
reference data, restored by deliberation.votes.rule_sets for the demo and for tests alike.
"""

from gongzhi.accounts.models import User
from gongzhi.demo.accounts import seed_accounts
from gongzhi.demo.activities_duty import seed_duty
from gongzhi.demo.activities_events import seed_activities_events
from gongzhi.demo.activities_rota import seed_activities_rota
from gongzhi.demo.activities_volunteering import seed_volunteering
from gongzhi.demo.care import seed_care
from gongzhi.demo.casework import seed_casework
from gongzhi.demo.cobuilding import seed_cobuilding
from gongzhi.demo.notifications import seed_notifications
from gongzhi.demo.party import seed_party
from gongzhi.demo.people import seed_people
from gongzhi.demo.places import seed_places
from gongzhi.demo.polls import seed_polls
from gongzhi.demo.portal import seed_portal
from gongzhi.demo.topics import seed_topics
from gongzhi.demo.votes import seed_votes
from gongzhi.demo.year import seed_year
from gongzhi.organisations.models import PartnerContact


def seed_demo() -> list[tuple[str, str]]:
    """Load (or top up) the demo data; returns the accounts' (username, scope) logins."""
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
    seed_activities_events(places)
    seed_volunteering(places)
    seed_activities_rota(places)
    seed_duty(places["yongtai"])
    seed_care(places["yongtai"])
    seed_year(places["yongtai"])
    seed_portal(places)
    return logins


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
