"""The portal's models live in its parts (articles, signup) and are imported here so that the
app label `portal` owns them all."""

from gongzhi.portal.articles.models import Article, ArticleImage, Series  # noqa: F401
from gongzhi.portal.signup.models import PhoneCode, ResidentAccount  # noqa: F401
