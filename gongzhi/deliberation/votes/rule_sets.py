"""The legal rule sets of owners' votes (DOMAIN_RULES) are reference data that migration 0002
writes. A test database emptied between browser tests (TRUNCATE) loses them; this puts them
back the same way, for the demo and for tests."""

import importlib

from django.apps import apps
from django.db import transaction

from gongzhi.deliberation.votes.models import RuleSet


@transaction.atomic
def ensure_rule_sets() -> None:
    """The rule sets come with migration 0002; a test database that was emptied between
    browser tests (TRUNCATE) has lost them, so the demo puts them back the same way."""
    if not RuleSet.objects.exists():
        migration = importlib.import_module("gongzhi.deliberation.migrations.0002_rule_sets")
        migration.add_rule_sets(apps, None)
