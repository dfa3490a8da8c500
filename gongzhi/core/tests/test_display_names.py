"""People appear by their display names, never by their login names."""

from django.urls import reverse

from gongzhi.deliberation.polls import services as services_polls
from gongzhi.deliberation.tests.factories import scan
from gongzhi.deliberation.tests.polls.test_services import new_poll


def test_a_paper_ballot_waiting_for_its_check_names_the_clerk_by_display_name(client, world):
    # given a paper ballot entered by staff_a, waiting for a second person's check
    staff = world.users["staff_a"]
    poll = services_polls.poll_open(actor=staff, poll=new_poll(world))
    elector = poll.electors.get(person_id_frozen=world.person_a.pk)
    services_polls.poll_enter_paper(actor=staff, poll=poll, elector=elector, choice="yes",
                                    scan=scan())
    # when the secretary opens the poll
    client.force_login(world.users["secretary_a"])
    page = client.get(reverse("deliberation:poll_detail", args=[poll.pk])).content.decode()
    # then the clerk is named by display name, and the login name appears nowhere
    assert f"（{staff.display_name} 录入）" in page
    assert staff.username not in page


def test_audit_admin_lists_people_and_objects_by_name(client, world):
    from gongzhi.audit.choices import Action
    from gongzhi.audit.services import audit_event

    # given a login by staff_a
    staff = world.users["staff_a"]
    audit_event(action=Action.LOGIN, username=staff.username, actor=staff)
    # when the system administrator opens the audit trail in the admin site
    client.force_login(world.users["superuser"])
    page = client.get(reverse("admin:audit_auditentry_changelist")).content.decode()
    # then the row names staff_a by display name
    assert f"<td class=\"field-actor_name\">{staff.display_name}</td>" in page
    assert f"用户 {staff.display_name}（#{staff.pk}）" in page


def test_a_users_full_name_is_their_display_name(world):
    # given staff_a, with a display name and no first or last name
    staff = world.users["staff_a"]
    # then Django's full name is the display name, not empty (which callers turn into the login)
    assert staff.get_full_name() == staff.display_name
