"""The supplies pages and API lists ask the database a fixed number of times, however many
stores, items, donations, issues, returns and corrections there are."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.accounts.services import api_token_create
from gongzhi.care.supplies import services
from gongzhi.care.supplies.models import Item, Store
from gongzhi.care.tests.factories import DAY
from gongzhi.care.tests.supplies.factories import TODAY, issue, supplies_of_a


def queries(client, url, **headers) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, headers=headers).status_code == 200, url
    return len(captured)


def more_of_everything(world, s, n):
    staff = world.users["staff_a"]
    for i in range(n):
        item = Item.objects.create(community=world.community_a, name=f"物资{i}{n}", unit="件")
        Store.objects.create(community=world.community_a, name=f"仓库{i}{n}")
        donation = services.donation_receive(actor=staff, store=s.care.store, received_on=DAY,
                                              lines=[(item, 9), (s.care.rice, 2)],
                                              donor_unit=s.care.volunteering.unit, today=TODAY)
        [given] = issue(world, [(item, 3)], household=s.care.household, recipient="")
        issue(world, [(s.care.rice, 1)], activity=s.activity)
        issue(world, [(item, 1)], shift=s.shift)
        services.issue_return(actor=staff, issue=given, quantity=1, returned_on=DAY,
                              today=TODAY)
        services.movement_correct(actor=staff, movement=donation.lines.first(), quantity=8,
                                  note="点错", today=TODAY)


def test_pages_do_not_grow_with_the_data(client, world):
    s = supplies_of_a(world)
    unit = s.care.volunteering.unit
    pages = {
        "staff_a": [reverse("care:store_list"), reverse("care:item_list"),
                    reverse("care:donation_list"), reverse("care:stock"),
                    reverse("care:movement_list"), reverse("care:stock_report"),
                    reverse("care:donor_statement", args=[unit.pk]),
                    reverse("care:issue_create"), reverse("care:donation_create")],
        "street_admin": [reverse("care:movement_list"), reverse("care:stock_report")],
    }
    more_of_everything(world, s, 1)
    before = {}
    for who, urls in pages.items():
        client.force_login(world.users[who])
        for url in urls:
            before[who, url] = queries(client, url)
    more_of_everything(world, s, 5)
    for who, urls in pages.items():
        client.force_login(world.users[who])
        for url in urls:
            assert queries(client, url) == before[who, url], (who, url)


def test_api_lists_do_not_grow_with_the_data(client, world):
    s = supplies_of_a(world)
    token = api_token_create(user=world.users["staff_a"]).token
    auth = {"Authorization": f"Bearer {token}"}
    urls = ["/api/v1/care/supplies/stores", "/api/v1/care/supplies/items",
            "/api/v1/care/supplies/donations", "/api/v1/care/supplies/movements",
            f"/api/v1/care/supplies/stores/{s.care.store.pk}/stock",
            "/api/v1/care/supplies/report?start=2026-03-01&end=2026-03-31",
            f"/api/v1/care/supplies/donors/{s.care.volunteering.unit.pk}/statement"]
    more_of_everything(world, s, 1)
    queries(client, urls[0], **auth)  # the token's first use is recorded once
    before = {url: queries(client, url, **auth) for url in urls}
    more_of_everything(world, s, 5)
    for url in urls:
        assert queries(client, url, **auth) == before[url], url
