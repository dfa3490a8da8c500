"""Partner units moved to organisations (same table): repoint the foreign keys in the state
only; the database constraints already point at that table."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('deliberation', '0007_verbose_names'),
        ('organisations', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='invitee',
                    name='partner_unit',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='meeting_invitations', to='organisations.partnerunit', verbose_name='共建单位'),
                ),
                migrations.AlterField(
                    model_name='topictask',
                    name='owner_unit',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='topic_tasks', to='organisations.partnerunit', verbose_name='责任单位'),
                ),
            ],
            database_operations=[],
        ),
    ]
