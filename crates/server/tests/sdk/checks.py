"""The checks the real-client scripts run: each one named, run even when one before it failed,
and counted at the end in the line the test command adds up ("LABEL: N passed, M failed")."""

import sys
import traceback

results = []


def check(name):
    """Runs the decorated function now, as the check `name`."""
    def wrap(fn):
        try:
            fn()
            results.append((name, None))
            print(f"ok     {name}")
        except Exception as exc:  # a failed check must not stop the others
            results.append((name, exc))
            print(f"FAILED {name}: {exc!r}")
            traceback.print_exc()
        return fn
    return wrap


def finish(label):
    """Prints the count and exits, failing when any check failed."""
    failed = sum(1 for _, exc in results if exc)
    print(f"{label}: {len(results) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
