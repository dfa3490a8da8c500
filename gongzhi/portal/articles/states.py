"""The states of an article, as data: which actions each may start from, and the refusals a
wrong state gives. Read by articles/rules.py."""

from django.utils.translation import gettext_lazy as _

from gongzhi.core.errors import Conflict
from gongzhi.portal.articles.choices import ArticleStatus as S


class ArticleNotDraft(Conflict):
    code = "portal_article_not_draft"
    default_message = _("只有草稿可以修改或提交审核。")


class ArticleNotInReview(Conflict):
    code = "portal_article_not_in_review"
    default_message = _("该文章不在待审核状态。")


class ArticleNotPublished(Conflict):
    code = "portal_article_not_published"
    default_message = _("该文章未发布，无需撤回。")


class ArticleNotWithdrawn(Conflict):
    code = "portal_article_not_withdrawn"
    default_message = _("只有已撤回的文章可以改回草稿。")


ALLOWED_FROM = {
    "edit": {S.DRAFT},
    "submit": {S.DRAFT},
    "publish": {S.REVIEW},   # approve: published now or at the time set (scheduled)
    "return": {S.REVIEW},    # back to the author as a draft, with the reviewer's note
    "withdraw": {S.PUBLISHED},
    "redraft": {S.WITHDRAWN},
}
REFUSALS = {"edit": ArticleNotDraft, "submit": ArticleNotDraft, "publish": ArticleNotInReview,
            "return": ArticleNotInReview, "withdraw": ArticleNotPublished,
            "redraft": ArticleNotWithdrawn}
