"""Review: a ballot cast while the poll is being closed must not slip in after the close
(the poll row read at the start of the request is stale by then)."""

import pytest

from gongzhi.core.errors import DomainError
from gongzhi.deliberation.polls import services as services_polls
from gongzhi.deliberation.polls.models import Poll, PollBallot
from gongzhi.deliberation.tests.polls.test_services import new_poll

pytestmark = pytest.mark.django_db


def test_a_ballot_on_a_poll_closed_meanwhile_is_refused(world):
    staff = world.users["staff_a"]
    services_polls.poll_open(actor=staff, poll=new_poll(world, building=world.building_a2))
    poll = Poll.objects.get()
    seen_by_resident = Poll.objects.get(pk=poll.pk)  # read when the resident opened the page
    # staff close it meanwhile
    services_polls.poll_close(actor=staff, poll=poll, confirm_early=True)
    with pytest.raises(DomainError) as error:
        services_polls.poll_cast_online(actor=world.users["resident_a"], poll=seen_by_resident,
                                        choice="yes")
    assert error.value.code == "poll_not_open"
    assert not PollBallot.objects.exists()
