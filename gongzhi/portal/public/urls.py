from django.urls import path

from gongzhi.portal.public import views

urlpatterns = [
    path("", views.home, name="home"),
    path("d/<str:code>/", views.district, name="district"),
    path("s/<str:code>/", views.street, name="street"),
    path("s/<str:code>/feed/", views.street_feed, name="street_feed"),
    path("c/<int:pk>/", views.community, name="community"),
    path("c/<int:pk>/articles/", views.community_articles, name="community_articles"),
    path("c/<int:pk>/notices/", views.community_notices, name="community_notices"),
    path("c/<int:pk>/outcomes/", views.community_outcomes, name="community_outcomes"),
    path("c/<int:pk>/problems/", views.community_problems, name="community_problems"),
    path("c/<int:pk>/activities/", views.community_activities, name="community_activities"),
    path("c/<int:pk>/projects/", views.community_projects, name="community_projects"),
    path("c/<int:pk>/feed/", views.community_feed, name="community_feed"),
    path("articles/<int:pk>/", views.article, name="article"),
    path("series/<int:pk>/", views.series, name="series"),
]
