"""The pages of care's visits part (under the care: namespace)."""

urlpatterns = []
