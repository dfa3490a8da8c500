"""The party roll (organisations, members, officers) moved to organisations, keeping its
tables: repoint the claims' members and drop the three models from party's state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('party', '0002_verbose_names'),
        ('organisations', '0001_initial'),
        # Resource.member must point at organisations.Member before party.Member leaves.
        ('cobuilding', '0005_units_and_members_in_organisations'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='claim',
                    name='member',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='claims', to='organisations.member', verbose_name='党员'),
                ),
                # Officers refer to members and organisations, members to organisations.
                migrations.DeleteModel(name='Officer'),
                migrations.DeleteModel(name='Member'),
                migrations.DeleteModel(name='Organisation'),
            ],
            database_operations=[],
        ),
    ]
