"""Notification profiles keep their mobile encrypted, like the registry's phones (issue 12, 8).

The plain column is read, encrypted into `mobile_encrypted` with its index and masked form, and
dropped. Going back decrypts into the plain column again.
"""

from django.db import migrations, models

from gongzhi.core import crypto
from gongzhi.core.text import mask_phone


def encrypt_mobiles(apps, schema_editor):
    Profile = apps.get_model("notifications", "NotificationProfile")
    for profile in Profile.objects.exclude(mobile="").iterator():
        profile.mobile_encrypted = crypto.encrypt(profile.mobile)
        profile.mobile_index = crypto.blind_index(profile.mobile, purpose="phone")
        profile.mobile_masked = mask_phone(profile.mobile)
        profile.save(update_fields=["mobile_encrypted", "mobile_index", "mobile_masked"])


def decrypt_mobiles(apps, schema_editor):
    Profile = apps.get_model("notifications", "NotificationProfile")
    for profile in Profile.objects.exclude(mobile_encrypted="").iterator():
        profile.mobile = crypto.decrypt(profile.mobile_encrypted)
        profile.save(update_fields=["mobile"])


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0005_ballot_kinds'),
    ]

    operations = [
        migrations.AddField(
            model_name='notificationprofile',
            name='mobile_encrypted',
            field=models.TextField(blank=True, editable=False, verbose_name='接收短信的手机号（加密）'),
        ),
        migrations.AddField(
            model_name='notificationprofile',
            name='mobile_index',
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=64, verbose_name='接收短信的手机号检索索引'),
        ),
        migrations.AddField(
            model_name='notificationprofile',
            name='mobile_masked',
            field=models.CharField(blank=True, editable=False, max_length=20, verbose_name='接收短信的手机号'),
        ),
        migrations.RunPython(encrypt_mobiles, decrypt_mobiles),
        migrations.RemoveField(
            model_name='notificationprofile',
            name='mobile',
        ),
    ]
