"""Bench data, made with the project's own services; run by run.py with the bench env
(DATABASE_URL -> tourism_bench). Writes a JSON file for run.py and probes one checkout
in-process (no HTTP, no concurrency) to count its SQL statements and time.

    python benchmarks/checkout/setup_data.py OUT.json --users 200 --probe 40
"""

import argparse
import json
import os
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework_simplejwt.tokens import AccessToken  # noqa: E402

from shared_apps.accounts.models import User  # noqa: E402
from tenant_apps.catalog.services import create_product  # noqa: E402
from tenant_apps.inventory.models import CapacitySlot  # noqa: E402
from tenant_apps.inventory.services import set_capacity  # noqa: E402
from tenant_apps.storefront.services import ensure_profile  # noqa: E402
from tenants.models import Domain, Merchant  # noqa: E402
from tenants.utils import in_tenant  # noqa: E402

SKUS = 100
HOT_CAPACITY = 300
BIG_CAPACITY = 100_000


def make_merchant(slug: str, kind: str) -> Merchant:
    """As tests/builders/accounts.make_merchant, without the staff accounts (not needed here)."""
    merchant = Merchant(schema_name=slug, name=f"bench {slug}", kind=kind)
    merchant.save(verbosity=0)  # creates the schema and runs the tenant migrations
    Domain.objects.create(domain=f"{slug}.{settings.PLATFORM_HOST}", tenant=merchant, is_primary=True)
    with in_tenant(merchant):
        ensure_profile(name=merchant.name)
    return merchant


def slot_id(product, day) -> int:
    return CapacitySlot.objects.get(product=product, day=day, session="").pk


def clear_cache_prefix() -> None:
    """Forget cached host routing etc. left by an earlier run (the database was recreated)."""
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL)
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    for key in client.scan_iter(f"{prefix}:*", count=1000):
        client.delete(key)


def probe(user, token: str, body: dict, n: int) -> dict:
    """n sequential checkouts through Django's test client (full middleware + DRF stack,
    in this process): wall ms per checkout, SQL statements per checkout, SQL ms per checkout."""
    client = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {token}")
    payload = json.dumps(body)
    post = lambda: client.post("/api/v1/checkouts/", payload, content_type="application/json",  # noqa: E731
                               HTTP_IDEMPOTENCY_KEY=uuid.uuid4().hex)
    first = post()  # warm imports and caches
    if first.status_code != 201:
        raise SystemExit(f"probe checkout failed: {first.status_code} {first.content[:500]!r}")
    with CaptureQueriesContext(connection) as ctx:
        t0 = time.perf_counter()
        for _ in range(n):
            resp = post()
            assert resp.status_code == 201, resp.content
        wall = time.perf_counter() - t0
    sql_s = sum(float(q["time"]) for q in ctx.captured_queries)
    return {"n": n, "wall_ms": 1000 * wall / n, "queries": len(ctx.captured_queries) / n,
            "sql_ms": 1000 * sql_s / n}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--users", type=int, default=200)
    ap.add_argument("--probe", type=int, default=40)
    args = ap.parse_args()

    clear_cache_prefix()
    day = timezone.localdate() + timedelta(days=3)
    scenic, hotel = make_merchant("bscenic", "scenic"), make_merchant("bhotel", "hotel")
    with in_tenant(scenic):
        skus, slots = [], []
        for i in range(SKUS):
            p = create_product(kind="ticket", name=f"压测门票 {i:03d}", base_price_fen=5000 + i, on_shelf=True)
            set_capacity(product=p, days=[day], sessions=[""], capacity=BIG_CAPACITY)
            skus.append(p.pk)
            slots.append(slot_id(p, day))
        hot = create_product(kind="ticket", name="压测爆款门票", base_price_fen=9900, on_shelf=True)
        set_capacity(product=hot, days=[day], sessions=[""], capacity=HOT_CAPACITY)
        hot_slot = slot_id(hot, day)
    with in_tenant(hotel):
        room = create_product(kind="room", name="压测湖景房", base_price_fen=38800, on_shelf=True)
        set_capacity(product=room, days=[day], sessions=[""], capacity=BIG_CAPACITY)

    users = [User.objects.create_user(username=f"bench{i:04d}") for i in range(args.users)]  # no password: fast
    tokens = [str(AccessToken.for_user(u)) for u in users]

    d = day.isoformat()
    ticket = {"merchant": "bscenic", "product_id": skus[0], "quantity": 1, "day": d}
    stay = {"merchant": "bhotel", "product_id": room.pk, "quantity": 1, "day": d, "nights": 1}
    probes = {"single": probe(users[0], tokens[0], {"items": [ticket]}, args.probe),
              "cross": probe(users[0], tokens[0], {"items": [ticket, stay]}, args.probe)}

    Path(args.out).write_text(json.dumps({
        "day": d, "skus": skus, "sku_slots": slots, "hot": hot.pk, "hot_slot": hot_slot,
        "hot_capacity": HOT_CAPACITY, "room": room.pk, "tokens": tokens, "probe": probes,
    }))


if __name__ == "__main__":
    main()
