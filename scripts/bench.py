"""Benchmarks of the main pages and API endpoints on the demo data.

Speed is measured here, never asserted in tests. The machine is shared and noisy, so each
result is also given as a ratio to /healthz (one trivial query) measured in the same run.

Covered: the home page, places, people, audit and notifications; the party pages (home,
member roll, yearly summary and its export); activities (calendar, planner, volunteers,
my hours, service posts, my shifts, the duty board); co-building (the board of a community and
of the street, units, agreements, resources, a need with its matching suggestions); casework
(the rates page with its charts, the partner contact's list); deliberation (topics, topic
detail, public outcomes, polls, the notice and record PDFs); and the API lists behind them.
Each page is requested as the demo login that uses it.

--grow N multiplies the rows behind those pages by N (copies through bulk_create: party
members, service posts with their shifts and sign-ups, activities with their sign-ups;
partner units, agreements, needs and resources; requests and their
steps; topics and their steps; polls), measures again and prints, per page, the query count
before and after (a count that grows is flagged: fix the N+1 and guard it with a test) and the
time after / before. --matching times the matching suggestions of one need at 100 and 1,000
active resources.

Usage: python scripts/bench.py [--rounds N] [--grow N] [--matching]   (uses a throw-away
SQLite file unless DATABASE_URL is set, in which case it uses that database's test copy)
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
    parser.add_argument("--grow", type=int, default=0, metavar="N",
                        help="then multiply the rows behind the pages by N and measure again")
    parser.add_argument("--matching", action="store_true",
                        help="also time the matching suggestions at 100 and 1,000 resources")
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
    from django.test.utils import setup_test_environment

    setup_test_environment()
    import logging

    logging.getLogger("weasyprint").setLevel(logging.WARNING)  # one line per PDF step
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    logging.getLogger("gongzhi").setLevel(logging.WARNING)  # the demo's console deliveries

    if not os.environ["DATABASE_URL"].startswith("sqlite"):
        from django.db import connections

        connections["default"].creation.create_test_db(verbosity=0, autoclobber=True)
    else:
        call_command("migrate", verbosity=0)

    started = time.perf_counter()
    call_command("seed_demo", verbosity=0)
    seed_seconds = time.perf_counter() - started

    from gongzhi.accounts.models import User

    users = {u.username: u for u in User.objects.all()}
    clients = {}

    def as_user(username):
        if username not in clients:
            clients[username] = Client()
            if username:
                clients[username].force_login(users[username])
        return clients[username]

    cases = build_cases(users, as_user)
    rounds = args.rounds
    print(f"database: {connection.vendor}; demo seed took {seed_seconds:.1f} s; "
          f"up to {rounds} rounds per page (no fewer than 5 after 1.5 s on a slow page)")
    before = measure(cases, rounds, connection)
    print_table(before)

    if args.grow:
        started = time.perf_counter()
        grown = grow(args.grow)
        grow_seconds = time.perf_counter() - started
        print(f"\ndata growth ×{args.grow} took {grow_seconds:.1f} s: "
              + ", ".join(f"{name} {old}→{new}" for name, old, new in grown))
        after = measure(build_cases(users, as_user), rounds, connection)
        print_growth(before, after)

    if args.matching:
        print()
        matching_bench(users["yongtai_staff"], sizes=(100, 1000))


def build_cases(users, as_user):
    """(label, method, url, client, extra, post data) for every page and API list measured.

    Each page is requested as the demo login that uses it (password gongzhi-demo)."""
    from gongzhi.accounts.services import api_token_create
    from gongzhi.casework.models import Case
    from gongzhi.cobuilding.models import Need
    from gongzhi.deliberation.models import Poll, Topic, Vote
    from gongzhi.people.models import Person
    from gongzhi.places.models import Building, Community

    yongtai = Community.objects.get(name="永泰社区")
    building = (Building.objects.filter(community=yongtai, use="residential")
                .order_by("-id").first())
    person = Person.objects.filter(community=yongtai, flat__isnull=False).order_by("pk").first()
    need = (Need.objects.filter(community=yongtai, status__in=["open", "matching"])
            .order_by("pk").first())
    topic = Topic.objects.filter(community=yongtai).order_by("pk").first()
    poll = Poll.objects.filter(community=yongtai).order_by("pk").first()
    vote = Vote.objects.filter(community=yongtai, status="published").order_by("pk").first()
    year = Case.objects.order_by("-created_at").values_list("created_at__year", flat=True).first()

    def api(username):
        return as_user(None), {"HTTP_AUTHORIZATION": f"Bearer {tokens(username)}"}

    token_cache = {}

    def tokens(username):
        if username not in token_cache:
            token_cache[username] = api_token_create(user=users[username])
        return token_cache[username]

    staff, secretary, admin = "yongtai_staff", "yongtai_secretary", "street_admin"
    pages = [
        ("/healthz", None, "/healthz"),
        # core, places, people (the original set)
        ("/", staff, "/"),
        ("/places/", admin, "/places/"),
        ("community", staff, f"/places/communities/{yongtai.pk}/"),
        ("building", staff, f"/places/buildings/{building.pk}/"),
        ("/audit/", admin, "/audit/"),
        ("/people/", staff, "/people/"),
        ("/people/?q=8001", staff, "/people/?q=8001"),
        ("/people/ filtered", staff, "/people/?flag=low_income&age_band=60%2B"),
        ("person", staff, f"/people/{person.pk}/"),
        ("/notifications/", "yongtai_resident", "/notifications/"),
        # party
        ("party:home", secretary, "/party/"),
        ("party:member_list", secretary, "/party/members/"),
        ("party:summary", secretary, f"/party/summary/?year={year}"),
        ("party:summary_export (POST)", secretary, "/party/summary/export/",
         {"year": year, "work_unit": "", "community": yongtai.pk}),
        # activities: events, volunteering, rota, duty
        ("activities:calendar", "yongtai_resident", "/activities/"),
        ("activities:planner", staff, "/activities/planner/?when=past"),
        ("activities:volunteer_list", secretary, "/activities/volunteers/"),
        ("activities:my_hours", "yongtai_party", "/activities/my-hours/"),
        ("activities:post_list", secretary, "/activities/posts/"),
        ("activities:my_shifts", "yongtai_party", "/activities/me/shifts/"),
        ("activities:duty_board", staff, "/activities/duty/board/"),
        # cobuilding
        ("cobuilding:board (community)", secretary, "/cobuilding/"),
        ("cobuilding:board (street)", admin, "/cobuilding/"),
        ("cobuilding:unit_list", secretary, "/cobuilding/units/"),
        ("cobuilding:agreement_list", secretary, "/cobuilding/agreements/"),
        ("cobuilding:resource_list", secretary, "/cobuilding/resources/"),
        ("cobuilding:need_detail (suggestions)", secretary, f"/cobuilding/needs/{need.pk}/"),
        # casework
        ("casework:rates (charts)", staff, "/casework/rates/"),
        ("casework:partner_case_list", "partner_bank", "/casework/partner/"),
        # deliberation
        ("deliberation:topic_list", staff, "/deliberation/topics/"),
        ("deliberation:topic_detail", staff, f"/deliberation/topics/{topic.pk}/"),
        # the public portal, as an anonymous visitor (the outcomes board moved there)
        ("portal:home (anonymous)", "", "/portal/"),
        ("portal:community (anonymous)", "", f"/portal/c/{yongtai.pk}/"),
        ("portal:community_outcomes (anonymous)", "", f"/portal/c/{yongtai.pk}/outcomes/"),
        ("portal:community_problems (anonymous)", "", f"/portal/c/{yongtai.pk}/problems/"),
        # reports
        ("reports:dashboard (community, year)", staff, "/reports/?period=year"),
        ("reports:dashboard (street, year)", admin, "/reports/?period=year"),
        ("reports:metric_rows", admin, "/reports/rows/cases_received/?period=year"),
        ("deliberation:poll_list", staff, "/deliberation/polls/"),
        ("deliberation:poll_detail", staff, f"/deliberation/polls/{poll.pk}/"),
        ("deliberation:vote_notice PDF", staff, f"/deliberation/votes/{vote.pk}/notice.pdf"),
        ("deliberation:vote_record PDF", staff, f"/deliberation/votes/{vote.pk}/record.pdf"),
    ]
    cases = []
    for label, username, url, *post in pages:
        cases.append((label, "post" if post else "get", url, as_user(username), {},
                      post[0] if post else None))
    apis = [
        (staff, "/api/v1/places/buildings?limit=50"),
        (staff, f"/api/v1/places/flats?building_id={building.pk}&limit=200"),
        (staff, "/api/v1/people/persons?limit=50"),
        (secretary, "/api/v1/party/organisations"),
        (secretary, "/api/v1/party/members?limit=50"),
        (staff, "/api/v1/activities/activities/planner"),
        (secretary, "/api/v1/activities/volunteers?limit=50"),
        (secretary, "/api/v1/activities/posts?limit=50"),
        (secretary, "/api/v1/activities/shift-signups?limit=50"),
        (staff, "/api/v1/activities/duty/board"),
        (secretary, f"/api/v1/party/summary?year={year}"),
        (secretary, "/api/v1/cobuilding/board"),
        (admin, "/api/v1/cobuilding/board"),
        (secretary, "/api/v1/cobuilding/units?limit=50"),
        (secretary, "/api/v1/cobuilding/agreements?limit=50"),
        (secretary, "/api/v1/cobuilding/needs?limit=50"),
        (secretary, "/api/v1/cobuilding/resources?limit=50"),
        (secretary, f"/api/v1/cobuilding/needs/{need.pk}/suggestions"),
        (secretary, "/api/v1/cobuilding/matches?limit=50"),
        (secretary, "/api/v1/cobuilding/projects?limit=50"),
        (staff, "/api/v1/casework/cases?limit=50"),
        (staff, f"/api/v1/casework/rates?start={year}-01-01&end={year}-12-31"),
        ("partner_bank", "/api/v1/casework/partner/cases?limit=50"),
        (staff, "/api/v1/deliberation/topics?limit=50"),
        ("yongtai_resident", "/api/v1/deliberation/topics/outcomes?limit=50"),
        (staff, f"/api/v1/deliberation/topics/{topic.pk}/steps"),
        (staff, "/api/v1/deliberation/polls?limit=50"),
        (staff, "/api/v1/deliberation/votes?limit=50"),
    ]
    for username, url in apis:
        client, extra = api(username)
        label = url.split("?")[0] + ("" if username in (staff, secretary) else f" ({username})")
        cases.append((label, "get", url, client, extra, None))
    return cases


def measure(cases, rounds, connection) -> dict:
    """label -> (median ms, queries) for each case, in order."""
    from django.test.utils import CaptureQueriesContext

    results = {}
    for label, method, url, client, extra, data in cases:
        def request(method=method, url=url, client=client, extra=extra, data=data):
            if method == "post":
                return client.post(url, data, **extra)
            return client.get(url, **extra)

        request()  # warm up
        with CaptureQueriesContext(connection) as queries:
            response = request()
        query_count = len(queries)  # read now: the next request clears the log
        assert response.status_code == 200, (url, response.status_code)
        timings = []
        spent = 0.0
        # `rounds` at most, but stop after about 1.5 s on a slow page (PDFs) once 5 are done
        while len(timings) < rounds and (len(timings) < 5 or spent < 1.5):
            begin = time.perf_counter()
            request()
            timings.append(time.perf_counter() - begin)
            spent += timings[-1]
        results[label] = (statistics.median(timings) * 1000, query_count)
    return results


def print_table(results):
    baseline = results["/healthz"][0]
    print(f"{'page':<56} {'median ms':>10} {'× healthz':>10} {'queries':>8}")
    for label, (median_ms, query_count) in results.items():
        print(f"{label:<56} {median_ms:>10.1f} {median_ms / baseline:>10.1f} {query_count:>8}")


def print_growth(before, after):
    print(f"{'page':<56} {'queries before':>14} {'after':>6} {'time after/before':>18}")
    grew = []
    for label, (ms_before, q_before) in before.items():
        ms_after, q_after = after[label]
        flag = "" if q_after == q_before else "  <-- queries grow with the data"
        if flag:
            grew.append(label)
        print(f"{label:<56} {q_before:>14} {q_after:>6} {ms_after / ms_before:>18.2f}{flag}")
    print("query counts stable on every page" if not grew
          else f"{len(grew)} page(s) whose query count grows with the data: {', '.join(grew)}")


def copy_of(model, row):
    """An unsaved copy of `row` (every concrete field but the primary key)."""
    return model(**{f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields
                    if not f.primary_key})


def clone(model, rows, times, *, change=None) -> dict:
    """bulk_create `times` copies of each row; `change(copy, i)` adjusts unique fields and
    remaps foreign keys. Returns {original pk: [copies]}."""
    copies, origin = [], []
    for row in rows:
        for i in range(times):
            copy = copy_of(model, row)
            if change is not None:
                change(copy, i)
            copies.append(copy)
            origin.append(row.pk)
    created = model.objects.bulk_create(copies, batch_size=500)
    mapping: dict = {}
    for pk, copy in zip(origin, created, strict=True):
        mapping.setdefault(pk, []).append(copy)
    return mapping


def grow(factor: int) -> list[tuple[str, int, int]]:
    """Multiply the rows behind the measured pages by `factor` (copies through bulk_create)."""
    from django.db import transaction

    from gongzhi.activities.models import Activity, Post, Shift, ShiftSignUp, SignUp
    from gongzhi.casework.models import Case, CaseStep
    from gongzhi.cobuilding.models import Need, Resource
    from gongzhi.deliberation.models import Poll, Topic, TopicStep
    from gongzhi.organisations.models import Agreement, Member, Organisation, PartnerUnit
    from gongzhi.people.models import Person

    extra = factor - 1
    counts = []

    def count(name, model, do):
        old = model.objects.count()
        do()
        counts.append((name, old, model.objects.count()))

    def suffix(field):
        def change(copy, i):
            setattr(copy, field, f"{getattr(copy, field)}（{i + 2}）")
        return change

    with transaction.atomic():
        # party: organisations (the tree on party:home), members for people who are not
        # members yet, posts with their claims
        count("party organisations", Organisation,
              lambda: clone(Organisation, Organisation.objects.exclude(parent=None), extra,
                            change=suffix("name")))

        def members():
            template = list(Member.objects.order_by("pk"))
            taken = set(Member.objects.values_list("person_id", flat=True))
            want = len(template) * extra
            free = list(Person.objects.filter(community_id__in={m.community_id for m in template})
                        .exclude(pk__in=taken).order_by("pk")[:want])
            copies = []
            rows = [m for m in template for _ in range(extra)]
            for row, person in zip(rows, free, strict=False):
                copy = copy_of(Member, row)
                copy.person_id = person.pk
                copies.append(copy)
            Member.objects.bulk_create(copies, batch_size=500)

        count("party members", Member, members)

        # activities: posts with their shifts and sign-ups (a copied shift is a new shift of
        # the copied post: its volunteers keep no two sign-ups of one shift), activities with
        # their sign-ups (a copy of an activity is another day's, with the same people)
        def posts():
            shifts = list(Shift.objects.all())
            signups = list(ShiftSignUp.objects.all())
            post_copies = clone(Post, Post.objects.all(), extra)
            new_shifts, shift_of_copy = [], {}
            for shift in shifts:
                for post in post_copies.get(shift.post_id, []):
                    copy = copy_of(Shift, shift)
                    copy.post_id = post.pk
                    new_shifts.append(copy)
                    shift_of_copy.setdefault(shift.pk, []).append(copy)
            Shift.objects.bulk_create(new_shifts, batch_size=500)
            new_signups = []
            for signup in signups:
                for shift in shift_of_copy.get(signup.shift_id, []):
                    copy = copy_of(ShiftSignUp, signup)
                    copy.shift_id = shift.pk
                    new_signups.append(copy)
            ShiftSignUp.objects.bulk_create(new_signups, batch_size=500)

        old_shifts, old_shift_signups = Shift.objects.count(), ShiftSignUp.objects.count()
        count("service posts", Post, posts)
        counts.append(("shifts", old_shifts, Shift.objects.count()))
        counts.append(("shift sign-ups", old_shift_signups, ShiftSignUp.objects.count()))

        def activities():
            signups = list(SignUp.objects.all())
            mapping = clone(Activity, Activity.objects.all(), extra)
            new_signups = []
            for signup in signups:
                for activity in mapping.get(signup.activity_id, []):
                    copy = copy_of(SignUp, signup)
                    copy.activity_id = activity.pk
                    new_signups.append(copy)
            SignUp.objects.bulk_create(new_signups, batch_size=500)

        old_signups = SignUp.objects.count()
        count("activities", Activity, activities)
        counts.append(("activity sign-ups", old_signups, SignUp.objects.count()))

        # cobuilding: units (unique names), their agreements, needs, resources
        count("partner units", PartnerUnit,
              lambda: clone(PartnerUnit, PartnerUnit.objects.all(), extra, change=suffix("name")))

        def no_previous(copy, i):
            copy.previous_id = None
        count("agreements", Agreement,
              lambda: clone(Agreement, Agreement.objects.all(), extra, change=no_previous))
        count("needs", Need, lambda: clone(Need, Need.objects.all(), extra))
        count("resources", Resource, lambda: clone(Resource, Resource.objects.all(), extra))

        # casework: requests with their steps
        def cases():
            steps = list(CaseStep.objects.all())
            mapping = clone(Case, Case.objects.all(), extra)
            new_steps = []
            for step in steps:
                for case in mapping.get(step.case_id, []):
                    copy = copy_of(CaseStep, step)
                    copy.case_id = case.pk
                    new_steps.append(copy)
            CaseStep.objects.bulk_create(new_steps, batch_size=500)

        old_steps = CaseStep.objects.count()
        count("cases", Case, cases)
        counts.append(("case steps", old_steps, CaseStep.objects.count()))

        # deliberation: more steps on every topic (the record on topic_detail), then topics
        # with their steps (the source case is unique: left empty), polls
        count("topic steps of each topic", TopicStep,
              lambda: clone(TopicStep, TopicStep.objects.all(), extra))

        def topics():
            steps = list(TopicStep.objects.all())

            def change(copy, i):
                copy.source_case_id = None
            mapping = clone(Topic, Topic.objects.all(), extra, change=change)
            new_steps = []
            for step in steps:
                for topic in mapping.get(step.topic_id, []):
                    copy = copy_of(TopicStep, step)
                    copy.topic_id = topic.pk
                    new_steps.append(copy)
            TopicStep.objects.bulk_create(new_steps, batch_size=500)

        old_steps = TopicStep.objects.count()
        count("topics", Topic, topics)
        counts.append(("topic steps", old_steps, TopicStep.objects.count()))
        count("polls", Poll, lambda: clone(Poll, Poll.objects.all(), extra))
    return counts


def matching_bench(user, *, sizes):
    """Time per need of the matching suggestions with `sizes` active resources in the need's
    community, and the ratio of the largest to the smallest."""
    from django.db import transaction
    from django.utils import timezone

    from gongzhi.cobuilding import selectors
    from gongzhi.cobuilding.models import Need, Resource

    today = timezone.localdate()
    need = Need.objects.filter(status__in=["open", "matching"]).order_by("pk").first()
    templates = list(Resource.objects.filter(community_id=need.community_id).order_by("pk"))
    timings = {}
    for size in sizes:
        with transaction.atomic():
            have = Resource.objects.filter(community_id=need.community_id, is_active=True).count()
            copies = []
            for i in range(max(size - have, 0)):
                row = templates[i % len(templates)]
                copy = copy_of(Resource, row)
                copy.is_active = True
                copies.append(copy)
            Resource.objects.bulk_create(copies, batch_size=500)
            total = Resource.objects.filter(community_id=need.community_id,
                                            is_active=True).count()
            selectors.need_suggestions(user, need, today=today)  # warm up (jieba dictionary)
            runs = []
            for _ in range(5):
                begin = time.perf_counter()
                selectors.need_suggestions(user, need, today=today)
                runs.append(time.perf_counter() - begin)
            timings[size] = (total, statistics.median(runs) * 1000)
            transaction.set_rollback(True)
    small, large = timings[sizes[0]][1], timings[sizes[-1]][1]
    print("matching suggestions (jieba TF-IDF) per need:")
    for total, ms in timings.values():
        print(f"  {total:>6} active resources: {ms:8.1f} ms")
    print(f"  ratio {sizes[-1]}/{sizes[0]} resources: {large / small:.1f} "
          f"(resources ×{sizes[-1] / sizes[0]:.0f}; about that means linear)")

if __name__ == "__main__":
    main()
