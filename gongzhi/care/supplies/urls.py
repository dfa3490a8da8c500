"""The pages of care's supplies part (under the care: namespace)."""

urlpatterns = []
