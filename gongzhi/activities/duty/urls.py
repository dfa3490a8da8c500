"""The duty pages, under the `activities:` namespace (activities/urls.py)."""

urlpatterns = []
