import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongzhi.accounts.services import api_token_create
from gongzhi.audit.models import AuditEntry
from gongzhi.conftest import fix_checksum
from gongzhi.people import services
from gongzhi.people.models import Person


def test_find_a_resident_by_the_last_four_digits_of_the_phone(client, world):
    client.force_login(world.users["staff_a"])
    body = client.get("/people/", {"q": "8001"}, headers={"HX-Request": "true",
                                                           "HX-Target": "people-results"})
    page = body.content.decode()
    assert "甲居民" in page and "甲住户" not in page
    assert "<html" not in page


@pytest.mark.parametrize(("query", "found"), [
    ("13800138001", ["甲居民"]),                 # the whole phone
    ("甲住", ["甲住户"]),                         # part of a name
    ("2222", []),                                # nobody's last four digits
])
def test_search_by_phone_and_name(client, world, query, found):
    client.force_login(world.users["staff_a"])
    page = client.get("/people/", {"q": query}).content.decode()
    for name in ["甲居民", "甲住户"]:
        assert (name in page) is (name in found)


def test_search_by_the_full_id_number(client, world):
    client.force_login(world.users["staff_a"])
    page = client.get("/people/", {"q": services.person_id_number(world.person_a)})
    assert "甲居民" in page.content.decode()


def test_list_filters_by_sensitive_flag_without_decrypting(client, world):
    client.force_login(world.users["staff_a"])
    page = client.get("/people/", {"flag": "low_income", "reason": "benefit_case"})
    assert "甲居民" in page.content.decode() and "甲住户" not in page.content.decode()
    page = client.get("/people/", {"flag": "living_alone"}).content.decode()
    assert "甲居民" in page and "甲住户" not in page
    page = client.get("/people/", {"age_band": "60+"}).content.decode()
    assert "甲居民" in page and "甲住户" not in page


def test_a_sensitive_flag_search_without_a_reason_shows_nobody_and_asks_for_one(client, world):
    # given a staff member who may reveal flags
    client.force_login(world.users["staff_a"])

    # when they filter by low income without saying why
    page = client.get("/people/", {"flag": "low_income"}).content.decode()

    # then nobody is listed, the reason is asked for, and nothing was audited
    assert "甲居民" not in page
    assert "按敏感标签查找须选择原因。" in page
    assert not AuditEntry.objects.filter(action="read_sensitive").exists()


def test_a_sensitive_flag_search_with_a_reason_is_audited_for_the_community(client, world):
    # given a staff member who may reveal flags
    client.force_login(world.users["staff_a"])

    # when they filter by low income for a benefit case
    client.get("/people/", {"flag": "low_income", "reason": "benefit_case"})

    # then the search is in the trail, with the flag and the reason, in their community
    entry = AuditEntry.objects.get(action="read_sensitive")
    assert (entry.actor, entry.outcome, entry.community_id, entry.changes, entry.reason) == (
        world.users["staff_a"], "success", world.community_a.pk,
        {"fields": ["flag:low_income"]}, "办理救助或补贴")


def test_a_grid_worker_is_not_offered_sensitive_flags_and_a_crafted_url_finds_nobody(
        client, world):
    # given a grid worker, who sees people but may not reveal their flags
    client.force_login(world.users["grid_a1"])

    # when they open the register, and then craft the filter by hand
    offered = client.get("/people/").content.decode()
    crafted = client.get("/people/", {"flag": "low_income", "reason": "benefit_case"})

    # then no sensitive flag is offered, the crafted search lists nobody and is audited refused
    assert 'value="low_income"' not in offered and 'value="party_member"' not in offered
    assert "甲居民" not in crafted.content.decode()
    entry = AuditEntry.objects.get(action="read_sensitive")
    assert (entry.actor, entry.outcome) == (world.users["grid_a1"], "failure")


