from django.urls import path

from gongzhi.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.notification_detail, name="notification_detail"),
    path("read-all/", views.mark_all_read, name="mark_all_read"),
    path("badge/", views.unread_badge, name="unread_badge"),
    path("preferences/", views.preferences, name="preferences"),
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/new/<int:community_pk>/", views.notice_create, name="notice_create"),
    path("notices/<int:pk>/", views.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/print.pdf", views.notice_print, name="notice_print"),
]
