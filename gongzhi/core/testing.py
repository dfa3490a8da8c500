"""Helpers for the tests of every app: logging in a browser, watching every model for changes,
finding the page routes that take a POST, growing the data and keeping query-count baselines."""

import copy
import inspect
import json
import os
import re
from pathlib import Path

from django.apps import apps
from django.db import IntegrityError, connection, models, transaction
from django.db.models.base import ModelState
from django.test.utils import CaptureQueriesContext
from playwright.sync_api import expect

DEMO_PASSWORD = "gongzhi-demo"


def log_in(page, base_url, username):
    """Log in through the login page as a demo account and wait for the dashboard."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("您好")


# ---- Shared by the scope matrix and the query-count baselines ---------------------------------


def gongzhi_models() -> list:
    """Every concrete model of a gongzhi app, found by introspection: apps split and models move
    between them (issue 13), and a snapshot that lists them by hand misses the new ones."""
    return [model for model in apps.get_models()
            if model.__module__.startswith("gongzhi.") and not model._meta.proxy]


# What a refused request may still write without anything having happened to the data: the
# login stamp of the user who asks, the token's last use, and the audit trail (a refusal is
# recorded; the trail is append-only, so only its writes are counted: create, update, delete).
VOLATILE_COLUMNS = {
    "accounts.User": {"last_login"},
    "accounts.ApiToken": {"last_used_at"},
}
APPEND_ONLY_MODELS = {"audit.AuditEntry", "audit.AuditChain"}
AUDITED_WRITES = ("create", "update", "delete")
WRITE_STATEMENT = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.I)
SET_COLUMNS = re.compile(r'"?(\w+)"?\s*=')


def row_counts() -> dict[str, int]:
    """The number of rows of every gongzhi model, in one query (the matrix asks it twice per
    request: one query for all models keeps the matrix fast)."""
    quote = connection.ops.quote_name
    labels, counts = [], []
    for model in gongzhi_models():
        label = model._meta.label
        where = ""
        if label == "audit.AuditEntry":
            where = " WHERE action IN ({})".format(", ".join(f"'{a}'" for a in AUDITED_WRITES))
        elif label in APPEND_ONLY_MODELS:
            continue
        labels.append(label)
        counts.append(f"(SELECT COUNT(*) FROM {quote(model._meta.db_table)}{where})")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(counts))
        return dict(zip(labels, cursor.fetchone(), strict=True))


def data_writes(queries: list[dict]) -> list[tuple[str, str]]:
    """The statements among `queries` that wrote to a gongzhi model's table, other than the
    volatile columns and the audit trail's appends."""
    tables = {model._meta.db_table: model._meta.label for model in gongzhi_models()}
    writes = []
    for query in queries:
        found = WRITE_STATEMENT.match(query["sql"])
        if not found or found[2] not in tables:
            continue
        label, verb = tables[found[2]], found[1].split()[0].upper()
        if (label in APPEND_ONLY_MODELS and verb == "INSERT") or label == "audit.AuditChain":
            continue
        if verb == "UPDATE":
            assignments = query["sql"].split(" SET ", 1)[1].split(" WHERE ", 1)[0]
            if set(SET_COLUMNS.findall(assignments)) <= VOLATILE_COLUMNS.get(label, set()):
                continue
        writes.append((label, f"{verb} {label}: {query['sql'][:160]}"))
    return writes


class DataWatch:
    """Watches a block for changes to any gongzhi model: rows counted before and after, and every
    INSERT, UPDATE and DELETE sent to a gongzhi table caught on its way to the database."""

    def __enter__(self):
        self.counts = row_counts()
        self.queries = CaptureQueriesContext(connection)
        self.queries.__enter__()
        return self

    def __exit__(self, *exc_info):
        self.queries.__exit__(*exc_info)

    def changes(self, *, allowed=()) -> list[str]:
        """What changed, but for the models in `allowed` (the caller's own rows)."""
        after = row_counts()
        counted = [(label, f"{label} ({count} → {after[label]} rows)")
                   for label, count in self.counts.items() if after[label] != count]
        written = data_writes(self.queries.captured_queries)
        return [text for label, text in counted + written if label not in allowed]


