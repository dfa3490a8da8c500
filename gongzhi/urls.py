from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from gongzhi.api import api
from gongzhi.core import views as core_views

urlpatterns = [
    path("", include("gongzhi.workbench.urls")),
    path("", include("gongzhi.core.urls")),
    path("accounts/", include("gongzhi.accounts.urls")),
    path("places/", include("gongzhi.places.urls")),
    path("people/", include("gongzhi.people.urls")),
    path("audit/", include("gongzhi.audit.urls")),
    path("notifications/", include("gongzhi.notifications.urls")),
    path("jobs/", include("gongzhi.jobs.urls")),
    path("deliberation/", include("gongzhi.deliberation.urls")),
    path("cobuilding/", include("gongzhi.cobuilding.urls")),
    path("casework/", include("gongzhi.casework.urls")),
    path("activities/", include("gongzhi.activities.urls")),
    path("party/", include("gongzhi.party.urls")),
    path("care/", include("gongzhi.care.urls")),
    path("portal/", include("gongzhi.portal.urls")),
    path("reports/", include("gongzhi.reports.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler400 = core_views.bad_request
handler403 = core_views.permission_denied
handler404 = core_views.page_not_found
handler500 = core_views.server_error

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
