"""The pages of care's campaigns part (under the care: namespace)."""

from django.urls import path

from gongzhi.care.campaigns import views

urlpatterns = [
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/my-visits/", views.my_campaign_visits, name="my_campaign_visits"),
    path("campaigns/<int:pk>/", views.campaign_board, name="campaign_board"),
    path("campaigns/<int:pk>/report/", views.campaign_report, name="campaign_report"),
    path("campaigns/<int:pk>/report.pdf", views.campaign_report_pdf,
         name="campaign_report_pdf"),
    path("campaigns/<int:pk>/<slug:action>/", views.campaign_action, name="campaign_action"),
    path("campaigns/targets/<int:pk>/visit/", views.campaign_visit, name="campaign_visit"),
    path("campaigns/targets/<int:pk>/pairing/", views.target_pairing,
         name="campaign_target_pairing"),
]
