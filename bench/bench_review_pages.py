"""Review queue and incident review page latency on PostgreSQL, served by gunicorn, under 50 users.

What it does:

1. starts a PostgreSQL server (``scripts/postgres.sh``) in ``--pg-dir`` (a new temporary folder by
   default; give a folder to keep the seeded database between runs), migrates and seeds
   ``--incidents`` in-review incidents: placed in real West Yorkshire LSOAs (the boundaries the demo
   loads, so the review page draws its map), 90% in Leeds, each with a caller, the engine's person
   mention, flags and reasons; one person per five incidents and one location cluster per ten, with
   the engine's person and location links between them, so every review page has histories;
2. collects static files and starts the production server, ``gunicorn saferplaces.web.wsgi`` with
   ``--workers`` processes and DEBUG off, on 127.0.0.1;
3. runs ``--users`` concurrent users (threads making real HTTP requests with a signed-in session
   cookie). Each user requests a page, waits a think time drawn uniformly from 0 to twice
   ``--think`` seconds, and repeats, for ``--seconds`` per phase:

   * **baseline**: ``/healthz`` (no database read, no template);
   * **queue**: ``/review/`` with a random filter (none, high risk, repeat victim, CDI) and page 1-3;
   * **review page**: ``/review/incident/<ref>/`` for a random Leeds incident.

Prints p50 / p95 / max and throughput per phase and the ratio of each p95 to the baseline's.
Target (issue 4): p95 <= 200 ms at 50 concurrent users with 500k incidents.

    .venv/bin/python bench/bench_review_pages.py [--incidents 500000] [--users 50] [--think 1.0]
        [--seconds 60] [--workers 4] [--pg-dir /tmp/bench-pages-pg]

``--think 0`` gives a closed loop with no pause (every user always waiting for a page): the
throughput it prints is the server's capacity on this machine.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parents[1]
TARGET_MS = 200.0
FILTERS = ["", "?risk=high", "?reason=repeat_victim", "?reason=cdi"]
NARRATIVES = [
    "RP states youths shouting and kicking the door; she is scared to go out.",
    "Neighbour playing loud music late at night again. RP not bothered by threats, just noise.",
    "Group of males drinking on the green and throwing bottles. No damage caused.",
    "Caller reports ex-partner keeps turning up at the address and banging on windows.",
    "Youths on bikes riding at pedestrians outside the shops, swearing at staff.",
]


# ------------------------------------------------------------------------------------------------
# database
# ------------------------------------------------------------------------------------------------


def start_postgres(folder: Path, port: int) -> str:
    url = subprocess.run(
        ["bash", str(REPO / "scripts" / "postgres.sh"), "start", str(folder), str(port)],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    import psycopg

    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = 'saferplaces'").fetchone():
            conn.execute("CREATE DATABASE saferplaces")
    return url


def load_boundaries() -> None:
    from saferplaces.demo.loading import data_path, demo_files
    from saferplaces.imports.models import ImportRun

    for f in demo_files():
        if f.kind == ImportRun.Kind.BOUNDARIES:
            from saferplaces.demo.loading import load

            load(data_path(f.relative_path), f.kind, f.options, reload=False)


def seed(n: int, backlog: float) -> None:
    """Bulk-create ``n`` in-review incidents with people, mentions, links and review items.

    Items of the last 14 days are still to review; of older ones a ``backlog`` fraction is too.
    """
    from saferplaces.analytics import geo
    from saferplaces.areas.models import District, Lsoa
    from saferplaces.incidents.models import Incident, IncidentPerson
    from saferplaces.reference.models import AsbCategory, IncidentCode
    from saferplaces.review.models import LocationLink, PersonLink, PersonMention, ReviewItem

    leeds = District.objects.get(name="Leeds")
    lsoas = list(Lsoa.objects.values_list("pk", "district_id", "centroid_easting",
                                                                  "centroid_northing"))  # fmt: skip
    in_leeds = [x for x in lsoas if x[1] == leeds.pk]
    elsewhere = [x for x in lsoas if x[1] != leeds.pk]
    code = IncidentCode.objects.get(code="ASBP")
    category = AsbCategory.objects.get(code="personal")
    rng = random.Random(7)
    start = datetime(2021, 1, 1, tzinfo=ZoneInfo("Europe/London"))
    n_places = max(1, n // 10)
    recent = n - 14 * 24 * 12  # one incident every five minutes
    # A location cluster is one place: its LSOA and point are fixed, so histories agree with the map.
    place_lsoa = [in_leeds[k % len(in_leeds)] if k % 10 else elsewhere[k % len(elsewhere)]
                  for k in range(n_places)]  # fmt: skip
    chunk = 20_000
    for lo in range(0, n, chunk):
        rows = range(lo, min(n, lo + chunk))
        places = [i % n_places for i in rows]
        east = [place_lsoa[p][2] + (p % 7) * 20.0 for p in places]
        north = [place_lsoa[p][3] + (p % 5) * 20.0 for p in places]
        lon, lat = geo.to_wgs84(east, north)
        incidents = [
            Incident(
                reference=f"B-{i:07d}", received_at=start + timedelta(minutes=5 * i),
                district_id=place_lsoa[p][1], lsoa_id=place_lsoa[p][0], easting=e, northing=no,
                latitude=float(la), longitude=float(lg), closing_code=code, asb_category=category,
                location_text=f"{p % 997} Bench Street", narrative=NARRATIVES[i % len(NARRATIVES)],
            )
            for i, p, e, no, la, lg in zip(rows, places, east, north, lat, lon, strict=True)
        ]  # fmt: skip
        Incident.objects.bulk_create(incidents, batch_size=5000)
        made = dict(
            Incident.objects.filter(reference__in=[x.reference for x in incidents]).values_list(
                "reference", "pk"
            )
        )
        pk = {i: made[f"B-{i:07d}"] for i in rows}
        people, items, mentions, plinks, llinks = [], [], [], [], []
        for i, inc in zip(rows, incidents, strict=True):
            person = f"P{i // 5}"
            risk = rng.choices(["high", "medium", "standard"], weights=[1, 4, 15])[0]
            people.append(IncidentPerson(incident_id=pk[i], role="caller", name=f"Caller {i // 5}",
                                         phone=f"0113 {i // 5:07d}", address=inc.location_text))  # fmt: skip
            items.append(
                ReviewItem(
                    incident_id=pk[i], district_id=inc.district_id, received_at=inc.received_at, risk=risk,
                    risk_rank={"high": 0, "medium": 1, "standard": 2}[risk], repeat_victim=rng.random() < 0.2,
                    repeat_location=rng.random() < 0.2, cdi_flag=rng.random() < 0.05,
                    reasons=["Repeat victim: 3 in 365 days"], victim_person=person,
                    location_cluster=f"L{i % n_places}",
                    status="open" if i >= recent or rng.random() < backlog else "done",
                )
            )  # fmt: skip
            mentions.append(PersonMention(incident_id=pk[i], role="caller", person_id=person))
            if i % 5 and i - 1 in pk:
                plinks.append(PersonLink(person_id=person, incident_a_id=pk[i - 1], incident_b_id=pk[i],
                                         match_probability=0.998, decision="linked",
                                         explanation="name: exact; phone: exact; dob: missing"))  # fmt: skip
            if i - n_places in pk:
                llinks.append(LocationLink(incident_a_id=pk[i - n_places], incident_b_id=pk[i],
                                           reason="same premises", distance_m=0.0))  # fmt: skip
        for model, objs in ((IncidentPerson, people), (ReviewItem, items), (PersonMention, mentions),
                            (PersonLink, plinks), (LocationLink, llinks)):  # fmt: skip
            model.objects.bulk_create(objs, batch_size=5000)  # type: ignore[attr-defined]
        print(f"  seeded {rows.stop:,} incidents", file=sys.stderr)


def prepare_database(n: int, backlog: float) -> str:
    """Migrates and seeds (once per folder); returns a session key of a Leeds reviewer."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db import connection

    from saferplaces.accounts.models import User
    from saferplaces.areas.models import District
    from saferplaces.incidents.models import Incident

    call_command("migrate", verbosity=0)
    have = Incident.objects.filter(reference__startswith="B-").count()
    if have != n:
        if have:
            raise SystemExit(
                f"the database in --pg-dir holds {have:,} bench incidents, not {n:,}: use a new folder"
            )
        t0 = time.perf_counter()
        load_boundaries()
        seed(n, backlog)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # statistics and visibility map, as autovacuum would
        print(f"seeded {n:,} incidents in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    user, _ = User.objects.get_or_create(username="bench.reviewer", defaults={"role": "reviewer"})
    user.districts.set([District.objects.get(name="Leeds")])
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    assert session.session_key
    return session.session_key


def leeds_refs() -> list[str]:
    from saferplaces.review.models import ReviewItem

    return list(
        ReviewItem.objects.filter(district__name="Leeds").values_list("incident__reference", flat=True)
    )


# ------------------------------------------------------------------------------------------------
# server and load
# ------------------------------------------------------------------------------------------------


def start_gunicorn(env: dict[str, str], port: int, workers: int) -> subprocess.Popen[bytes]:
    cmd = [str(REPO / ".venv" / "bin" / "gunicorn"), "saferplaces.web.wsgi", "--workers", str(workers),
           "--bind", f"127.0.0.1:{port}", "--log-level", "warning"]  # fmt: skip
    server = subprocess.Popen(cmd, env=env, cwd=REPO)
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def run_phase(
    port: int, cookie: str, users: int, seconds: float, think: float, pick
) -> tuple[list[float], int]:
    """Milliseconds per page for ``users`` users over ``seconds``; also the number of requests."""
    deadline = time.perf_counter() + seconds
    times: list[float] = []
    lock = threading.Lock()

    def user(seed_: int) -> None:
        rng = random.Random(seed_)
        time.sleep(rng.uniform(0, think or 0.05))  # users arrive spread out, not all at once
        while time.perf_counter() < deadline:
            paths = pick(rng)
            t0 = time.perf_counter()
            for path in paths:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                conn.request("GET", path, headers={"Cookie": f"sessionid={cookie}", "Host": "127.0.0.1"})
                response = conn.getresponse()
                response.read()
                conn.close()
                if response.status != 200:
                    raise SystemExit(f"{path}: HTTP {response.status}")
            ms = (time.perf_counter() - t0) * 1000
            with lock:
                times.append(ms)
            if think:
                time.sleep(rng.uniform(0, 2 * think))

    threads = [threading.Thread(target=user, args=(k,)) for k in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times, len(times)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=500_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--think", type=float, default=1.0, help="mean think time between pages, seconds")
    parser.add_argument("--seconds", type=float, default=60, help="length of each phase")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--port", type=int, default=54345, help="PostgreSQL port (the server uses port+1)")
    parser.add_argument(
        "--backlog", type=float, default=0.01, help="share of items older than 14 days still to review"
    )
    parser.add_argument("--pg-dir", help="keep the database here between runs (default: a new temporary one)")
    args = parser.parse_args()

    folder = Path(args.pg_dir) if args.pg_dir else Path(tempfile.mkdtemp(prefix="bench-pages-pg-"))
    var = Path(tempfile.mkdtemp(prefix="bench-pages-var-"))
    url = start_postgres(folder, args.port)
    server = None
    try:
        env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench-only", "DEBUG": "0",
               "ALLOWED_HOSTS": "127.0.0.1", "SAFERPLACES_VAR_DIR": str(var), "SECURE_COOKIES": "0",
               "DATABASE_CONN_MAX_AGE": "600", "DJANGO_SETTINGS_MODULE": "saferplaces.web.settings",
               "LOG_LEVEL": "WARNING"}  # fmt: skip
        os.environ.update(env)
        import django

        django.setup()
        from django.core.management import call_command

        cookie = prepare_database(args.incidents, args.backlog)
        refs = leeds_refs()
        call_command("collectstatic", interactive=False, verbosity=0)
        server = start_gunicorn(env, args.port + 1, args.workers)

        def queue(rng: random.Random) -> list[str]:
            f = rng.choice(FILTERS)
            return [f"/review/{f}{'&' if f else '?'}page={rng.randint(1, 3)}"]

        def item(rng: random.Random) -> list[str]:
            return [f"/review/incident/{rng.choice(refs)}/"]

        phases = {"baseline /healthz": lambda rng: ["/healthz"], "queue /review/": queue, "review page": item}
        run_phase(args.port + 1, cookie, 4, 5, 0, item)  # warm: imports, template compilation, connections
        results = {}
        for name, pick in phases.items():
            results[name] = run_phase(args.port + 1, cookie, args.users, args.seconds, args.think, pick)
        load = os.getloadavg()[0]
        print(f"incidents {args.incidents:,}, {args.users} users, think {args.think:.1f} s mean, "
              f"gunicorn {args.workers} workers, {os.cpu_count()} cores, load {load:.1f}")  # fmt: skip
        base = p95(results["baseline /healthz"][0])
        for name, (values, count) in results.items():
            mid, high = statistics.median(values), p95(values)
            print(
                f"{name:18s} n={count:5d} {count / args.seconds:6.1f}/s  p50 {mid:7.1f} ms  "
                f"p95 {high:7.1f} ms  max {max(values):7.1f} ms  p95 vs baseline {high / base:5.1f}x"
            )
        print(f"target: p95 <= {TARGET_MS:.0f} ms")
    finally:
        if server is not None:
            server.terminate()
            server.wait()
        subprocess.run(["bash", str(REPO / "scripts" / "postgres.sh"), "stop", str(folder)], check=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
