"""A notification profile's mobile is personal data: encrypted, masked in the admin, the logs
and the audit trail (issue 12, 8)."""

import logging

from django.db import connection
from django.urls import reverse

from gongzhi.core import crypto
from gongzhi.notifications import providers, services
from gongzhi.notifications.models import NotificationProfile
from gongzhi.notifications.tests.factories import profile


def stored_row(pk) -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM notifications_notificationprofile WHERE id = %s", [pk])
        columns = [column[0] for column in cursor.description]
        return dict(zip(columns, cursor.fetchone(), strict=True))


def test_the_mobile_is_stored_encrypted_with_an_index_and_a_mask(world):
    # given a resident who gives their mobile
    user = world.users["resident_a"]
    services.notification_profile_update(actor=user, data={"mobile": "13912345678"})
    # then the table holds no plain number, and the profile still gives it back to send an SMS
    saved = NotificationProfile.objects.get(user=user)
    row = stored_row(saved.pk)
    assert "mobile" not in row
    assert "13912345678" not in " ".join(str(value) for value in row.values())
    assert crypto.decrypt(row["mobile_encrypted"]) == "13912345678"
    assert row["mobile_masked"] == "139****5678"
    assert row["mobile_index"] == crypto.blind_index("13912345678", purpose="phone")
    assert saved.mobile == "13912345678"


def test_clearing_the_mobile_clears_every_form_of_it(world):
    user = world.users["resident_a"]
    profile(user, mobile="13912345678")
    services.notification_profile_update(actor=user, data={"mobile": ""})
    saved = NotificationProfile.objects.get(user=user)
    assert (saved.mobile, saved.mobile_encrypted, saved.mobile_index, saved.mobile_masked) == (
        "", "", "", "")


def test_the_admin_shows_the_mobile_masked_and_finds_an_exact_number(client, world):
    profile(world.users["resident_a"], mobile="13912345678")
    profile(world.users["staff_a"], mobile="13700000000")
    client.force_login(world.users["superuser"])
    url = reverse("admin:notifications_notificationprofile_changelist")
    page = client.get(url).content.decode()
    assert "139****5678" in page
    assert "13912345678" not in page
    found = client.get(url, {"q": "13912345678"}).content.decode()
    assert "139****5678" in found
    assert "137****0000" not in found


def test_the_console_sms_backend_logs_the_number_masked(settings, caplog):
    # given the console SMS backend
    settings.NOTIFICATIONS_SMS_BACKEND = "console"
    # when a message is "sent"
    with caplog.at_level(logging.INFO, logger="gongzhi.notifications"):
        providers.sms_backend().send_sms(phone="13912345678", params=["永泰社区", "停水通知"],
                                         reference="d-1")
    # then the log shows the number masked
    [record] = caplog.records
    assert "139****5678" in record.getMessage()
    assert "13912345678" not in record.getMessage()


def test_provider_errors_quoting_a_number_are_masked():
    error = providers.DeliveryError("tencent: InvalidParameterValue.IncorrectPhoneNumber "
                                    "+8613912345678 is invalid")
    assert str(error) == ("tencent: InvalidParameterValue.IncorrectPhoneNumber "
                          "+86139****5678 is invalid")


def test_every_logged_message_is_masked_by_the_handlers_filter():
    from gongzhi.core.log_filters import MaskPersonalData

    record = logging.LogRecord("gongzhi.jobs", logging.ERROR, __file__, 1,
                               "job %s failed: %s", ("notify", "no route to 13912345678, "
                                                     "ID 44010419900101123X"), None)
    assert MaskPersonalData().filter(record) is True
    assert record.getMessage() == ("job notify failed: no route to 139****5678, "
                                   "ID 4401**********123X")


def test_key_rotation_re_encrypts_profile_mobiles(world, settings):
    from cryptography.fernet import Fernet
    from django.core.management import call_command

    # given a mobile encrypted under the current key
    saved = profile(world.users["resident_a"], mobile="13912345678")
    # when a new key is put first and the command runs
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, *settings.FIELD_ENCRYPTION_KEYS]
    settings.SEARCH_INDEX_KEY = "a-new-search-index-key"
    call_command("rotate_encryption_keys", verbosity=0)
    # then it reads with the new key alone, and its index is the new key's
    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    saved.refresh_from_db()
    assert saved.mobile == "13912345678"
    assert saved.mobile_index == crypto.blind_index("13912345678", purpose="phone")
