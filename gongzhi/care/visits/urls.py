"""The pages of care's visits part (under the care: namespace)."""

from django.urls import path

from gongzhi.care.visits import views

urlpatterns = [
    path("mine/", views.my_households, name="my_households"),
    path("overdue/", views.overdue, name="overdue"),
    path("households/<int:pk>/visits/", views.household_visits, name="household_visits"),
    path("households/<int:pk>/visits/new/", views.visit_create, name="visit_create"),
    path("visits/", views.visit_queue, name="visit_queue"),
    path("visits/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("visits/<int:pk>/photo/", views.visit_photo, name="visit_photo"),
    path("visits/<int:pk>/<slug:action>/", views.visit_action, name="visit_action"),
]
