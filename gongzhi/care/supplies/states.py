"""The states of the supplies ledger's rows, as data: a store in use or not, and the refusals
a wrong state gives. Read by supplies/rules.py."""

from django.utils.translation import gettext_lazy as _

from gongzhi.core.errors import Conflict


class StoreInactive(Conflict):
    code = "care_store_inactive"
    default_message = _("该仓库已停用，不能出入库。")


class StoreActive(Conflict):
    code = "care_store_active"
    default_message = _("该仓库正在使用中。")


class NothingToReturn(Conflict):
    code = "care_nothing_to_return"
    default_message = _("该发放记录已无可退回的数量。")


class NotCorrectable(Conflict):
    code = "care_movement_not_correctable"
    default_message = _("更正记录本身不能再更正，请更正原始记录。")


# the actions on a store and whether the store must be in use (True) or stopped (False)
STORE_ALLOWED_WHEN_ACTIVE = {
    "edit": {True, False},
    "deactivate": {True},
    "activate": {False},
    "receive": {True},
    "issue": {True},
    "write_off": {True},
}
