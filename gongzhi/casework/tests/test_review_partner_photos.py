"""Review: photos added to a request after the partner unit has acted must not reach the
unit's contacts (only photos the unit's own contacts attached do)."""

import pytest
from django.urls import reverse

from gongzhi.casework import selectors, services
from gongzhi.casework.tests.factories import png
from gongzhi.casework.tests.test_partner import to_park, units  # noqa: F401

pytestmark = pytest.mark.django_db


def test_photos_added_by_the_community_after_the_unit_accepted_stay_hidden(client, world,
                                                                           units):  # noqa: F811
    case = to_park(world, units)
    contact = units["park_contact"]
    services.case_accept(actor=contact, case=case)
    # staff add a photo of the resident's flat: the last step is the unit's accept step
    services.case_photos_add(actor=world.users["staff_a"], case=case, photos=[png("flat.png")])
    added = case.photos.order_by("-pk").first()
    view = selectors.partner_case_view(case, with_steps=True)
    assert all(added.pk not in step.photo_ids for step in view.steps)
    client.force_login(contact)
    assert client.get(reverse("casework:partner_photo_download",
                              args=[added.pk])).status_code == 404
