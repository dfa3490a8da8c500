"""Partner units moved to organisations (same table): repoint the foreign keys in the state
only; the database constraint already points at that table."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('casework', '0005_verbose_names'),
        ('organisations', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='case',
                    name='partner_unit',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='cases', to='organisations.partnerunit', verbose_name='承办共建单位'),
                ),
                migrations.AlterField(
                    model_name='casestep',
                    name='partner_unit',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisations.partnerunit', verbose_name='共建单位'),
                ),
            ],
            database_operations=[],
        ),
    ]
