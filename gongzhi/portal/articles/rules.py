"""Permission predicates of the portal's articles, and one named rule per action.

Community secretaries and staff write their community's articles, a street admin the
street's (portal.write_article); the community's secretary and the street admin review and
publish them (portal.review_article). The states each action may start from are states.py."""

from gongzhi.core.actions import add_action, status_in
from gongzhi.core.scoping import has_permission_somewhere
from gongzhi.organisations.rules import always, may_hold, never, stateless
from gongzhi.portal.articles.states import ALLOWED_FROM, REFUSALS

WRITE = "portal.write_article"
REVIEW = "portal.review_article"

# ---- one rule per action -------------------------------------------------------------------
# on a place (a street or a community): write a new article or start a series there
CREATE_ARTICLE = "portal.create_article"
CREATE_SERIES = "portal.create_series"
# on an article
EDIT_ARTICLE = "portal.edit_article"        # its text, images and series; draft only
SUBMIT_ARTICLE = "portal.submit_article"
PUBLISH_ARTICLE = "portal.publish_article"  # approve: now, or at the time set
RETURN_ARTICLE = "portal.return_article"
WITHDRAW_ARTICLE = "portal.withdraw_article"
REDRAFT_ARTICLE = "portal.redraft_article"
# on a series
EDIT_SERIES = "portal.edit_series"

# the page's action -> its rule; the order is the page's and the API's
ARTICLE_ACTION_RULES = {
    "edit": EDIT_ARTICLE,
    "submit": SUBMIT_ARTICLE,
    "publish": PUBLISH_ARTICLE,
    "return": RETURN_ARTICLE,
    "withdraw": WITHDRAW_ARTICLE,
    "redraft": REDRAFT_ARTICLE,
}
ARTICLE_ACTIONS = tuple(ARTICLE_ACTION_RULES.values())
SERIES_ACTIONS = (EDIT_SERIES,)



def _place(row):
    """The place a row belongs to (its community, else its street): the same scope as the row's
    own, asked once per place rather than once per row (a list's rows share a few places)."""
    return row.community if row.community_id else row.street


may_write = may_hold(WRITE, of=_place, name="may_write_article")
may_review = may_hold(REVIEW, of=_place, name="may_review_article")
may_see = may_write | may_review


def can_write_articles(user) -> bool:
    return has_permission_somewhere(user, WRITE)


def can_review_articles(user) -> bool:
    return has_permission_somewhere(user, REVIEW)


def can_use_articles(user) -> bool:
    return can_write_articles(user) or can_review_articles(user)


def _register_actions() -> None:
    add_action(CREATE_ARTICLE, who=may_hold(WRITE, name="may_create_article"),
               when=always,
               visible=never, refused=stateless)
    add_action(CREATE_SERIES, who=may_hold(WRITE, name="may_create_series"),
               when=always,
               visible=never, refused=stateless)
    who = {"edit": may_write, "submit": may_write, "publish": may_review,
           "return": may_review, "withdraw": may_review, "redraft": may_write}
    for action, name in ARTICLE_ACTION_RULES.items():
        add_action(name, who=who[action], when=status_in(ALLOWED_FROM, action), visible=may_see,
                   refused=lambda article, action=action: REFUSALS[action]())
    add_action(EDIT_SERIES, who=may_write, when=always, visible=may_see,
               refused=stateless)


_register_actions()
