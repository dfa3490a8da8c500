from django.urls import path

from gongzhi.casework import views

app_name = "casework"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("new/", views.case_create, name="case_create"),
    path("board/", views.board, name="board"),
    path("rates/", views.rates, name="rates"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/reveal/", views.case_reveal, name="case_reveal"),
    path("<int:pk>/<slug:action>/", views.case_action, name="case_action"),
    path("photos/<int:pk>/", views.photo_download, name="photo_download"),
    path("partner/", views.partner_case_list, name="partner_case_list"),
    path("partner/<int:pk>/", views.partner_case_detail, name="partner_case_detail"),
    path("partner/<int:pk>/<slug:action>/", views.partner_case_action,
         name="partner_case_action"),
    path("partner/photos/<int:pk>/", views.partner_photo_download, name="partner_photo_download"),
]
