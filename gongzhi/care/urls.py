"""The pages of care's four parts under one URL namespace, `care:`."""

from django.urls import include, path

from gongzhi.care.campaigns import urls as campaigns_urls
from gongzhi.care.register import urls as register_urls
from gongzhi.care.supplies import urls as supplies_urls
from gongzhi.care.visits import urls as visits_urls

app_name = "care"
urlpatterns = [
    path("", include(register_urls.urlpatterns)),
    path("", include(visits_urls.urlpatterns)),
    path("", include(campaigns_urls.urlpatterns)),
    path("", include(supplies_urls.urlpatterns)),
]
