"""The duty pages, under the `activities:` namespace (activities/urls.py)."""

from django.urls import path

from gongzhi.activities.duty import views

urlpatterns = [
    path("duty/board/", views.board, name="duty_board"),
    path("duty/swaps/", views.swaps, name="duty_swaps"),
    path("duty/signups/<int:pk>/", views.signup_duty, name="duty_signup"),
    path("duty/signups/<int:pk>/<str:action>/", views.signup_action, name="duty_signup_action"),
    path("duty/requests/<int:pk>/<str:action>/", views.request_action,
         name="duty_request_action"),
    path("duty/findings/", views.finding_list, name="finding_list"),
    path("duty/findings/<int:pk>/", views.finding_detail, name="finding_detail"),
    path("duty/findings/<int:pk>/convert/", views.finding_convert, name="finding_convert"),
]
