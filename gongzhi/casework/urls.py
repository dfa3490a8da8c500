from django.urls import path

from gongzhi.casework import views

app_name = "casework"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("new/", views.case_create, name="case_create"),
    path("board/", views.board, name="board"),
    path("rates/", views.rates, name="rates"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/<slug:action>/", views.case_action, name="case_action"),
    path("photos/<int:pk>/", views.photo_download, name="photo_download"),
]