@pytest.mark.parametrize("flag", ["party_member", "low_income", "in_difficulty", "disabled"])
def test_the_api_refuses_a_grid_workers_flag_search_and_audits_it(client, world, flag):
    # given a grid worker's token
    token = api_token_create(user=world.users["grid_a1"]).token

    # when they list persons by a sensitive flag
    response = client.get("/api/v1/people/persons", {"flag": flag, "reason": "contact"},
                          headers={"Authorization": f"Bearer {token}"})

    # then they are refused, and the attempt is in the trail
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert AuditEntry.objects.filter(action="read_sensitive", outcome="failure",
                                     actor=world.users["grid_a1"]).count() == 1


def test_the_api_flag_search_needs_a_reason_and_is_audited(client, world):
    # given a staff member's token
    headers = {"Authorization": f"Bearer {api_token_create(user=world.users['staff_a']).token}"}

    # when they search by a flag without and then with a reason
    without = client.get("/api/v1/people/persons", {"flag": "low_income"}, headers=headers)
    with_reason = client.get("/api/v1/people/persons",
                             {"flag": "low_income", "reason": "benefit_case"}, headers=headers)

    # then the first is refused with a clear message, the second lists and is audited
    assert without.status_code == 422
    assert without.json()["message"] == "按敏感标签查找居民须说明原因。"
    assert with_reason.status_code == 200
    assert [item["name"] for item in with_reason.json()["items"]] == ["甲居民"]
    assert AuditEntry.objects.filter(action="read_sensitive", outcome="success").count() == 1


def test_lists_show_masked_values_only(client, world):
    client.force_login(world.users["secretary_a"])
    page = client.get("/people/").content.decode()
    assert "138****8001" in page
    assert "13800138001" not in page
    assert services.person_id_number(world.person_a) not in page
    assert not AuditEntry.objects.filter(action="read_sensitive").exists()


def test_detail_shows_flags_and_audits_that_read(client, world):
    client.force_login(world.users["staff_a"])
    page = client.get(f"/people/{world.person_a.pk}/").content.decode()
    assert "低保" in page and "138****8001" in page and "13800138001" not in page
    entry = AuditEntry.objects.get(action="read_sensitive")
    assert entry.changes == {"fields": ["flags"]}


def test_reveal_with_htmx_shows_the_value_and_records_the_reason(client, world):
    client.force_login(world.users["staff_a"])
    response = client.post(f"/people/{world.person_a.pk}/reveal/",
                           {"field": "phone", "reason": "contact"},
                           headers={"HX-Request": "true"})
    assert "13800138001" in response.content.decode()
    entry = AuditEntry.objects.get(action="read_sensitive")
    assert (entry.reason, entry.changes) == ("联系本人或家属", {"fields": ["phone"]})


def test_grid_worker_sees_masked_values_and_no_reveal_button(client, world):
    client.force_login(world.users["grid_a1"])
    page = client.get(f"/people/{world.person_a.pk}/").content.decode()
    assert "138****8001" in page and "确认查看" not in page
    response = client.post(f"/people/{world.person_a.pk}/reveal/",
                           {"field": "phone", "reason": "contact"})
    assert response.status_code == 403


def test_resident_sees_own_record_in_full_but_never_a_neighbour(client, world):
    client.force_login(world.users["resident_a"])
    page = client.get("/people/me/").content.decode()
    assert "甲住户" in page and "13900139002" in page
    assert "甲居民" not in page
    assert client.get(f"/people/{world.person_a.pk}/").status_code in (403, 404)
    assert client.get("/people/").status_code == 403
    assert AuditEntry.objects.filter(action="read_sensitive",
                                     actor=world.users["resident_a"]).count() == 1


def test_resident_asks_for_a_correction(client, world):
    client.force_login(world.users["resident_a"])
    client.post("/people/me/corrections/", {"text": "出生日期录错了"})
    assert world.person_resident_a.corrections.get().text == "出生日期录错了"


