from django.urls import path

from gongzhi.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("new/", views.person_create, name="person_create"),
    path("me/", views.my_record, name="my_record"),
    path("me/corrections/", views.my_correction_create, name="my_correction_create"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("<int:pk>/quick-edit/", views.person_quick_edit, name="person_quick_edit"),
    path("<int:pk>/reveal/", views.person_reveal, name="person_reveal"),
    path("<int:pk>/move-out/", views.person_move_out, name="person_move_out"),
    path("flats/<int:flat_id>/", views.flat_households, name="flat_households"),
    path("corrections/<int:pk>/resolve/", views.correction_resolve, name="correction_resolve"),
    path("import/", views.import_list, name="import_list"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("import/<int:pk>/", views.import_detail, name="import_detail"),
    path("import/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("export/", views.people_export, name="people_export"),
]
