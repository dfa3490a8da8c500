from django.urls import path

from gongzhi.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.operations, name="operations"),
    path("<int:pk>/retry/", views.job_retry, name="job_retry"),
]
