"""The pages of care's register part (under the care: namespace)."""

from django.urls import path, re_path

from gongzhi.care.register import views

urlpatterns = [
    path("households/", views.household_list, name="household_list"),
    path("households/new/", views.household_register, name="household_register"),
    path("households/<int:pk>/", views.household_detail, name="household_detail"),
    path("households/<int:pk>/edit/", views.household_edit, name="household_edit"),
    path("households/<int:pk>/pairings/", views.pairing_create, name="pairing_create"),
    # the household's own actions only: households/<pk>/visits/ is the visits part's
    re_path(r"^households/(?P<pk>[0-9]+)/(?P<action>close|reopen)/$", views.household_action,
            name="household_action"),
    path("pairings/<int:pk>/end/", views.pairing_end, name="pairing_end"),
    path("statistics/", views.statistics, name="statistics"),
]
