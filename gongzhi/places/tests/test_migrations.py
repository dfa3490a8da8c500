"""The flat's area becomes the exclusive area (issue 14, item 3) without losing a value."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from gongzhi.places.models import Flat

BEFORE = [("places", "0002_natural_sort_key")]


@pytest.mark.django_db(transaction=True)
def test_relabelling_the_area_keeps_every_flat_s_value_and_source(world):
    # given the database before the change, with a flat's area written through the old model
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("places", "Flat")
    old.objects.filter(pk=world.flat_a1.pk).update(floor_area=Decimal("88.80"),
                                                   area_source="survey")
    # when the database is migrated forward
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    # then the flat keeps its figure as the exclusive area, with its source
    flat = Flat.objects.get(pk=world.flat_a1.pk)
    assert (flat.floor_area, flat.area_source) == (Decimal("88.80"), "survey")
    assert str(Flat._meta.get_field("floor_area").verbose_name) == "专有部分面积（平方米）"
