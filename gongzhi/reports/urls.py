"""The pages of the reports app under one URL namespace, `reports:`: dashboards, ledgers."""

from django.urls import include, path

from gongzhi.reports.dashboards import urls as dashboards_urls
from gongzhi.reports.ledgers import urls as ledgers_urls

app_name = "reports"
urlpatterns = [
    path("", include(dashboards_urls.urlpatterns)),
    path("", include(ledgers_urls.urlpatterns)),
]
