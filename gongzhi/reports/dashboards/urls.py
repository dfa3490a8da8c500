from django.urls import path

from gongzhi.reports.dashboards import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("rows/<slug:key>/", views.metric_rows, name="metric_rows"),
]
