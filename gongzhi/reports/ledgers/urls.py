"""The ledger pages (under the reports: namespace)."""

from django.urls import path

from gongzhi.reports.ledgers import views

urlpatterns = [
    path("ledgers/", views.ledger_list, name="ledger_list"),
    path("ledgers/<int:pk>/", views.ledger_detail, name="ledger_detail"),
    path("ledgers/<int:pk>/download/", views.ledger_download, name="ledger_download"),
]
