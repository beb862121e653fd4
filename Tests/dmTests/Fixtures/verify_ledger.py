#!/usr/bin/env python3
"""Independent ledger verifier, written from DESIGN.md section 3 alone (json + hashlib, no project code).

Usage: verify_ledger.py LEDGER.jsonl
Prints "OK <events> <head_seq> <head_hash>" and exits 0, or "FAIL <seq> <line> <offset> <reason>" and exits 1.
"""
import hashlib
import json
import sys


def canonical(value):
    # RFC 8785 for the values a ledger may hold: integers only, keys sorted by UTF-16 code units.
    if isinstance(value, dict):
        keys = sorted(value, key=lambda k: k.encode("utf-16-be"))
        return "{" + ",".join(canonical(k) + ":" + canonical(value[k]) for k in keys) + "}"
    if isinstance(value, list):
        return "[" + ",".join(canonical(v) for v in value) + "]"
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    raise ValueError("number is not an integer")


def main(path):
    data = open(path, "rb").read()
    prev, seq, offset, line_no = "0" * 64, 0, 0, 0
    for raw in data.split(b"\n")[:-1]:
        line_no += 1
        event = None

        def fail(reason):
            # Name the seq the line carries when it can be read, else the seq it should have had.
            found = event.get("seq") if isinstance(event, dict) else None
            shown = found if isinstance(found, int) and not isinstance(found, bool) else seq + 1
            print(f"FAIL {shown} {line_no} {offset} {reason}")
            sys.exit(1)

        try:
            event = json.loads(raw.decode("utf-8"))
            body = canonical(event).encode("utf-8")
        except ValueError:
            event = None
            fail("bad JSON")
        if body != raw:
            fail("not canonical")
        if event.get("seq") != seq + 1:
            fail("seq gap")
        if event.get("prev") != prev:
            fail("prev mismatch")
        stored = event.pop("hash", None)
        if hashlib.sha256(canonical(event).encode("utf-8")).hexdigest() != stored:
            fail("hash mismatch")
        prev, seq, offset = stored, seq + 1, offset + len(raw) + 1
    if not data.endswith(b"\n") and data:
        line_no += 1
        print(f"FAIL {seq + 1} {line_no} {offset} torn tail")
        sys.exit(1)
    print(f"OK {seq} {seq} {prev}")


main(sys.argv[1])
