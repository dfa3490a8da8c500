"""The pages of the portal's parts under one URL namespace, `portal:`: the public pages by
district > street > community, the back office of articles, residents' sign-up."""

from django.urls import include, path

from gongzhi.portal.articles import urls as articles_urls
from gongzhi.portal.public import urls as public_urls
from gongzhi.portal.signup import urls as signup_urls

app_name = "portal"
urlpatterns = [
    path("", include(public_urls.urlpatterns)),
    path("", include(articles_urls.urlpatterns)),
    path("", include(signup_urls.urlpatterns)),
]
