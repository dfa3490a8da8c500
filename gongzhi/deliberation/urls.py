"""The pages of deliberation's three parts under one URL namespace, `deliberation:`, with the
same paths and names as before the split."""

from django.urls import path

from gongzhi.deliberation.polls import views as poll_views
from gongzhi.deliberation.topics import views as topic_views
from gongzhi.deliberation.votes import views as vote_views

app_name = "deliberation"
urlpatterns = [
    path("votes/", vote_views.vote_list, name="vote_list"),
    path("votes/new/", vote_views.vote_create, name="vote_create"),
    path("votes/<int:pk>/", vote_views.vote_detail, name="vote_detail"),
    path("votes/<int:pk>/action/<slug:action>/", vote_views.vote_action, name="vote_action"),
    path("votes/<int:pk>/record.pdf", vote_views.vote_record, name="vote_record"),
    path("ballots/<int:pk>/scan/", vote_views.ballot_scan, name="ballot_scan"),
    path("proxies/<int:pk>/document/", vote_views.proxy_document, name="proxy_document"),
    path("vote-documents/<int:pk>/", vote_views.vote_document, name="vote_document"),
    path("my-votes/", vote_views.my_votes, name="my_votes"),
    path("my-votes/<int:pk>/<slug:action>/", vote_views.my_ballot, name="my_ballot"),
    # publicity photos and the printable notice of a vote's published result
    path("votes/<int:pk>/publicity-photos/", vote_views.publicity_photo_add,
         name="publicity_photo_add"),
    path("publicity-photos/<int:pk>/", vote_views.publicity_photo, name="publicity_photo"),
    path("votes/<int:pk>/notice.pdf", vote_views.vote_notice, name="vote_notice"),
    # residents' polls (one person, one vote)
    path("polls/", poll_views.poll_list, name="poll_list"),
    path("polls/new/", poll_views.poll_create, name="poll_create"),
    path("polls/<int:pk>/", poll_views.poll_detail, name="poll_detail"),
    path("polls/<int:pk>/action/<slug:action>/", poll_views.poll_action, name="poll_action"),
    path("poll-ballots/<int:pk>/scan/", poll_views.poll_ballot_scan, name="poll_ballot_scan"),
    path("my-polls/", poll_views.my_polls, name="my_polls"),
    path("my-polls/<int:pk>/<slug:action>/", poll_views.my_poll_ballot,
         name="my_poll_ballot"),
    # consultation topics (协商议事)
    path("topics/", topic_views.topic_list, name="topic_list"),
    path("topics/new/", topic_views.topic_create, name="topic_create"),
    path("topics/outcomes/", topic_views.topic_outcomes, name="topic_outcomes"),
    path("topics/<int:pk>/", topic_views.topic_detail, name="topic_detail"),
    path("topics/<int:pk>/meetings/new/", topic_views.meeting_create, name="meeting_create"),
    path("topics/<int:pk>/<slug:action>/", topic_views.topic_action, name="topic_action"),
    path("topics/from-case/<int:case_pk>/", topic_views.topic_from_case, name="topic_from_case"),
    path("meetings/<int:pk>/", topic_views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/<slug:action>/", topic_views.meeting_action, name="meeting_action"),
    path("topic-tasks/<int:pk>/complete/", topic_views.task_complete, name="task_complete"),
    path("topic-documents/<int:pk>/", topic_views.topic_document, name="topic_document"),
]
