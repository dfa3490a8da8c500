from django.urls import path

from gongzhi.party import views

app_name = "party"
urlpatterns = [
    path("", views.home, name="home"),
    path("organisations/new/", views.street_committee_create,
         name="street_committee_create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/children/", views.organisation_create,
         name="organisation_create"),
    path("organisations/<int:pk>/officers/", views.officer_appoint, name="officer_appoint"),
    path("officers/<int:pk>/end/", views.officer_end, name="officer_end"),
    path("members/", views.member_list, name="member_list"),
    path("members/new/", views.member_create, name="member_create"),
    path("members/register/", views.member_register, name="member_register"),
    path("members/<int:pk>/", views.member_detail, name="member_detail"),
    path("members/<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("members/<int:pk>/reveal/", views.member_reveal, name="member_reveal"),
    path("me/", views.my_party, name="my_party"),
    path("me/registration/", views.my_registration, name="my_registration"),
    path("me/resources/new/", views.my_resource_create, name="my_resource_create"),
    # the posts moved to activities (issue 15)
    path("posts/", views.post_list_moved, name="post_list_moved"),
    path("posts/<int:pk>/", views.post_detail_moved, name="post_detail_moved"),
    path("summary/", views.summary, name="summary"),
    path("summary/export/", views.summary_export, name="summary_export"),
]
