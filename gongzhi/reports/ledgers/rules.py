"""Who may ask for a work ledger and download it, one named rule per action.

A community's secretary and staff ask for their community's ledger; a street admin for any
community of the street or for the whole street in one file; a district admin likewise within
the district (reports.make_ledger, scoped). A finished ledger is downloaded by those who may
make it in its scope."""

from django.utils.translation import gettext_lazy as _
from rules import predicate

from gongzhi.core.actions import add_action
from gongzhi.core.errors import Conflict
from gongzhi.core.scoping import has_permission_somewhere
from gongzhi.organisations.rules import always, may_hold, never, stateless
from gongzhi.reports.ledgers.choices import RunStatus

MAKE_LEDGER = "reports.make_ledger"

# on a community or a street (a street: all its communities in one file)
REQUEST = "reports.request_ledger"
# on a run
DOWNLOAD = "reports.download_ledger"

RUN_ACTIONS = (DOWNLOAD,)


class NotReady(Conflict):
    default_message = _("台账尚未生成完成。")


may_make = may_hold(MAKE_LEDGER, name="may_make_ledger")


def _place(run):
    """The community of a community's ledger, the street of a street's bundle: runs of one
    place share the answer (a list asks once per place, not once per run)."""
    return run.community if run.community_id else run.street


may_make_run = may_hold(MAKE_LEDGER, of=_place, name="may_make_ledger_of_run")
is_done = predicate(lambda user, run: run.status == RunStatus.DONE and bool(run.file),
                    name="ledger_is_done")


def can_make_ledgers(user) -> bool:
    return has_permission_somewhere(user, MAKE_LEDGER)


def _register_actions() -> None:
    add_action(REQUEST, who=may_make, when=always, visible=never, refused=stateless)
    add_action(DOWNLOAD, who=may_make_run, when=is_done, visible=may_make_run,
               refused=lambda run: NotReady())


_register_actions()