def test_create_a_person_and_move_them_into_a_flat(client, world):
    client.force_login(world.users["staff_a"])
    response = client.post(f"/people/new/?flat={world.flat_a2.pk}", {
        "flat": world.flat_a2.pk, "name": "新住户", "id_number": fix_checksum("44010420000202004"),
        "hukou_type": "local", "move-relation": "spouse", "flags_present": "1",
        "phone": "13712345678"})
    assert response.status_code == 302, response.content.decode()[:2000]
    person = Person.objects.get(name="新住户")
    assert person.flat == world.flat_a2
    assert person.residences.get().relation == "spouse"


def test_create_with_a_bad_id_number_shows_the_error(client, world):
    client.force_login(world.users["staff_a"])
    response = client.post(f"/people/new/?community={world.community_a.pk}", {
        "community": world.community_a.pk, "name": "新住户", "id_number": "440104200002020041",
        "hukou_type": "local"})
    assert "校验位不正确" in response.content.decode()
    assert not Person.objects.filter(name="新住户").exists()


def test_edit_keeps_the_id_number_when_left_blank(client, world):
    client.force_login(world.users["staff_a"])
    id_number = services.person_id_number(world.person_a)
    response = client.post(f"/people/{world.person_a.pk}/edit/", {
        "name": "甲居民", "hukou_type": "local", "id_number": "", "phone": "",
        "flags_present": "1", "flags": ["low_income"], "is_living_alone": "on"})
    assert response.status_code == 302
    person = Person.objects.get(pk=world.person_a.pk)
    assert services.person_id_number(person) == id_number


def test_flat_page_lists_its_household_and_owners(client, world):
    services.ownership_add(actor=world.users["staff_a"], flat=world.flat_a1,
                           person=world.person_a, share_percent=100)
    client.force_login(world.users["staff_a"])
    page = client.get(f"/people/flats/{world.flat_a1.pk}/").content.decode()
    assert "甲居民" in page and "户主" in page and "100%" in page


def test_community_page_shows_counts_by_tag(client, world):
    client.force_login(world.users["street_admin"])
    page = client.get(f"/places/communities/{world.community_a.pk}/").content.decode()
    assert "居民登记概况" in page and "低保" in page
    assert "甲居民" not in page  # admins see counts, never names


def count_queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


def test_person_list_query_count_does_not_grow(client, world):
    client.force_login(world.users["staff_a"])
    before = count_queries(client, "/people/")
    for index in range(15):
        person = services.person_create(actor=world.users["superuser"],
                                        community=world.community_a, name=f"居民{index}",
                                        sex="female",
                                        phone=f"1380000{index:04d}")
        services.residence_move_in(actor=world.users["superuser"], person=person,
                                   flat=world.flat_a1, relation="other")
    assert count_queries(client, "/people/") == before


def test_api_lists_masked_and_reveals_with_audit(client, world):
    headers = {"Authorization": f"Bearer {api_token_create(user=world.users['staff_a']).token}"}
    body = client.get("/api/v1/people/persons", {"search": "8001"}, headers=headers).json()
    assert [(p["name"], p["phone_masked"]) for p in body["items"]] == [("甲居民", "138****8001")]
    assert "13800138001" not in str(body)
    response = client.post(f"/api/v1/people/persons/{world.person_a.pk}/reveal",
                           {"field": "phone", "reason": "contact"},
                           content_type="application/json", headers=headers)
    assert response.json() == {"field": "phone", "value": "13800138001"}
    assert AuditEntry.objects.filter(action="read_sensitive").count() == 1


def test_api_resident_reads_and_updates_own_record(client, world):
    headers = {"Authorization": f"Bearer {api_token_create(user=world.users['resident_a']).token}"}
    me = client.get("/api/v1/people/me", headers=headers).json()
    assert (me["name"], me["phone"]) == ("甲住户", "13900139002")
    response = client.patch("/api/v1/people/me", {"phone": "13600001111"},
                            content_type="application/json", headers=headers)
    assert response.json()["phone_masked"] == "136****1111"
    assert client.get("/api/v1/people/persons", headers=headers).status_code == 403


