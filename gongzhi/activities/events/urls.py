"""The events pages, under the `activities:` namespace (activities/urls.py)."""

from django.urls import path

from gongzhi.activities.events import views

urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("mine/", views.my_signups, name="my_signups"),
    path("planner/", views.planner, name="planner"),
    path("new/", views.activity_create, name="activity_create"),
    path("<int:pk>/", views.activity_detail, name="activity_detail"),
    path("<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("<int:pk>/action/<slug:action>/", views.activity_action, name="activity_action"),
    path("<int:pk>/join/", views.activity_join, name="activity_join"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/checkin-code/", views.checkin_code, name="checkin_code"),
    path("checkin/<str:token>/", views.checkin_page, name="checkin"),
    path("signups/<int:pk>/<slug:action>/", views.signup_action, name="signup_action"),
    path("photos/<int:pk>/", views.photo_file, name="photo_file"),
]
