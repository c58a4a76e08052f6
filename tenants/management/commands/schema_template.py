"""Build the merchant schema template for today's migrations (tenants/provisioning.py).

    manage.py schema_template           build it unless it is current, and clone the spare schemas
    manage.py schema_template --check   exit 1 when migrations changed since it was built
"""

import time

from django.core.management.base import BaseCommand, CommandError

from tenants import provisioning


class Command(BaseCommand):
    help = "Build (or check) the migrated template that new merchant schemas are cloned from."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="only report whether it is current")

    def handle(self, *args, check=False, **options):
        state = provisioning.migration_state()
        if check:
            if not provisioning.is_current():
                raise CommandError(f"schema template {state} is missing or stale: run manage.py schema_template")
            self.stdout.write(f"schema template {state} is current")
            return
        started = time.perf_counter()
        built = not provisioning.is_current()
        path = provisioning.build()
        what = f"built in {time.perf_counter() - started:.1f} s" if built else "already current"
        self.stdout.write(f"schema template {state}: {path} ({what})")
        made = provisioning.refill_spares()
        self.stdout.write(f"spare merchant schemas: {made} cloned ahead of need")
