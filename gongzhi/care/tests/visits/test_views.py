"""The visits pages: 我的帮扶, logging a visit (goods, a photo, short stock), a visit with its
audited found and checked photo, the overdue list and the staff's buttons."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gongzhi.audit.models import AuditEntry
from gongzhi.care.supplies.models import Stock
from gongzhi.care.tests.factories import care_of_a
from gongzhi.care.tests.visits.factories import visit_of
from gongzhi.care.visits.models import Visit
from gongzhi.casework.models import Case
from gongzhi.casework.tests.factories import category, png
from gongzhi.core.crypto import decrypt


def login(client, world, who):
    client.force_login(world.users[who])
    return client


def visit_data(care, **extra):
    return {"visited_on": timezone.localdate().isoformat(), "kind": "home",
            "visitors": "甲住户", "found": "腿脚不便，冰箱空了", "given": "",
            "follow_up": "", "hours": "1.5", **extra}


@pytest.mark.django_db
def test_my_households_shows_the_helpers_households_with_their_due_date(client, world):
    care = care_of_a(world)
    page = login(client, world, "resident_a").get(reverse("care:my_households"))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-testid="household-{care.household.pk}"' in html
    assert f'data-testid="household-{care.unpaired.pk}"' not in html
    assert reverse("care:visit_create", args=[care.household.pk]) in html


@pytest.mark.django_db
def test_my_households_is_not_found_for_someone_who_helps_no_one(client, world):
    care_of_a(world)
    assert login(client, world, "staff_b").get(
        reverse("care:my_households")).status_code == 404


@pytest.mark.django_db
def test_the_visit_forms_cancel_leads_back_to_the_households_visits_for_staff_too(client, world):
    # given staff, who help no household of their own, logging a visit at the desk
    care = care_of_a(world)
    login(client, world, "staff_a")
    page = client.get(reverse("care:visit_create", args=[care.household.pk]))
    # then its cancel link opens (the household's visits, not 我的帮扶, which they have not)
    back = reverse("care:household_visits", args=[care.household.pk])
    assert f'href="{back}"' in page.content.decode()
    assert reverse("care:my_households") not in page.content.decode()
    assert client.get(back).status_code == 200


@pytest.mark.django_db
def test_a_helper_logs_a_visit_without_the_stores_goods(client, world):
    care = care_of_a(world)
    url = reverse("care:visit_create", args=[care.household.pk])
    page = login(client, world, "resident_a").get(url)
    assert page.status_code == 200
    # the visitors default to the user's display name; the store is not theirs to give from
    assert str(world.users["resident_a"]) in page.content.decode()
    assert 'name="store"' not in page.content.decode()
    response = client.post(url, visit_data(care))
    visit = Visit.objects.get()
    assert response.status_code == 302
    assert (visit.given, str(visit.hours)) == ("", "1.5")
    assert "冰箱" not in visit.found_encrypted and "冰箱" in decrypt(visit.found_encrypted)


@pytest.mark.django_db
def test_staff_log_a_visit_with_goods_from_the_store(client, world):
    care = care_of_a(world)
    url = reverse("care:visit_create", args=[care.household.pk])
    assert 'name="store"' in login(client, world, "staff_a").get(url).content.decode()
    response = client.post(url, visit_data(care, store=care.store.pk, item_1=care.rice.pk,
                                           quantity_1="2"))
    visit = Visit.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "care:visit_detail", args=[visit.pk])
    assert (visit.given, str(visit.hours)) == ("大米2袋", "1.5")
    assert Stock.objects.get(store=care.store, item=care.rice).quantity == 18
    # what was found is stored encrypted, never in clear
    assert "冰箱" not in visit.found_encrypted and "冰箱" in decrypt(visit.found_encrypted)


@pytest.mark.django_db
def test_short_stock_says_so_and_saves_nothing(client, world):
    care = care_of_a(world)
    response = login(client, world, "staff_a").post(
        reverse("care:visit_create", args=[care.household.pk]),
        visit_data(care, store=care.store.pk, item_1=care.masks.pk, quantity_1="11"))
    assert response.status_code == 200
    assert "库存不足" in response.content.decode()
    assert not Visit.objects.exists()
    assert Stock.objects.get(store=care.store, item=care.masks).quantity == 10


@pytest.mark.django_db
def test_a_file_that_is_not_an_image_is_refused(client, world):
    care = care_of_a(world)
    fake = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    response = login(client, world, "resident_a").post(
        reverse("care:visit_create", args=[care.household.pk]), visit_data(care, photo=fake))
    assert response.status_code == 200
    assert "只能上传 JPEG、PNG 或 WebP" in response.content.decode()
    assert not Visit.objects.exists()


@pytest.mark.django_db
def test_the_photo_is_served_only_to_those_who_see_the_visit(client, world):
    care = care_of_a(world)
    login(client, world, "resident_a").post(
        reverse("care:visit_create", args=[care.household.pk]),
        visit_data(care, photo=png()))
    visit = Visit.objects.get()
    assert visit.photo.name.endswith(".png") and "photo" not in visit.photo.name
    url = reverse("care:visit_photo", args=[visit.pk])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, no-store"
    for outsider in ("grid_a1", "staff_b", "street_admin"):
        assert login(client, world, outsider).get(url).status_code == 404


@pytest.mark.django_db
def test_reading_a_visit_audits_the_found_and_outsiders_see_nothing(client, world):
    care = care_of_a(world)
    visit = visit_of(world, care.household, found="血压偏高")
    url = reverse("care:visit_detail", args=[visit.pk])
    before = AuditEntry.objects.filter(action="read_sensitive").count()
    page = login(client, world, "staff_a").get(url)
    assert page.status_code == 200 and "血压偏高" in page.content.decode()
    entry = AuditEntry.objects.filter(action="read_sensitive").latest("pk")
    assert AuditEntry.objects.filter(action="read_sensitive").count() == before + 1
    assert (entry.target_type, entry.target_id, entry.changes["fields"]) == (
        "care.visit", str(visit.pk), ["found"])
    for outsider in ("grid_a1", "staff_b", "street_admin"):
        response = login(client, world, outsider).get(url)
        assert response.status_code == 404
        assert "血压" not in response.content.decode()


@pytest.mark.django_db
def test_the_overdue_list_is_for_staff(client, world):
    care_of_a(world)
    page = login(client, world, "staff_a").get(reverse("care:overdue"))
    assert page.status_code == 200
    assert "甲居民" in page.content.decode() or "甲老人" in page.content.decode()
    assert login(client, world, "resident_a").get(reverse("care:overdue")).status_code == 403


@pytest.mark.django_db
def test_staff_turn_the_follow_up_into_a_request_from_the_page(client, world):
    care = care_of_a(world)
    visit = visit_of(world, care.household, follow_up="楼道扶手松动")
    login(client, world, "staff_a")
    page = client.get(reverse("care:visit_detail", args=[visit.pk]))
    assert 'data-testid="to-case"' in page.content.decode()
    response = client.post(reverse("care:visit_action", args=[visit.pk, "case"]),
                           {"category": category(world.community_a).pk})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.case == Case.objects.get()


@pytest.mark.django_db
def test_the_helper_sees_no_staff_buttons_and_cannot_post_them(client, world):
    care = care_of_a(world)
    visit = visit_of(world, care.household, follow_up="楼道扶手松动", hours=1)
    login(client, world, "resident_a")
    html = client.get(reverse("care:visit_detail", args=[visit.pk])).content.decode()
    assert 'data-testid="to-case"' not in html and 'data-testid="confirm-hours"' not in html
    assert client.post(reverse("care:visit_action", args=[visit.pk, "done"])).status_code == 403
    assert Visit.objects.get(pk=visit.pk).follow_up_status == "open"


@pytest.mark.django_db
def test_the_queues_list_what_the_workbench_counts(client, world):
    care = care_of_a(world)
    open_one = visit_of(world, care.household, follow_up="换灯泡", hours=1,
                        day=datetime.date(2026, 3, 1))
    login(client, world, "staff_a")
    for queue in ("follow_ups", "hours"):
        html = client.get(reverse("care:visit_queue") + f"?queue={queue}").content.decode()
        assert f'data-testid="visit-{open_one.pk}"' in html
    response = client.post(reverse("care:visit_action", args=[open_one.pk, "hours"]),
                           {"next": "hours"})
    assert response["Location"] == reverse("care:visit_queue") + "?queue=hours"
    html = client.get(reverse("care:visit_queue") + "?queue=hours").content.decode()
    assert f'data-testid="visit-{open_one.pk}"' not in html
    assert login(client, world, "resident_a").get(
        reverse("care:visit_queue")).status_code == 403
