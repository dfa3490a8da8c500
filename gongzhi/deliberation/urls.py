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
    path("vote-documents/<int:pk>/", views.vote_document, name="vote_document"),
    path("my-votes/", views.my_votes, name="my_votes"),
    path("my-votes/<int:pk>/", views.my_ballot, name="my_ballot"),
]

# Residents' polls (one person, one vote), publicity photos and the printable notice.
from gongzhi.deliberation import views_polls  # noqa: E402

urlpatterns += [
    path("polls/", views_polls.poll_list, name="poll_list"),
    path("polls/new/", views_polls.poll_create, name="poll_create"),
    path("polls/<int:pk>/", views_polls.poll_detail, name="poll_detail"),
    path("polls/<int:pk>/action/", views_polls.poll_action, name="poll_action"),
    path("poll-ballots/<int:pk>/scan/", views_polls.poll_ballot_scan, name="poll_ballot_scan"),
    path("my-polls/", views_polls.my_polls, name="my_polls"),
    path("my-polls/<int:pk>/", views_polls.my_poll_ballot, name="my_poll_ballot"),
    path("votes/<int:pk>/publicity-photos/", views_polls.publicity_photo_add,
         name="publicity_photo_add"),
    path("publicity-photos/<int:pk>/", views_polls.publicity_photo, name="publicity_photo"),
    path("votes/<int:pk>/notice.pdf", views_polls.vote_notice, name="vote_notice"),
]

# ---- consultation topics (协商议事) ----------------------------------------------------------
from gongzhi.deliberation import views_topics  # noqa: E402

urlpatterns += [
    path("topics/", views_topics.topic_list, name="topic_list"),
    path("topics/new/", views_topics.topic_create, name="topic_create"),
    path("topics/outcomes/", views_topics.topic_outcomes, name="topic_outcomes"),
    path("topics/<int:pk>/", views_topics.topic_detail, name="topic_detail"),
    path("topics/<int:pk>/meetings/new/", views_topics.meeting_create, name="meeting_create"),
    path("topics/<int:pk>/<slug:action>/", views_topics.topic_action, name="topic_action"),
    path("topics/from-case/<int:case_pk>/", views_topics.topic_from_case, name="topic_from_case"),
    path("meetings/<int:pk>/", views_topics.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/<slug:action>/", views_topics.meeting_action, name="meeting_action"),
    path("topic-tasks/<int:pk>/complete/", views_topics.task_complete, name="task_complete"),
    path("topic-documents/<int:pk>/", views_topics.topic_document, name="topic_document"),
]
