from django.urls import path

from gongzhi.deliberation import views

app_name = "deliberation"
urlpatterns = [
    path("votes/", views.vote_list, name="vote_list"),
    path("votes/new/", views.vote_create, name="vote_create"),
    path("votes/<int:pk>/", views.vote_detail, name="vote_detail"),
    path("votes/<int:pk>/action/", views.vote_action, name="vote_action"),
    path("votes/<int:pk>/record.pdf", views.vote_record, name="vote_record"),
    path("ballots/<int:pk>/scan/", views.ballot_scan, name="ballot_scan"),
    path("proxies/<int:pk>/document/", views.proxy_document, name="proxy_document"),
    path("my-votes/", views.my_votes, name="my_votes"),
    path("my-votes/<int:pk>/", views.my_ballot, name="my_ballot"),
]
