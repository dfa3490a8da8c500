"""The articles' back office (under the portal: namespace)."""

from django.urls import path, re_path

from gongzhi.portal.articles import views

urlpatterns = [
    # an article's image, public once its article is (in production /media/ is not served)
    path("images/<int:pk>/", views.image_file, name="image"),
    path("manage/articles/", views.article_list, name="article_list"),
    path("manage/articles/new/", views.article_create, name="article_create"),
    path("manage/articles/<int:pk>/", views.article_detail, name="article_detail"),
    path("manage/articles/<int:pk>/edit/", views.article_edit, name="article_edit"),
    path("manage/articles/<int:pk>/images/", views.article_image_add, name="article_image_add"),
    # the open actions of an article, one POST each (rules.ARTICLE_ACTION_RULES; edit is its page)
    re_path(r"^manage/articles/(?P<pk>[0-9]+)/(?P<action>submit|publish|return|withdraw|redraft)/$",
            views.article_action, name="article_action"),
    path("manage/series/", views.series_list, name="series_list"),
    path("manage/series/new/", views.series_create, name="series_create"),
    path("manage/series/<int:pk>/edit/", views.series_edit, name="series_edit"),
]
