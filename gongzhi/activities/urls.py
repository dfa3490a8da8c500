"""The pages of activities' four parts under one URL namespace, `activities:`."""

from django.urls import include, path

from gongzhi.activities.duty import urls as duty_urls
from gongzhi.activities.events import urls as events_urls
from gongzhi.activities.rota import urls as rota_urls
from gongzhi.activities.volunteering import urls as volunteering_urls

app_name = "activities"
urlpatterns = [
    path("", include(events_urls.urlpatterns)),
    path("", include(volunteering_urls.urlpatterns)),
    path("", include(rota_urls.urlpatterns)),
    path("", include(duty_urls.urlpatterns)),
]
