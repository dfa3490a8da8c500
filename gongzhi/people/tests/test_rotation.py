from cryptography.fernet import Fernet
from django.core.management import call_command

from gongzhi.people import services
from gongzhi.people.models import Person


def test_rotating_to_a_new_key_keeps_every_value_readable(world, settings):
    # given data encrypted under the current key
    old_keys = list(settings.FIELD_ENCRYPTION_KEYS)
    before = {p.pk: (services.person_id_number(p), services.person_phone(p),
                     services.person_flags(p)) for p in Person.objects.all()}
    # when a new key is put first and the command runs
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, *old_keys]
    call_command("rotate_encryption_keys", verbosity=0)
    # then, with the old key removed, everything still decrypts
    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    after = {p.pk: (services.person_id_number(p), services.person_phone(p),
                    services.person_flags(p)) for p in Person.objects.all()}
    assert after == before


def test_a_new_search_key_rebuilds_the_indexes(world, settings, client):
    settings.SEARCH_INDEX_KEY = "a-new-search-index-key"
    call_command("rotate_encryption_keys", verbosity=0)
    client.force_login(world.users["staff_a"])
    assert "甲居民" in client.get("/people/", {"q": "8001"}).content.decode()
    assert "甲居民" in client.get("/people/", {"flag": "low_income",
                                                 "reason": "benefit_case"}).content.decode()
