"""The demo year: idempotent, the demo resident has their own requests, the rates are real."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from gongzhi.accounts.models import User
from gongzhi.casework.choices import Status
from gongzhi.casework.models import Case, CaseStep
from gongzhi.casework.selectors import case_list, case_rates

pytestmark = pytest.mark.django_db


def test_seed_demo_gives_a_year_with_outcomes_and_is_idempotent():
    call_command("seed_demo", verbosity=0)
    counts = (Case.objects.count(), CaseStep.objects.count())
    call_command("seed_demo", verbosity=0)
    assert (Case.objects.count(), CaseStep.objects.count()) == counts
    assert counts[0] > 200
    resident = User.objects.get(username="yongtai_resident")
    own = list(case_list(resident))
    assert len(own) >= 2 and all(case.reporter_user == resident for case in own)
    assert {Status.ANSWERED, Status.DISPATCHED} <= {case.status for case in own}
    secretary = User.objects.get(username="yongtai_secretary")
    today = timezone.localdate()
    result = case_rates(secretary, start=today - datetime.timedelta(days=366), end=today)
    rates = {name: float(rate) for name, rate in result["total"]["rates"].items()}
    assert all(0.5 < rate < 1 for rate in rates.values()), rates
    # roof leaks come in the rainy season
    leaks = Case.objects.filter(category__name="屋面漏水")
    rainy = leaks.filter(created_at__month__in=[4, 5, 6, 7, 8, 9]).count()
    assert rainy > leaks.count() - rainy
