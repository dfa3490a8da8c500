"""Schemathesis against the API's own OpenAPI schema, in-process through the WSGI app.

Every operation but DELETE, as a member of staff and as a resident, a few derandomised examples
each: no server error, every response in the schema, every status code documented.
"""

import pytest
import schemathesis
from django.apps import apps
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from gongzhi.accounts.services import api_token_create
from gongzhi.wsgi import application

# Examples per operation and actor: valid input, and input the schema forbids. Bounded so the
# whole run stays within about a minute and a half on two cores (make test runs it).
EXAMPLES = {GenerationMode.POSITIVE: 2, GenerationMode.NEGATIVE: 2}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


def bearer(user) -> dict:
    return {"Authorization": f"Bearer {api_token_create(user=user).token}"}


def existing_ids() -> dict[str, list[int]]:
    """Path parameter name -> ids that exist, so that examples reach real rows, not only 404."""
    ids = {}
    for model in apps.get_models():
        if model._meta.app_label.startswith(("auth", "contenttypes", "sessions", "admin")):
            continue
        pks = list(model._default_manager.order_by("pk").values_list("pk", flat=True)[:6])
        if pks and isinstance(pks[0], int):
            ids.setdefault(f"{model._meta.model_name}_id", pks)
    return ids


def aim_at_existing_rows(case, ids: dict[str, list[int]]) -> None:
    # Every other example keeps the generated id (missing rows, huge values); the rest point
    # at rows of the world, picked by the generated value, so the run stays deterministic.
    for name, value in (case.path_parameters or {}).items():
        key = name.replace("_", "")
        matching = [pks for param, pks in ids.items() if param.replace("_", "") == key]
        if isinstance(value, int) and matching and value % 2 == 0:
            case.path_parameters[name] = matching[0][value % len(matching[0])]


def run_operation(operation, headers: dict, ids: dict, mode: GenerationMode) -> list[str]:
    failures = []

    @settings(max_examples=EXAMPLES[mode], derandomize=True, database=None,
              deadline=None, phases=[Phase.explicit, Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def example(case):
        aim_at_existing_rows(case, ids)
        response = case.call(headers=headers)
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except FailureGroup as group:
            problems = "; ".join(f"{f.title}: {f.message[:300]}" for f in group.exceptions)
            failures.append(f"{mode.value} {operation.label} path={case.path_parameters} "
                            f"query={case.query} "
                            f"body={case.body!r:.200} -> {response.status_code} "
                            f"{response.text[:200]} -- {problems}")

    example()
    return failures


@pytest.fixture
def connections_kept_open():
    """The raw WSGI app closes the database connection when a request finishes, which would
    end the test's transaction on PostgreSQL; Django's own test client keeps it open so."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.mark.api_fuzz
def test_every_operation_answers_within_its_schema(world, connections_kept_open):
    # given
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operations = [result.ok() for result in schema.exclude(method="DELETE").get_all_operations()]
    actors = {"staff": bearer(world.users["staff_a"]),
              "resident": bearer(world.users["resident_a"])}
    ids = existing_ids()

    # when
    failures = []
    for label, headers in actors.items():
        for operation in operations:
            for mode in EXAMPLES:
                failures += [f"[{label}] {failure}"
                             for failure in run_operation(operation, headers, ids, mode)]

    # then
    assert len(operations) > 100
    assert failures == [], "\n\n".join(failures)
