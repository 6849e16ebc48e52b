"""Shared by the scenario scripts: where the test server is, and how a scenario reports what it saw.

The JUnit fixture (CompatServer) starts rshelld, writes a JSON description of it and runs
`/usr/bin/python3 SCRIPT TARGET_JSON SCENARIO`. A scenario returns a dict of the facts it
observed; they are printed as one JSON object and the Java test asserts on them, so the
expectations live in one place and a failing test shows exactly what the client saw.
"""
import json
import sys
from types import SimpleNamespace

_SCENARIOS = {}


def scenario(fn):
    """Registers fn(target) -> dict under its own name."""
    _SCENARIOS[fn.__name__] = fn
    return fn


def load_target(path):
    with open(path, encoding='utf-8') as f:
        return SimpleNamespace(**json.load(f))


def main():
    """Runs the scenario named by the second argument against the target named by the first."""
    if len(sys.argv) < 3 or sys.argv[2] not in _SCENARIOS:
        sys.exit('usage: %s TARGET_JSON {%s}' % (sys.argv[0], ','.join(sorted(_SCENARIOS))))
    facts = _SCENARIOS[sys.argv[2]](load_target(sys.argv[1]), *sys.argv[3:])
    print(json.dumps(facts, indent=1))
