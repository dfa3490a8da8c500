"""The states of the people app, as data: which statuses each action may start from.

Read only by the rules (people/rules.py); services, templates and the API ask the rules
(`require`, `{% has_perm %}`, `open_actions`), never this table or a status string."""

from gongzhi.people.choices import CorrectionStatus, ImportStatus

# action -> statuses it may start from
ALLOWED_FROM = {
    "resolve_correction": {CorrectionStatus.OPEN},
    "import_all_rows": {ImportStatus.READY},
    # a file with errors may still have its clean rows imported (and a clean file all of them)
    "import_clean_rows": {ImportStatus.READY, ImportStatus.INVALID},
}
