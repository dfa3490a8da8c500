"""The partner units (from cobuilding) and the party roll (from party) move here without
copying a row: each model keeps its table (db_table), so this migration only records the
models in organisations' state. cobuilding 0005/0006, party 0003, casework 0006 and
deliberation 0008 repoint their foreign keys and drop the models from their own state;
0002 moves the content types."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        # The tables must exist (and be at their latest shape) before this app claims them.
        ('cobuilding', '0004_resource_member'),
        ('party', '0002_verbose_names'),
        ('people', '0002_verbose_names'),
        ('places', '0002_natural_sort_key'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='Member',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                    ('kind', models.CharField(choices=[('community', '社区党员'), ('in_service', '在职党员（双报到）')], default='community', max_length=16, verbose_name='类别')),
                    ('status_encrypted', models.TextField(blank=True, editable=False, verbose_name='政治面貌（加密）')),
                    ('work_unit_name', models.CharField(blank=True, max_length=64, verbose_name='工作单位')),
                    ('unit_party_organisation', models.CharField(blank=True, max_length=64, verbose_name='单位党组织')),
                    ('skills', models.CharField(blank=True, max_length=200, verbose_name='特长')),
                    ('preferred_categories', models.JSONField(blank=True, default=list, verbose_name='服务意向')),
                    ('registered_on', models.DateField(blank=True, null=True, verbose_name='报到日期')),
                    ('community', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='%(class)ss', to='places.community', verbose_name='社区')),
                    ('grid', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='places.grid', verbose_name='所在网格')),
                    ('person', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='party_member', to='people.person', verbose_name='居民')),
                ],
                options={
                    'verbose_name': '党员',
                    'verbose_name_plural': '党员',
                    'db_table': 'party_member',
                    'ordering': ['community', 'person__name', 'pk'],
                },
            ),
            migrations.CreateModel(
                name='Organisation',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                    ('kind', models.CharField(choices=[('street_committee', '街道党工委'), ('community_committee', '社区党委'), ('general_branch', '党总支'), ('branch', '党支部'), ('group', '党小组')], max_length=24, verbose_name='类型')),
                    ('name', models.CharField(max_length=64, verbose_name='名称')),
                    ('founded_on', models.DateField(blank=True, null=True, verbose_name='成立日期')),
                    ('notes', models.TextField(blank=True, verbose_name='说明')),
                    ('community', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='places.community', verbose_name='社区')),
                    ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='organisations.organisation', verbose_name='上级组织')),
                    ('street', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='places.street', verbose_name='街道')),
                ],
                options={
                    'verbose_name': '党组织',
                    'verbose_name_plural': '党组织',
                    'db_table': 'party_organisation',
                    'ordering': ['street', 'community', 'kind', 'name'],
                },
            ),
            migrations.CreateModel(
                name='Officer',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                    ('title', models.CharField(choices=[('secretary', '书记'), ('deputy_secretary', '副书记'), ('organisation', '组织委员'), ('publicity', '宣传委员'), ('discipline', '纪检委员'), ('member', '委员'), ('group_leader', '党小组组长')], max_length=24, verbose_name='职务')),
                    ('term_start', models.DateField(verbose_name='任期开始')),
                    ('term_end', models.DateField(blank=True, null=True, verbose_name='任期结束')),
                    ('member', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='offices', to='organisations.member', verbose_name='党员')),
                    ('person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.person', verbose_name='居民')),
                    ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='officers', to='organisations.organisation', verbose_name='党组织')),
                ],
                options={
                    'verbose_name': '党组织委员',
                    'verbose_name_plural': '党组织委员',
                    'db_table': 'party_officer',
                    'ordering': ['organisation', 'title', '-term_start'],
                },
            ),
            migrations.AddField(
                model_name='member',
                name='group',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='group_members', to='organisations.organisation', verbose_name='党小组'),
            ),
            migrations.AddField(
                model_name='member',
                name='organisation',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='members', to='organisations.organisation', verbose_name='所在党组织'),
            ),
            migrations.CreateModel(
                name='PartnerUnit',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                    ('name', models.CharField(max_length=64, verbose_name='单位名称')),
                    ('kind', models.CharField(choices=[('school', '学校'), ('health', '医院/卫生服务中心'), ('bank', '银行'), ('state_company', '国有企业'), ('bureau', '政府部门'), ('police', '派出所'), ('park', '公园'), ('shop', '商场/商户'), ('social', '社会组织')], max_length=16, verbose_name='类型')),
                    ('party_organisation', models.CharField(blank=True, max_length=64, verbose_name='单位党组织')),
                    ('liaison_name', models.CharField(blank=True, max_length=32, verbose_name='联络人')),
                    ('liaison_phone', models.CharField(blank=True, max_length=20, verbose_name='联络电话')),
                    ('offers', models.TextField(blank=True, verbose_name='可提供的支持')),
                    ('community', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='places.community', verbose_name='社区')),
                ],
                options={
                    'verbose_name': '共建单位',
                    'verbose_name_plural': '共建单位',
                    'db_table': 'cobuilding_partnerunit',
                    'ordering': ['name'],
                },
            ),
            migrations.CreateModel(
                name='PartnerContact',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='partner_contact', to=settings.AUTH_USER_MODEL, verbose_name='用户')),
                    ('unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='contacts', to='organisations.partnerunit', verbose_name='共建单位')),
                ],
                options={
                    'verbose_name': '共建单位联络人账号',
                    'verbose_name_plural': '共建单位联络人账号',
                    'db_table': 'cobuilding_partnercontact',
                },
            ),
            migrations.AddField(
                model_name='member',
                name='partner_unit',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='party_members', to='organisations.partnerunit', verbose_name='共建单位'),
            ),
            migrations.CreateModel(
                name='Agreement',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                    ('title', models.CharField(max_length=128, verbose_name='协议名称')),
                    ('community_liaison', models.CharField(blank=True, max_length=32, verbose_name='社区联络人')),
                    ('unit_liaison', models.CharField(blank=True, max_length=32, verbose_name='单位联络人')),
                    ('starts_on', models.DateField(verbose_name='开始日期')),
                    ('ends_on', models.DateField(verbose_name='到期日期')),
                    ('commitments', models.TextField(blank=True, help_text='其他承诺或补充说明', verbose_name='共建承诺')),
                    ('venue', models.CharField(blank=True, max_length=200, verbose_name='场地')),
                    ('staff_days', models.PositiveIntegerField(blank=True, null=True, verbose_name='人力（人·天/年）')),
                    ('money', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(0)], verbose_name='资金（元/年）')),
                    ('expertise', models.CharField(blank=True, max_length=200, verbose_name='专业支持')),
                    ('supplies', models.CharField(blank=True, max_length=200, verbose_name='物资')),
                    ('cadence', models.CharField(choices=[('monthly', '每月'), ('quarterly', '每季度'), ('half_yearly', '每半年'), ('yearly', '每年')], default='quarterly', max_length=16, verbose_name='联席会议频次')),
                    ('reviewed_on', models.DateField(blank=True, null=True, verbose_name='最近评估日期')),
                    ('review_note', models.TextField(blank=True, verbose_name='评估意见')),
                    ('expiry_reminded_on', models.DateField(blank=True, null=True, verbose_name='到期提醒日期')),
                    ('community', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='places.community', verbose_name='社区')),
                    ('previous', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='renewal', to='organisations.agreement', verbose_name='续签自')),
                    ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='agreements', to='organisations.partnerunit', verbose_name='共建单位')),
                ],
                options={
                    'verbose_name': '共建协议',
                    'verbose_name_plural': '共建协议',
                    'db_table': 'cobuilding_agreement',
                    'ordering': ['ends_on'],
                },
            ),
            migrations.AddConstraint(
                model_name='organisation',
                constraint=models.UniqueConstraint(fields=('street', 'community', 'name'), name='party_organisation_name_unique'),
            ),
            migrations.AddConstraint(
                model_name='officer',
                constraint=models.CheckConstraint(condition=models.Q(('person__isnull', False), ('member__isnull', False), _connector='OR'), name='party_officer_is_someone'),
            ),
            migrations.AddConstraint(
                model_name='officer',
                constraint=models.CheckConstraint(condition=models.Q(('term_end__isnull', True), ('term_end__gte', models.F('term_start')), _connector='OR'), name='party_officer_term_ends_after_start'),
            ),
            migrations.AddConstraint(
                model_name='partnerunit',
                constraint=models.UniqueConstraint(fields=('community', 'name'), name='partner_unit_name_unique_in_community'),
            ),
            migrations.AddConstraint(
                model_name='agreement',
                constraint=models.CheckConstraint(condition=models.Q(('ends_on__gt', models.F('starts_on'))), name='agreement_ends_after_start'),
            ),
            ],
            # The tables are the old apps' tables (see the models' db_table): nothing to do.
            database_operations=[],
        ),
    ]
