"""The moved models' content types follow them (app label cobuilding/party → organisations),
so that permissions and anything else keyed on a content type keep pointing at the same rows.

On a fresh database there are no content types yet (post_migrate creates them later): the
function then does nothing."""

from django.db import migrations

MOVED = {"cobuilding": ["partnerunit", "partnercontact", "agreement"],
         "party": ["organisation", "member", "officer"]}


def _move(apps, *, to_old: bool) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for old_label, models in MOVED.items():
        source, target = ("organisations", old_label) if to_old else (old_label, "organisations")
        for model in models:
            row = ContentType.objects.filter(app_label=source, model=model).first()
            if row is None:
                continue
            # A row already made for the target (e.g. by a post_migrate run in between) has
            # nothing keyed on it yet that the source row lacks: the source row wins.
            ContentType.objects.filter(app_label=target, model=model).delete()
            row.app_label = target
            row.save(update_fields=["app_label"])


def forwards(apps, schema_editor):
    _move(apps, to_old=False)


def backwards(apps, schema_editor):
    _move(apps, to_old=True)


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('organisations', '0001_initial'),
        ('cobuilding', '0006_units_leave_cobuilding'),
        ('party', '0003_roll_in_organisations'),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
