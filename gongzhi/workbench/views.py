from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from gongzhi.workbench import selectors


@login_required
def home(request):
    """The page each role starts the day on: its sections, then the shortcuts."""
    return render(request, "workbench/home.html", selectors.workbench(request.user))
