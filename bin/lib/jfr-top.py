#!/usr/bin/env python3
"""Where a service's CPU goes, from a JFR recording: top frames and packages of jdk.ExecutionSample.

usage: jfr-top.py RECORDING.jfr [--from HH:MM:SS --to HH:MM:SS] [--top 25]

Reads `jfr print --events jdk.ExecutionSample --stack-depth 64` and prints, over the samples in the window:
- self: the top frame's method and package (where the CPU is spent);
- under: the share of samples that have a frame of each area anywhere on their stack (why it is spent there);
- threads: the sampled thread names (digits folded).
Samples are of Java code only; GC, JIT and native time are not in them (read /proc per thread for those).
"""
import argparse
import collections
import re
import subprocess
import sys

AREAS = [
    ("Hibernate Reactive / ORM", ("org.hibernate.",)),
    ("Vert.x PG client", ("io.vertx.pgclient.", "io.vertx.sqlclient.")),
    ("Kafka client", ("org.apache.kafka.",)),
    ("SmallRye Reactive Messaging", ("io.smallrye.reactive.messaging.",)),
    ("XML DSig / C14N", ("org.jcp.xml.dsig.", "javax.xml.crypto.", "com.sun.org.apache.xml.internal.security.")),
    ("XML parse / XSD validation", ("com.sun.org.apache.xerces.", "javax.xml.validation.", "javax.xml.parsers.")),
    ("XML transform / serialize", ("com.sun.org.apache.xalan.", "com.sun.org.apache.xml.internal.serializer.",
                                   "javax.xml.transform.")),
    ("JCE crypto (RSA/AES/SHA)", ("sun.security.", "com.sun.crypto.", "javax.crypto.", "java.security.")),
    ("Jackson JSON", ("com.fasterxml.jackson.",)),
    ("RESTEasy Reactive", ("org.jboss.resteasy.reactive.", "io.quarkus.resteasy.reactive.")),
    ("Netty", ("io.netty.",)),
    ("Vert.x core", ("io.vertx.core.",)),
    ("Mutiny", ("io.smallrye.mutiny.",)),
    ("OpenTelemetry", ("io.opentelemetry.",)),
    ("Micrometer", ("io.micrometer.",)),
    ("Logging", ("org.jboss.logmanager.", "org.jboss.logging.")),
    ("ksef-hub code", ("pl.ksefhub.",)),
]

FRAME = re.compile(r"^\s+([\w$.<>]+)\.([\w$<>]+)\(.*\)\s+line:")


def package(cls, depth=3):
    return ".".join(cls.split(".")[:depth])


def samples(recording):
    out = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "64", recording],
                         capture_output=True, text=True, check=True).stdout
    sample = None
    for line in out.splitlines():
        if line.startswith("jdk.ExecutionSample"):
            sample = {"frames": [], "time": None, "thread": ""}
        elif sample is None:
            continue
        elif line.strip().startswith("startTime ="):
            sample["time"] = line.split("=", 1)[1].strip().split(" ")[0][:8]
        elif line.strip().startswith("sampledThread ="):
            sample["thread"] = line.split('"')[1] if '"' in line else line
        elif line == "}":
            yield sample
            sample = None
        else:
            m = FRAME.match(line)
            if m:
                sample["frames"].append((m.group(1), m.group(2)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("recording")
    ap.add_argument("--from", dest="start")
    ap.add_argument("--to", dest="end")
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args()
    selfm, selfp, under, threads = (collections.Counter() for _ in range(4))
    n = 0
    for s in samples(args.recording):
        if not s["frames"] or (args.start and s["time"] < args.start) or (args.end and s["time"] > args.end):
            continue
        n += 1
        cls, meth = s["frames"][0]
        selfm[cls + "." + meth] += 1
        selfp[package(cls)] += 1
        threads[re.sub(r"\d+", "N", s["thread"])] += 1
        seen = set()
        for fcls, _ in s["frames"]:
            for area, prefixes in AREAS:
                if area not in seen and fcls.startswith(prefixes):
                    seen.add(area)
        for area in seen:
            under[area] += 1
    if n == 0:
        print("no samples in the window", file=sys.stderr)
        return
    print(f"{args.recording}: {n} samples" + (f" from {args.start} to {args.end}" if args.start else ""))
    for title, counter in (("self, by method", selfm), ("self, by package", selfp),
                           ("under (anywhere on the stack)", under), ("threads", threads)):
        print(f"  {title}:")
        for key, count in counter.most_common(args.top):
            print(f"    {100.0 * count / n:5.1f} %  {key}")


if __name__ == "__main__":
    main()
