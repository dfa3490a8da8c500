from django.urls import path

from gongzhi.cobuilding import views

app_name = "cobuilding"
urlpatterns = [
    path("", views.board, name="board"),
    path("needs/new/", views.need_create, name="need_create"),
    path("needs/<int:pk>/", views.need_detail, name="need_detail"),
    path("needs/from-case/<int:case_pk>/", views.need_from_case, name="need_from_case"),
    path("needs/<int:pk>/matches/", views.match_propose, name="match_propose"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("projects/<int:pk>/reports/", views.report_create, name="report_create"),
    path("projects/<int:pk>/publish/", views.project_publish, name="project_publish"),
    path("partner/", views.partner_home, name="partner_home"),
    path("matches/<int:pk>/respond/", views.match_respond, name="match_respond"),
]
