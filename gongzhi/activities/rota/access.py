"""Fetch one post, shift or sign-up by id within the actor's scope; missing and forbidden
alike."""

from django.db.models import Q

from gongzhi.activities.rota import rules
from gongzhi.activities.rota.models import Post, Shift, ShiftSignUp
from gongzhi.core.access import get_scoped
from gongzhi.core.errors import NotFound


def access_post(*, actor, id) -> Post:
    """A post the actor sees: any of their scope for staff, those open to them for volunteers
    (rules.visible_posts)."""
    return get_scoped(rules.visible_posts(actor).select_related(
        "community", "need", "source_case", "unit", "activity"), pk=id)


def access_shift(*, actor, id) -> Shift:
    return get_scoped(Shift.objects.filter(post__in=rules.visible_posts(actor).values("pk"))
                      .select_related("post__community", "post__unit", "community"), pk=id)


def access_signup(*, actor, id, permission=rules.VIEW_POST) -> ShiftSignUp:
    """A sign-up the actor may see by name: their own, or one of a post whose sign-ups they
    see (activities.view_shift_signups); another's answers as missing."""
    signup = get_scoped(ShiftSignUp.objects.for_user(actor, permission).select_related(
        "shift__post__community", "volunteer__person", "volunteer__unit", "confirmed_by"),
        pk=id)
    if not actor.has_perm(rules.SEE_SIGNUPS, signup.shift.post) and not \
            rules.is_own_signup.test(actor, signup):
        raise NotFound()
    return signup


def access_own_signup(*, actor, id) -> ShiftSignUp:
    """A sign-up of the actor's own volunteer profile (withdrawing, checking in or out)."""
    own = Q(volunteer__user=actor) | Q(volunteer__person__user=actor)
    return get_scoped(ShiftSignUp.objects.filter(own).select_related(
        "shift__post__community", "volunteer__person", "volunteer__unit"), pk=id)