# ---- Page actions: which page routes take a POST ---------------------------------------------

READS_THE_POST = re.compile(r"request\.(POST|FILES)\b|request\.method\b")


def view_function(callback):
    """The function under a view's decorators (login_required, require_POST, ...)."""
    while hasattr(callback, "__wrapped__"):
        callback = callback.__wrapped__
    return callback


def allowed_methods(callback) -> list[str] | None:
    """The methods a require_http_methods decorator (require_POST, require_GET, ...) lets
    through, or None where no such decorator stands."""
    while True:
        if getattr(callback, "__closure__", None):
            methods = inspect.getclosurevars(callback).nonlocals.get("request_method_list")
            if methods is not None:
                return list(methods)
        if not hasattr(callback, "__wrapped__"):
            return None
        callback = callback.__wrapped__


HANDS_ON_THE_REQUEST = re.compile(r"return\s+(\w+)\(request\b")


def reads_the_post(function) -> bool:
    """Whether a view reads the POST, itself or through the helper it hands its whole request
    to (`return _member_form_page(request)`: one form page serving two routes)."""
    source = inspect.getsource(function)
    if READS_THE_POST.search(source):
        return True
    helpers = inspect.getclosurevars(function).globals
    return any(inspect.isfunction(helpers.get(name))
               and READS_THE_POST.search(inspect.getsource(view_function(helpers[name])))
               for name in HANDS_ON_THE_REQUEST.findall(source))


def page_takes_post(callback) -> bool:
    """Whether a page route's view handles a POST: a class-based view with `post`, a view whose
    method decorator admits POST, or one without such a decorator that reads the POST."""
    if hasattr(callback, "view_class"):
        view_class = callback.view_class
        return "post" in view_class.http_method_names and hasattr(view_class, "post")
    methods = allowed_methods(callback)
    if methods is not None:
        return "POST" in methods
    function = view_function(callback)
    if not inspect.isfunction(function) and callable(function):  # an instance (a Feed)
        function = type(function).__call__
    return reads_the_post(function)


# ---- Query-count baselines ------------------------------------------------------------------

# Rows the growth leaves alone: secrets that must stay unique (tokens, throttles) and the
# audit chain's head, which is one row by design.
UNGROWN_MODELS = {"accounts.ApiToken", "accounts.LoginThrottle", "audit.AuditChain"}


def grow_every_model(copies: int) -> dict[str, int]:
    """Copies every row of every gongzhi model `copies` times, pointing at the same parents, so
    that each list holds more rows and each row more children. A copy that breaks a constraint
    (one elector per flat, one officer per post ...) is left out. Answers the copies made."""
    made = {}
    for model in gongzhi_models():
        label = model._meta.label
        if label in UNGROWN_MODELS:
            continue
        originals = list(model._base_manager.order_by("pk"))
        made[label] = 0
        for number in range(1, copies + 1):
            for row in originals:
                clone = copy.copy(row)
                clone.pk = None
                clone._state = ModelState()
                for field in model._meta.concrete_fields:
                    if field.unique and not field.primary_key and isinstance(
                            field, models.CharField) and getattr(clone, field.attname):
                        value = getattr(clone, field.attname)
                        setattr(clone, field.attname,
                                f"{value[:field.max_length - 4]}~{number}")
                try:
                    with transaction.atomic():
                        model._base_manager.bulk_create([clone])
                except (IntegrityError, ValueError):
                    continue
                made[label] += 1
    return made


QUERY_COUNTS_FILE = "query_counts.json"
UPDATE_QUERY_COUNTS = os.environ.get("GONGZHI_UPDATE_QUERY_COUNTS") == "1"


def query_counts_path(app: str) -> Path:
    return Path(apps.get_app_config(app).path) / "tests" / QUERY_COUNTS_FILE


def read_query_counts(app: str) -> dict[str, int]:
    path = query_counts_path(app)
    return json.loads(path.read_text()) if path.exists() else {}


def write_query_counts(app: str, counts: dict[str, int]) -> None:
    query_counts_path(app).write_text(
        json.dumps(dict(sorted(counts.items())), ensure_ascii=False, indent=2) + "\n")