def test_api_overview_counts(client, world):
    token = api_token_create(user=world.users['street_admin']).token
    headers = {"Authorization": f"Bearer {token}"}
    body = client.get(f"/api/v1/people/communities/{world.community_a.pk}/overview",
                      headers=headers).json()
    assert (body["residents"], body["over_60"], body["living_alone"]) == (2, 1, 1)
    assert body["flags"] == {"disabled": 0, "low_income": 1, "in_difficulty": 0,
                             "party_member": 0}


def test_inline_edit_of_phone_and_notes_in_the_list(client, world):
    client.force_login(world.users["staff_a"])
    url = f"/people/{world.person_a.pk}/quick-edit/"
    form_row = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert form_row.lstrip().startswith("<tr") and 'name="phone"' in form_row
    assert "13800138001" not in form_row  # the clear phone is never sent to the page
    saved = client.post(url, {"phone": "13911112222", "notes": "行动不便，上门服务",
                              "is_living_alone": "on"}, headers={"HX-Request": "true"})
    body = saved.content.decode()
    assert "139****2222" in body and "gz-just-saved" in body
    person = Person.objects.get(pk=world.person_a.pk)
    assert (services.person_phone(person), person.notes) == ("13911112222", "行动不便，上门服务")


def test_inline_edit_with_a_bad_phone_changes_nothing(client, world):
    client.force_login(world.users["staff_a"])
    response = client.post(f"/people/{world.person_a.pk}/quick-edit/",
                           {"phone": "12345", "notes": "x"}, headers={"HX-Request": "true"})
    assert "电话号码应为" in response.content.decode()
    person = Person.objects.get(pk=world.person_a.pk)
    assert (services.person_phone(person), person.notes) == ("13800138001", "")


def test_the_import_button_only_for_those_who_may_import(client, world):
    from django.urls import reverse

    client.force_login(world.users["grid_a1"])
    assert reverse("people:import_list") not in client.get(
        reverse("people:person_list")).content.decode()
    client.force_login(world.users["staff_a"])
    assert reverse("people:import_list") in client.get(
        reverse("people:person_list")).content.decode()


def test_numbers_in_a_persons_notes_show_masked_until_revealed(client, world):
    # given notes with a relative's mobile and ID number in them
    from gongzhi.people.models import Person

    Person.objects.filter(pk=world.person_a.pk).update(
        notes="女儿电话 13712345678，身份证 44010419900101123X")
    client.force_login(world.users["staff_a"])
    # when staff open the person's page
    page = client.get(f"/people/{world.person_a.pk}/").content.decode()
    # then the numbers are masked, and the whole notes come only with a reason, audited
    assert "女儿电话 137****5678，身份证 4401**********123X" in page
    assert "13712345678" not in page
    response = client.post(f"/people/{world.person_a.pk}/reveal/",
                           {"field": "notes", "reason": "contact"})
    assert "13712345678" in response.content.decode()
    entry = AuditEntry.objects.get(action="read_sensitive", changes={"fields": ["notes"]})
    assert entry.reason == "联系本人或家属"


def test_an_empty_correction_is_refused_on_the_residents_page(client, world):
    # given resident_a on their own record
    client.force_login(world.users["resident_a"])
    # when they send a correction request without text
    response = client.post("/people/me/corrections/", {"text": "  "})
    # then their page shows again with the error, and nothing is asked
    assert response.status_code == 200
    assert "我的登记信息" in response.content.decode() or "甲住户" in response.content.decode()
    assert not world.person_resident_a.corrections.exists()


def test_the_resident_changes_their_phone_on_their_page(client, world):
    # given resident_a on their own record
    client.force_login(world.users["resident_a"])
    # when they change their phone
    response = client.post("/people/me/", {"phone": "13900139009"})
    # then it is saved and they are back on their page
    assert response.status_code == 302
    world.person_resident_a.refresh_from_db()
    assert world.person_resident_a.phone_masked == "139****9009"
