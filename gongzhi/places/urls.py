from django.urls import path

from gongzhi.places import views

app_name = "places"
urlpatterns = [
    path("", views.community_list, name="community_list"),
    path("communities/<int:pk>/", views.community_detail, name="community_detail"),
    path("communities/<int:pk>/edit/", views.community_edit, name="community_edit"),
    path("communities/<int:pk>/honours/new/", views.honour_create, name="honour_create"),
    path("communities/<int:pk>/buildings/new/", views.building_create, name="building_create"),
    path("honours/<int:pk>/delete/", views.honour_delete, name="honour_delete"),
    path("buildings/<int:pk>/", views.building_detail, name="building_detail"),
    path("buildings/<int:pk>/edit/", views.building_edit, name="building_edit"),
    path("flats/<int:pk>/edit/", views.flat_edit, name="flat_edit"),
    path("flats/<int:pk>/unsold/", views.flat_unsold, name="flat_unsold"),
]
