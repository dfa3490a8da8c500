"""Who a login serves as: the volunteer profile of a user, and whether a volunteer may serve on
a post. Read by the rules and services of rota, duty and events alike."""

from django.db.models import Q

from gongzhi.activities.rota.choices import OpenTo
from gongzhi.activities.volunteering.choices import VolunteerStatus
from gongzhi.activities.volunteering.models import Volunteer
from gongzhi.organisations.models import Member


def own_volunteer(user) -> Volunteer | None:
    """The volunteer profile of the user: theirs by login, or their registry record's."""
    if user is None or not user.is_authenticated:
        return None
    return (Volunteer.objects.select_related("person", "unit", "community")
            .filter(Q(user=user) | Q(person__user=user)).order_by("pk").first())


def may_serve(volunteer: Volunteer | None, post, *, member: Member | None = None) -> bool:
    """May this volunteer take the post's shifts: a confirmed volunteer of the post's
    community whom the post is open to. A party member on the community's roll may serve on
    any post open to members before they have a volunteer profile (`member`: their roll entry;
    the profile is made when they take their first shift)."""
    if volunteer is not None and (volunteer.status != VolunteerStatus.ACTIVE
                                  or volunteer.community_id != post.community_id):
        return False
    if post.open_to == OpenTo.MEMBERS:
        if member is None and volunteer is not None and volunteer.person_id:
            member = Member.objects.filter(person_id=volunteer.person_id).first()
        return member is not None and member.community_id == post.community_id
    if volunteer is None:
        return False
    if post.open_to == OpenTo.PARTNER_STAFF:
        return volunteer.unit_id is not None and post.unit_id in (None, volunteer.unit_id)
    return True


def servable_posts(volunteer: Volunteer | None, *, prefix: str = "") -> Q:
    """`may_serve` as a query condition on posts (or, with `prefix` such as "signup__shift__post__",
    on rows that lead to a post): the posts this volunteer may serve on. Nothing for no profile
    or one not confirmed."""
    if volunteer is None or volunteer.status != VolunteerStatus.ACTIVE:
        return Q(pk__in=[])
    condition = Q(**{f"{prefix}open_to": OpenTo.VOLUNTEERS})
    if volunteer.unit_id is not None:
        condition |= Q(**{f"{prefix}open_to": OpenTo.PARTNER_STAFF}) & (
            Q(**{f"{prefix}unit__isnull": True}) | Q(**{f"{prefix}unit_id": volunteer.unit_id}))
    if volunteer.person_id is not None and Member.objects.filter(
            person_id=volunteer.person_id, community_id=volunteer.community_id).exists():
        condition |= Q(**{f"{prefix}open_to": OpenTo.MEMBERS})
    return condition & Q(**{f"{prefix}community_id": volunteer.community_id})
