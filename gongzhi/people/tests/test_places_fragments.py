"""The places pages show people's part through people's template tags (people_places): a
community's registry counts and a building's residents per flat, each to those allowed only."""

from django.urls import reverse


def test_the_community_page_shows_the_registry_counts_to_staff(client, world):
    # given: community staff, who may see the statistics of people
    client.force_login(world.users["staff_a"])
    # when
    page = client.get(reverse("places:community_detail", args=[world.community_a.pk]))
    # then: the card with the two residents the shared world registers in community A
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="people-overview"' in html
    assert page.context["people_overview"]["residents"] == 2


def test_the_community_page_shows_no_registry_counts_to_a_resident(client, world):
    # given: a resident, who may read the community's profile but not the statistics of people
    client.force_login(world.users["resident_a"])
    # when
    page = client.get(reverse("places:community_detail", args=[world.community_a.pk]))
    # then: the profile without the card
    assert page.status_code == 200
    assert 'data-testid="people-overview"' not in page.content.decode()


def test_the_building_page_counts_the_residents_of_each_flat_for_staff(client, world):
    # given: community staff, who may see the registry of people; person_a lives in flat_a1
    client.force_login(world.users["staff_a"])
    # when
    page = client.get(reverse("places:building_detail", args=[world.building_a1.pk]))
    # then: the column, and the flat's count linking to its households
    html = page.content.decode()
    households = reverse("people:flat_households", args=[world.flat_a1.pk])
    assert "在住人数" in html
    assert f'<a href="{households}" aria-label="101房的住户">1</a>' in html


def test_the_building_page_has_no_residents_column_for_a_street_admin(client, world):
    # given: a street admin, who may see the places of the street but not the registry of people
    client.force_login(world.users["street_admin"])
    # when
    page = client.get(reverse("places:building_detail", args=[world.building_a1.pk]))
    # then: the flats without the column or the link
    html = page.content.decode()
    assert page.status_code == 200
    assert "101" in html
    assert "在住人数" not in html
    assert reverse("people:flat_households", args=[world.flat_a1.pk]) not in html


def test_a_flat_row_back_from_inline_editing_keeps_its_residents_count(client, world):
    # given: staff editing flat_a1 inline with HTMX
    client.force_login(world.users["staff_a"])
    # when: they cancel, and the row alone comes back
    row = client.get(reverse("places:flat_edit", args=[world.flat_a1.pk]), {"cancel": "1"},
                     headers={"HX-Request": "true"}).content.decode()
    # then: the row still counts the flat's resident
    households = reverse("people:flat_households", args=[world.flat_a1.pk])
    assert row.lstrip().startswith(f'<tr id="flat-{world.flat_a1.pk}"')
    assert f'<a href="{households}" aria-label="101房的住户">1</a>' in row
