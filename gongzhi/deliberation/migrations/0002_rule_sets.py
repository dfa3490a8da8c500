"""The rule sets in force, with their sources (../shared/DOMAIN_RULES.md)."""

import datetime

from django.db import migrations

RULE_SETS = [
    # 民法典 art. 278 (in force 2021-01-01): items 1–5 and 9 need more than half ("过半数").
    dict(kind="ordinary", name="民法典第278条（一般事项）",
         source="《中华人民共和国民法典》第二百七十八条第二款",
         effective_from=datetime.date(2021, 1, 1), participation_threshold="2/3",
         approval_threshold="1/2", approval_is_strict=True, publicity_days=7),
    # items 6–8: three quarters or more ("四分之三以上", inclusive).
    dict(kind="special", name="民法典第278条（第六至八项）",
         source="《中华人民共和国民法典》第二百七十八条第二款",
         effective_from=datetime.date(2021, 1, 1), participation_threshold="2/3",
         approval_threshold="3/4", approval_is_strict=False, publicity_days=7),
    # Adding an elevator alters the building: art. 278 item 7 (改建), before the 2025 Guangzhou
    # measure with the older practice of 10 days' publicity.
    dict(kind="elevator", name="民法典第278条（加装电梯）",
         source="《中华人民共和国民法典》第二百七十八条；广州市既有住宅增设电梯试行办法（旧）",
         effective_from=datetime.date(2021, 1, 1), participation_threshold="2/3",
         approval_threshold="3/4", approval_is_strict=False,
         requires_affected_consent=True, publicity_days=10),
    # Guangzhou 2025 measure (in force 2025-06-19): affected owners consent individually;
    # publicity ≥ 20 days (🟡: a secondary source; kept as data, changeable in the admin).
    dict(kind="elevator", name="广州市既有住宅增设电梯办法（2025）",
         source="广州市既有住宅增设电梯办法（2025年6月19日起施行）；民法典第二百七十八条",
         effective_from=datetime.date(2025, 6, 19), participation_threshold="2/3",
         approval_threshold="3/4", approval_is_strict=False,
         requires_affected_consent=True, publicity_days=20),
]


def add_rule_sets(apps, schema_editor):
    RuleSet = apps.get_model("deliberation", "RuleSet")
    for values in RULE_SETS:
        RuleSet.objects.update_or_create(kind=values["kind"],
                                         effective_from=values["effective_from"],
                                         defaults=values)


class Migration(migrations.Migration):
    dependencies = [("deliberation", "0001_initial")]
    operations = [migrations.RunPython(add_rule_sets, migrations.RunPython.noop)]
