"""The pages of care's campaigns part (under the care: namespace)."""

urlpatterns = []
