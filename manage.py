#!/usr/bin/env python
import atexit
import os
import signal
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from django.core.management import execute_from_command_line

    from config import runtime

    # A command run on its own (no DATABASE_URL / REDIS_URL, not under bin/start or bin/test) may start
    # the embedded servers while loading settings: stop those again when it ends, also on SIGTERM.
    atexit.register(runtime.stop_started_here)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    execute_from_command_line(sys.argv)
