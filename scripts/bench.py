"""Benchmarks of the main pages and API endpoints on the demo data.

Speed is measured here, never asserted in tests. The machine is shared and noisy, so each
result is also given as a ratio to /healthz (one trivial query) measured in the same run.

Usage: python scripts/bench.py [--rounds N]   (uses a throw-away SQLite file unless
DATABASE_URL is set, in which case it uses that database's test copy)
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="gongzhi-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongzhi.settings.base")
    os.environ["DEBUG"] = "true"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()

    if not os.environ["DATABASE_URL"].startswith("sqlite"):
        from django.db import connections

        connections["default"].creation.create_test_db(verbosity=0, autoclobber=True)
    else:
        call_command("migrate", verbosity=0)

    started = time.perf_counter()
    call_command("seed_demo", verbosity=0)
    seed_seconds = time.perf_counter() - started

    from gongzhi.accounts.models import User
    from gongzhi.accounts.services import api_token_create
    from gongzhi.places.models import Building, Community

    staff = User.objects.get(username="yongtai_staff")
    admin = User.objects.get(username="street_admin")
    yongtai = Community.objects.get(name="永泰社区")
    building = (Building.objects.filter(community=yongtai, use="residential")
                .order_by("-id").first())
    token = api_token_create(user=staff)
    from gongzhi.people.models import Person

    person = Person.objects.filter(community=yongtai, flat__isnull=False).order_by("pk").first()
    resident_client = Client()
    resident_client.force_login(User.objects.get(username="yongtai_resident"))
    staff_client, admin_client, api_client = Client(), Client(), Client()
    staff_client.force_login(staff)
    admin_client.force_login(admin)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    cases = [
        ("/healthz", Client(), {}),
        ("/", staff_client, {}),
        ("/places/", admin_client, {}),
        (f"/places/communities/{yongtai.pk}/", staff_client, {}),
        (f"/places/buildings/{building.pk}/", staff_client, {}),
        ("/audit/", admin_client, {}),
        ("/people/", staff_client, {}),
        ("/people/?q=8001", staff_client, {}),
        ("/people/?flag=low_income&age_band=60%2B", staff_client, {}),
        (f"/people/{person.pk}/", staff_client, {}),
        ("/notifications/", resident_client, {}),
        ("/api/v1/places/buildings?limit=50", api_client, auth),
        (f"/api/v1/places/flats?building_id={building.pk}&limit=200", api_client, auth),
        ("/api/v1/people/persons?limit=50", api_client, auth),
    ]
    results = []
    for url, client, extra in cases:
        client.get(url, **extra)  # warm up
        timings = []
        with CaptureQueriesContext(connection) as queries:
            client.get(url, **extra)
        query_count = len(queries)  # read now: the next request clears the log
        for _ in range(args.rounds):
            begin = time.perf_counter()
            response = client.get(url, **extra)
            timings.append(time.perf_counter() - begin)
            assert response.status_code == 200, (url, response.status_code)
        results.append((url, statistics.median(timings) * 1000, query_count))

    baseline = results[0][1]
    print(f"database: {connection.vendor}; demo seed took {seed_seconds:.1f} s; "
          f"{args.rounds} rounds per page")
    print(f"{'page':<58} {'median ms':>10} {'× healthz':>10} {'queries':>8}")
    for url, median_ms, query_count in results:
        print(f"{url:<58} {median_ms:>10.1f} {median_ms / baseline:>10.1f} {query_count:>8}")


if __name__ == "__main__":
    main()
