"""Fetch-by-id of the accounts app: a token id that is missing or someone else's answers alike."""

from django.utils.translation import gettext_lazy as _

from gongzhi.accounts import selectors
from gongzhi.accounts.models import ApiToken, User
from gongzhi.core.access import get_scoped


def access_token(*, actor: User, token_id: int) -> ApiToken:
    return get_scoped(selectors.token_list(actor=actor).select_related("user"), pk=token_id,
                      message=_("令牌不存在。"))
