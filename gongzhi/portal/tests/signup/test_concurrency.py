import pytest
from django.test import override_settings

from gongzhi.conftest import at_once
from gongzhi.notifications import providers
from gongzhi.portal.signup import services
from gongzhi.portal.signup.choices import CodePurpose
from gongzhi.portal.signup.models import PhoneCode


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@override_settings(PORTAL_CODE_RESEND_SECONDS=0, PORTAL_CODES_PER_PHONE_PER_DAY=2)
def test_two_codes_asked_at_once_at_the_number_limit_let_one_through(pg_world):
    # given a number one code below its daily limit
    providers.outbox.clear()
    services.code_send("13512340000", CodePurpose.SIGNUP, "10.0.0.1")
    # when two requests ask for its last code at the same moment
    outcomes = at_once([
        lambda: services.code_send("13512340000", CodePurpose.SIGNUP, "10.0.0.2"),
        lambda: services.code_send("13512340000", CodePurpose.SIGNUP, "10.0.0.3"),
    ])
    # then one passes and one is refused: the limit holds
    assert sorted(outcomes) == ["ok", "too_many_codes"]
    assert PhoneCode.objects.count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@override_settings(PORTAL_CODES_PER_CLIENT_PER_HOUR=1)
def test_two_codes_asked_at_once_from_one_client_at_its_limit_let_one_through(pg_world):
    # when one address asks codes for two numbers at the same moment, with room for one
    outcomes = at_once([
        lambda: services.code_send("13512340001", CodePurpose.SIGNUP, "10.0.0.9"),
        lambda: services.code_send("13512340002", CodePurpose.SIGNUP, "10.0.0.9"),
    ])
    # then one passes and one is refused
    assert sorted(outcomes) == ["ok", "too_many_codes"]
    assert PhoneCode.objects.count() == 1
