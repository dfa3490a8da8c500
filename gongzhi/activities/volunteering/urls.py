"""The volunteering pages, under the `activities:` namespace (activities/urls.py)."""

from django.urls import path

from gongzhi.activities.volunteering import views

urlpatterns = [
    path("volunteers/", views.volunteer_list, name="volunteer_list"),
    path("volunteers/join/", views.volunteer_join, name="volunteer_join"),
    path("volunteers/new/", views.volunteer_register, name="volunteer_register"),
    path("volunteers/unit-staff/new/", views.unit_staff_register, name="unit_staff_register"),
    path("volunteers/<int:pk>/", views.volunteer_detail, name="volunteer_detail"),
    path("volunteers/<int:pk>/edit/", views.volunteer_edit, name="volunteer_edit"),
    path("volunteers/<int:pk>/certificates/", views.certificate_issue,
         name="certificate_issue"),
    path("volunteers/<int:pk>/<slug:action>/", views.volunteer_action, name="volunteer_action"),
    path("certificates/<int:pk>/", views.certificate_pdf, name="certificate_pdf"),
    path("certificates/verify/", views.certificate_verify, name="certificate_verify"),
    path("my-hours/", views.my_hours, name="my_hours"),
    path("my-hours/entries/<int:pk>/correction/", views.correction_request,
         name="correction_request"),
    path("hours/corrections/", views.correction_list, name="correction_list"),
    path("hours/corrections/<int:pk>/<slug:action>/", views.correction_action,
         name="correction_action"),
    path("hours/statistics/", views.hours_statistics, name="hours_statistics"),
]
