"""The rota pages, under the `activities:` namespace (activities/urls.py)."""

from django.urls import path

from gongzhi.activities.rota import views

urlpatterns = [
    path("posts/", views.post_list, name="post_list"),
    path("posts/new/", views.post_create, name="post_create"),
    path("posts/<int:pk>/", views.post_detail, name="post_detail"),
    path("posts/<int:pk>/<str:action>/", views.post_action, name="post_action"),
    path("shifts/<int:pk>/<str:action>/", views.shift_action, name="shift_action"),
    path("shift-signups/<int:pk>/<str:action>/", views.signup_action,
         name="shift_signup_action"),
    path("me/shifts/", views.my_shifts, name="my_shifts"),
]
