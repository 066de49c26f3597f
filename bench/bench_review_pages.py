"""Review queue and incident review page latency on PostgreSQL under concurrent users.

Starts a throwaway PostgreSQL (``scripts/postgres.sh``, port ``--port``), migrates, seeds
``--incidents`` incidents in two districts (90% in Leeds), each in the review with engine flags, a
caller mention (one person per five incidents, so victims have histories) and a location cluster
(one per ten incidents), then times requests made by ``--users`` concurrent threads, each its own
signed-in ``django.test.Client`` and database connection (in-process: Django's full request path,
middleware, queries and templates; no HTTP socket):

* **baseline**: ``/healthz`` (no database read beyond the session), at the same concurrency;
* **queue**: ``/review/`` with a random filter (none, high risk, repeat victim, CDI) and page 1-3;
* **review page**: ``/review/incident/<ref>/`` for a random Leeds incident.

Prints p50 / p95 per kind and the ratio to the baseline. Target (issue 4): p95 <= 200 ms at 50
concurrent users with 500k incidents. The machine is shared (2 cores, other jobs): the load average
is printed with the figures, and Python threads share one interpreter lock, so p95 here includes
queueing behind the other 49 users.

    .venv/bin/python bench/bench_review_pages.py [--incidents 500000] [--users 50] [--requests 400]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parents[1]
TARGET_MS = 200.0
FILTERS: list[dict[str, str]] = [{}, {"risk": "high"}, {"reason": "repeat_victim"}, {"reason": "cdi"}]


def start_postgres(port: int) -> tuple[str, str]:
    folder = tempfile.mkdtemp(prefix="bench-review-pg-")
    url = subprocess.run(
        ["bash", str(REPO / "scripts" / "postgres.sh"), "start", folder, str(port)],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    import psycopg

    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS saferplaces")
        conn.execute("CREATE DATABASE saferplaces")
    return folder, url


def seed(n: int) -> list[str]:
    """Bulk-create ``n`` in-review incidents with mentions; returns the Leeds references."""
    from saferplaces.accounts.models import User
    from saferplaces.areas.models import District
    from saferplaces.incidents.models import Incident
    from saferplaces.reference.models import AsbCategory, IncidentCode
    from saferplaces.review.models import PersonMention, ReviewItem

    leeds = District.objects.get_or_create(code="E08000035", defaults={"name": "Leeds"})[0]
    bradford = District.objects.get_or_create(code="E08000032", defaults={"name": "Bradford"})[0]
    code = IncidentCode.objects.get(code="ASBP")
    category = AsbCategory.objects.get(code="personal")
    rng = random.Random(7)
    start = datetime(2021, 1, 1, tzinfo=ZoneInfo("Europe/London"))
    leeds_refs: list[str] = []
    chunk = 20_000
    for lo in range(0, n, chunk):
        incidents = []
        for i in range(lo, min(n, lo + chunk)):
            district = leeds if rng.random() < 0.9 else bradford
            ref = f"B-{i:07d}"
            if district is leeds:
                leeds_refs.append(ref)
            incidents.append(
                Incident(
                    reference=ref, received_at=start + timedelta(minutes=5 * i), district=district,
                    closing_code=code, asb_category=category, location_text=f"{i % 997} Bench Street",
                    narrative="RP states youths shouting and kicking the door; she is scared.",
                )
            )  # fmt: skip
        Incident.objects.bulk_create(incidents, batch_size=5000)
        made = Incident.objects.filter(reference__in=[x.reference for x in incidents]).values_list(
            "pk", "reference", "district_id", "received_at"
        )
        items, mentions = [], []
        for pk, ref, district_id, received in made:
            i = int(ref[2:])
            risk = rng.choices(["high", "medium", "standard"], weights=[1, 4, 15])[0]
            items.append(
                ReviewItem(
                    incident_id=pk, district_id=district_id, received_at=received, risk=risk,
                    risk_rank={"high": 0, "medium": 1, "standard": 2}[risk], repeat_victim=rng.random() < 0.2,
                    repeat_location=rng.random() < 0.2, cdi_flag=rng.random() < 0.05,
                    reasons=["Repeat victim: 3 in 365 days"], victim_person=f"P{i // 5}",
                    location_cluster=f"L{i % (n // 10 or 1)}",
                    status="done" if rng.random() < 0.7 else "open",
                )
            )  # fmt: skip
            mentions.append(PersonMention(incident_id=pk, role="caller", person_id=f"P{i // 5}"))
        ReviewItem.objects.bulk_create(items, batch_size=5000)
        PersonMention.objects.bulk_create(mentions, batch_size=5000)
        print(f"  seeded {min(n, lo + chunk):,} incidents", file=sys.stderr)
    user = User.objects.create(username="bench.reviewer", role="reviewer")
    user.districts.set([leeds])
    return leeds_refs


def timed(users: int, requests: int, make_url: Any) -> list[float]:
    """Milliseconds per request with ``users`` concurrent signed-in clients."""
    from django.db import connection
    from django.test import Client

    from saferplaces.accounts.models import User

    user = User.objects.get(username="bench.reviewer")
    per_user = max(1, requests // users)

    def one_user(seed: int) -> list[float]:
        rng = random.Random(seed)
        client = Client()
        client.force_login(user)
        out = []
        for _ in range(per_user):
            url, params = make_url(rng)
            t0 = time.perf_counter()
            response = client.get(url, params)
            out.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        connection.close()
        return out

    with ThreadPoolExecutor(users) as pool:
        return [ms for chunk in pool.map(one_user, range(users)) for ms in chunk]


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=500_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--requests", type=int, default=400, help="Requests per kind, over all users")
    parser.add_argument("--port", type=int, default=54345)
    args = parser.parse_args()

    folder, url = start_postgres(args.port)
    try:
        os.environ.update(
            DATABASE_URL=url, SECRET_KEY="bench-only",  # noqa: S106 - a throwaway local database
            ALLOWED_HOSTS="testserver",
            DJANGO_SETTINGS_MODULE="saferplaces.web.settings",
        )  # fmt: skip
        import django

        django.setup()
        from django.conf import settings

        # No collectstatic here: plain static URLs instead of the production manifest.
        settings.STORAGES = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        t0 = time.perf_counter()
        refs = seed(args.incidents)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # statistics and visibility map, as autovacuum would
        print(f"seeded {args.incidents:,} incidents in {time.perf_counter() - t0:.0f} s", file=sys.stderr)

        def queue_url(rng: random.Random) -> tuple[str, dict[str, str]]:
            return "/review/", {**rng.choice(FILTERS), "page": str(rng.randint(1, 3))}

        def item_url(rng: random.Random) -> tuple[str, dict[str, str]]:
            return f"/review/incident/{rng.choice(refs)}/", {}

        timed(4, 8, item_url)  # warm: imports, template compilation, connection set-up
        results = {
            "baseline /healthz": timed(args.users, args.requests, lambda rng: ("/healthz", {})),
            "queue /review/": timed(args.users, args.requests, queue_url),
            "review page": timed(args.users, args.requests, item_url),
        }
        base = p95(results["baseline /healthz"])
        print(
            f"incidents {args.incidents:,}, {args.users} concurrent users, "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        for name, values in results.items():
            print(
                f"{name:20s} n={len(values):4d} p50 {statistics.median(values):7.1f} ms  "
                f"p95 {p95(values):7.1f} ms  ratio to baseline p95 {p95(values) / base:5.1f}"
            )
        print(f"target: p95 <= {TARGET_MS:.0f} ms")
    finally:
        subprocess.run(["bash", str(REPO / "scripts" / "postgres.sh"), "stop", folder], check=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
