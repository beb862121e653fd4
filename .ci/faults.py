#!/usr/bin/env python3
"""Fault injection: SIGKILL `dm lifecycle` at ten points across its etl and quality steps, in a data folder that
holds an earlier run, and check after each kill that

- every working artifact is the file the ledger names (its recorded sha256), and each step's artifacts come from
  one run (a step is published as a set, never half of one run and half of another);
- `dm ledger verify` and `dm replay --check` pass;

and at the end that a new run succeeds, records every killed run as interrupted, and leaves the folder consistent.

Usage: faults.py DM_BINARY   (standard library only)
"""
import hashlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

ROWS = "3000"
# (step, seconds after that step's step.started): spread over the etl (~3.5 s in a debug build) and quality (~1 s).
POINTS = [("etl", 0.2), ("etl", 0.7), ("etl", 1.2), ("etl", 1.8), ("etl", 2.4), ("etl", 3.0),
          ("quality", 0.05), ("quality", 0.3), ("quality", 0.6), ("quality", 0.9)]


def ledger_events(root):
    with open(os.path.join(root, "events", "ledger.jsonl"), encoding="utf-8") as ledger:
        return [json.loads(line) for line in ledger if line.strip()]


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def check_working_state(root, label):
    """Every working artifact equals the ledger's latest record of its step; one run per step."""
    latest = {}
    for event in ledger_events(root):
        if event["type"] == "step.completed":
            latest[event["data"]["step"]] = event["data"]
        elif event["type"] == "snapshot.restored":
            raise SystemExit(f"{label}: unexpected restore in the fault test")
    problems = []
    for step, data in latest.items():
        for artifact in data.get("artifacts", []):
            path = os.path.join(root, artifact["path"])
            if artifact["path"] == "reports/mapping_contract.csv":
                continue  # ledger-derived; replay --check covers it
            if not os.path.exists(path):
                problems.append(f"{artifact['path']} is missing (step {step} of run {data['run_id']})")
            elif sha256(path) != artifact["sha256"]:
                problems.append(f"{artifact['path']} is not the file step {step} of run {data['run_id']} recorded")
    if problems:
        raise SystemExit(f"{label}: working files differ from the ledger:\n  " + "\n  ".join(problems[:10]))


def dm(binary, *arguments, check=True):
    result = subprocess.run([binary, *arguments], capture_output=True, text=True)
    if check and result.returncode != 0:
        raise SystemExit(f"dm {' '.join(arguments)} exited {result.returncode}:\n{result.stdout}{result.stderr}")
    return result


def wait_for_step(root, run_count, step, timeout=120):
    """Waits until the newest run has started `step`; False if that run ended first."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        events = ledger_events(root)
        runs = [e for e in events if e["type"] == "run.started"]
        if len(runs) > run_count:
            run_id = runs[-1]["data"]["run_id"]
            mine = [e for e in events if e["data"].get("run_id") == run_id]
            if any(e["type"] == "step.started" and e["data"].get("step") == step for e in mine):
                return True
            if any(e["type"] == "run.completed" for e in mine):
                return False
        time.sleep(0.01)
    raise SystemExit(f"no run reached {step} within {timeout} s")


def main():
    binary = os.path.abspath(sys.argv[1])
    root = tempfile.mkdtemp(prefix="dm-faults-")
    common = ["--rows", ROWS, "--min-patients", "0", "--quiet", "--root", root]
    first = dm(binary, "lifecycle", *common, check=False)
    if first.returncode not in (0, 3):
        raise SystemExit(f"the earlier run failed: {first.stderr}")
    killed = []
    for index, (step, delay) in enumerate(POINTS, start=1):
        runs = sum(1 for e in ledger_events(root) if e["type"] == "run.started")
        process = subprocess.Popen([binary, "lifecycle", "--seed", str(100 + index), *common],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        reached = wait_for_step(root, runs, step)
        if reached:
            time.sleep(delay)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            killed.append(f"{step}+{delay}s")
        process.wait()
        label = f"kill {index} ({step} + {delay} s)"
        check_working_state(root, label)
        dm(binary, "ledger", "verify", "--root", root)
        dm(binary, "replay", "--check", "--root", root)
        print(f"{label}: working files are the ledger's, ledger verifies, replay --check clean")
    final = dm(binary, "lifecycle", *common, check=False)
    if final.returncode not in (0, 3):
        raise SystemExit(f"the re-run after the kills failed: {final.stderr}")
    check_working_state(root, "after the re-run")
    dm(binary, "ledger", "verify", "--root", root)
    dm(binary, "replay", "--check", "--root", root)
    statuses = {}
    for event in ledger_events(root):
        if event["type"] == "run.completed":
            statuses[event["data"]["run_id"]] = event["data"]["status"]
    started = [e["data"]["run_id"] for e in ledger_events(root) if e["type"] == "run.started"]
    unfinished = [run for run in started if run not in statuses]
    if unfinished:
        raise SystemExit(f"runs left running: {unfinished}")
    interrupted = sum(1 for status in statuses.values() if status == "interrupted")
    if interrupted != len(killed):
        raise SystemExit(f"{len(killed)} runs killed but {interrupted} recorded as interrupted")
    leftovers = os.listdir(os.path.join(root, ".staging")) if os.path.isdir(os.path.join(root, ".staging")) else []
    if leftovers:
        raise SystemExit(f"staging folders left behind: {leftovers}")
    print(f"faults: {len(killed)} kills ({', '.join(killed)}), all recorded interrupted; the re-run succeeded")
    subprocess.run(["rm", "-rf", root])


if __name__ == "__main__":
    main()
