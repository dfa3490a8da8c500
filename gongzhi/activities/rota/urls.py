"""The rota pages, under the `activities:` namespace (activities/urls.py)."""

urlpatterns = []
