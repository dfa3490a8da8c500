"""Partner units, their contacts and agreements now live in organisations (same tables):
drop them from cobuilding's state only, once every foreign key points there."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('cobuilding', '0005_units_and_members_in_organisations'),
        ('casework', '0006_partner_unit_in_organisations'),
        ('deliberation', '0008_partner_unit_in_organisations'),
        # party.Member (until party 0003) pointed at cobuilding.PartnerUnit.
        ('party', '0003_roll_in_organisations'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='PartnerContact'),
                migrations.DeleteModel(name='Agreement'),
                migrations.DeleteModel(name='PartnerUnit'),
            ],
            database_operations=[],
        ),
    ]
