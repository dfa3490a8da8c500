"""Polls in the navigation: staff reach the list, residents with a record their own polls."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_staff_find_residents_polls_in_the_deliberation_menu(client, world):
    client.force_login(world.users["staff_a"])
    html = client.get(reverse("workbench:home")).content.decode()
    assert f'href="{reverse("deliberation:poll_list")}" data-testid="nav-polls"' in html
    assert 'data-testid="nav-my-polls"' not in html


def test_a_resident_with_a_record_finds_their_own_polls(client, world):
    client.force_login(world.users["resident_a"])
    html = client.get(reverse("workbench:home")).content.decode()
    assert f'href="{reverse("deliberation:my_polls")}" data-testid="nav-my-polls"' in html
    assert f'href="{reverse("deliberation:my_votes")}"' in html
    assert 'data-testid="nav-polls"' not in html


def test_someone_without_polls_or_a_record_sees_no_poll_entry(client, world):
    client.force_login(world.users["other_district_admin"])
    html = client.get(reverse("workbench:home")).content.decode()
    assert 'data-testid="nav-my-polls"' not in html
