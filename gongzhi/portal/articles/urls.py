"""The articles' back office (under the portal: namespace)."""

from django.urls import path

from gongzhi.portal.articles import views

urlpatterns = [
    path("articles/", views.article_list, name="article_list"),
    path("articles/new/", views.article_create, name="article_create"),
    path("articles/<int:pk>/", views.article_detail, name="article_detail"),
    path("articles/<int:pk>/edit/", views.article_edit, name="article_edit"),
    path("articles/<int:pk>/images/", views.article_image_add, name="article_image_add"),
    path("articles/<int:pk>/<slug:action>/", views.article_action, name="article_action"),
    path("series/", views.series_list, name="series_list"),
    path("series/new/", views.series_create, name="series_create"),
    path("series/<int:pk>/edit/", views.series_edit, name="series_edit"),
]
