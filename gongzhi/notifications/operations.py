"""The deliveries section of the operations page (/jobs/): staff see the text messages, WeChat
messages and e-mails sent within their scope. Listed in settings.OPERATIONS_SECTIONS, because
the jobs app that draws the page sits below notifications in the layers."""

from django.core.paginator import Paginator

from gongzhi.jobs.operations import OperationsSection
from gongzhi.notifications import rules, selectors
from gongzhi.notifications.choices import DeliveryStatus


def deliveries_context(request) -> dict:
    delivery_status = request.GET.get("delivery_status", "")
    delivery_status = delivery_status if delivery_status in DeliveryStatus.values else ""
    return {
        "delivery_status": delivery_status,
        "delivery_statuses": DeliveryStatus.choices,
        "delivery_counts": selectors.delivery_status_counts(request.user),
        "deliveries": Paginator(selectors.delivery_list(
            request.user, status=delivery_status), 30).get_page(request.GET.get("delivery_page")),
    }


deliveries_section = OperationsSection(
    name="deliveries", template="notifications/operations_deliveries.html",
    is_visible=rules.can_view_deliveries, context=deliveries_context)
