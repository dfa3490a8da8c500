"""The pages of care's supplies part (under the care: namespace)."""

from django.urls import path

from gongzhi.care.supplies import views

urlpatterns = [
    path("supplies/stores/", views.store_list, name="store_list"),
    path("supplies/stores/new/", views.store_create, name="store_create"),
    path("supplies/stores/<int:pk>/edit/", views.store_edit, name="store_edit"),
    path("supplies/stores/<int:pk>/<slug:action>/", views.store_action, name="store_action"),
    path("supplies/items/", views.item_list, name="item_list"),
    path("supplies/items/new/", views.item_create, name="item_create"),
    path("supplies/items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("supplies/donations/", views.donation_list, name="donation_list"),
    path("supplies/donations/new/", views.donation_create, name="donation_create"),
    path("supplies/donations/<int:pk>/", views.donation_detail, name="donation_detail"),
    path("supplies/donations/<int:pk>/receipt/", views.donation_receipt,
         name="donation_receipt"),
    path("supplies/stock/", views.stock, name="stock"),
    path("supplies/ledger/", views.movement_list, name="movement_list"),
    path("supplies/ledger/<int:pk>/<slug:action>/", views.movement_action,
         name="movement_action"),
    path("supplies/issue/", views.issue_create, name="issue_create"),
    path("supplies/write-off/", views.write_off_create, name="write_off_create"),
    path("supplies/report/", views.stock_report, name="stock_report"),
    path("supplies/statement/", views.own_statement, name="own_statement"),
    path("supplies/donors/<int:pk>/statement/", views.donor_statement, name="donor_statement"),
]
