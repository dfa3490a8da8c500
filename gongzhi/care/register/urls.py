"""The pages of care's register part (under the care: namespace)."""

urlpatterns = []
