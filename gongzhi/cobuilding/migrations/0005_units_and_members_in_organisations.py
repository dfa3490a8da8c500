"""Partner units and party members moved to organisations (same tables): repoint the
foreign keys in the state only; the database constraints already point at those tables."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cobuilding', '0004_resource_member'),
        ('organisations', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='resource',
                    name='unit',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='resources', to='organisations.partnerunit', verbose_name='提供单位'),
                ),
                migrations.AlterField(
                    model_name='project',
                    name='lead_unit',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='projects', to='organisations.partnerunit', verbose_name='牵头单位'),
                ),
                migrations.AlterField(
                    model_name='resource',
                    name='member',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='resources', to='organisations.member', verbose_name='提供党员'),
                ),
            ],
            database_operations=[],
        ),
    ]
