#!/usr/bin/env python3
"""CPU per thread group of running processes, from /proc, between two moments.

usage: thread-cpu.py snapshot PID... > snap.json     (one snapshot; run it at both moments)
       thread-cpu.py diff BEFORE.json AFTER.json [--invoices N]

Thread names are as the kernel keeps them (15 characters), digits folded, so that "GC Thread#1" and "GC Thread#0"
add up. A JVM thread that ended between the snapshots is missing from the figures.
"""
import json
import os
import re
import sys
import collections

TICKS = os.sysconf("SC_CLK_TCK")


def snapshot(pids):
    snap = {}
    for pid in pids:
        try:
            cmd = open(f"/proc/{pid}/cmdline").read().replace("\0", " ")
        except OSError:
            continue
        name = next((part.split("/")[-4] for part in cmd.split() if part.endswith("quarkus-run.jar")), None) \
            or ("kafka" if "kafka.Kafka" in cmd else cmd.split()[0].split("/")[-1])
        threads = {}
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                comm = open(f"/proc/{pid}/task/{tid}/comm").read().strip()
                stat = open(f"/proc/{pid}/task/{tid}/stat").read()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            threads[tid] = [comm, int(fields[11]) + int(fields[12])]
        snap[f"{name} ({pid})"] = threads
    return snap


def diff(before, after, invoices):
    # Matched by pid, the part in parentheses: the name is only for reading.
    by_pid = {proc.rsplit("(", 1)[1]: threads for proc, threads in before.items()}
    for proc, threads in after.items():
        old = by_pid.get(proc.rsplit("(", 1)[1], {})
        groups = collections.Counter()
        for tid, (comm, ticks) in threads.items():
            groups[re.sub(r"\d+", "N", comm)] += ticks - (old.get(tid, [comm, 0])[1])
        total = sum(groups.values())
        if total == 0:
            continue
        print(f"{proc}: {total / TICKS:.1f} s" + (f", {1000 * total / TICKS / invoices:.2f} ms/invoice"
                                                  if invoices else ""))
        for group, ticks in groups.most_common(12):
            if ticks > 0:
                print(f"    {100.0 * ticks / total:5.1f} %  {group}")


if __name__ == "__main__":
    if sys.argv[1] == "snapshot":
        json.dump(snapshot(sys.argv[2:]), sys.stdout)
    else:
        invoices = int(sys.argv[sys.argv.index("--invoices") + 1]) if "--invoices" in sys.argv else 0
        diff(json.load(open(sys.argv[2])), json.load(open(sys.argv[3])), invoices)
