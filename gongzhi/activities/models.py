"""Django looks for an app's models in one module, `<app>.models`: the models of activities
live in its four parts (events, volunteering, rota, duty) and are imported here so that the app
label `activities` owns them all."""

from gongzhi.activities.duty.models import Finding, SwapRequest  # noqa: F401
from gongzhi.activities.events.models import Activity, ActivityPhoto, SignUp  # noqa: F401
from gongzhi.activities.rota.models import Post, Shift, ShiftSignUp  # noqa: F401
from gongzhi.activities.volunteering.models import (  # noqa: F401
    HoursCertificate,
    HoursCorrection,
    HoursEntry,
    Volunteer,
)
