#!/usr/bin/python3
"""Bounded open-loop load generator for the reference stack (Debian python3 + aiohttp).

Arrivals are Poisson at --rate for --duration seconds, whatever the server does (open loop). Each
arrival picks a URL class by weight (--mix page=0.6,api=0.3,static=0.1). At most --max-in-flight
requests are outstanding: an arrival that finds the cap reached is *dropped* and counted, never
queued silently; an arrival that the event loop starts more than --late-ms after its intended time is
counted *late*. Latency is measured from the intended start (no coordinated omission).

Page ids: with probability R (--hit-ratio, default the stack's CACHE_HIT_RATIO) a page from the hot
set 1..HOT_KEYS that stack.sh pre-warmed, otherwise a cold id drawn uniformly from a million others
(a repeat is rare, so the cache hit ratio is about R).

  load.py --stack DIR --rate 10 --duration 15 --csv out.csv [--summary-json s.json]

CSV columns: class, url, intended_unix, start_unix, end_unix, latency_s, status, bytes, cache, error
(status 0 = no response: the error column says why; 'dropped' rows have no start/end).
Exit code: 0, or 3 if any request failed or was dropped (so scripts can gate on it), 2 on bad usage.
"""
import argparse
import asyncio
import csv
import json
import math
import os
import random
import sys
import time

import aiohttp

COLD_IDS = 1_000_000
STATIC = ["/static/app.css", "/static/logo.bin"]


def read_env(path):
    env = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                k, v = line.split("=", 1)
                env[k] = v
    return env


def parse_mix(s):
    mix = []
    for part in s.split(","):
        name, _, w = part.partition("=")
        if name not in ("page", "api", "static") or not w:
            raise argparse.ArgumentTypeError("mix entries are page=W, api=W, static=W; got '%s'" % part)
        mix.append((name, float(w)))
    total = sum(w for _, w in mix)
    if total <= 0:
        raise argparse.ArgumentTypeError("mix weights must sum to more than 0")
    return [(n, w / total) for n, w in mix]


def percentile(sorted_xs, q):
    """Nearest-rank percentile of an ascending list."""
    if not sorted_xs:
        return float("nan")
    k = max(0, min(len(sorted_xs) - 1, math.ceil(q * len(sorted_xs)) - 1))
    return sorted_xs[k]


class Run:
    def __init__(self, a, base_url, hot_keys, hit_ratio):
        self.a = a
        self.base = base_url
        self.hot = hot_keys
        self.hit_ratio = hit_ratio
        self.rng = random.Random(a.seed)
        self.rows = []
        self.in_flight = 0
        self.max_in_flight_seen = 0
        self.late = 0
        self.tasks = set()

    def pick(self):
        u = self.rng.random()
        acc = 0.0
        cls = self.a.mix[-1][0]
        for name, w in self.a.mix:
            acc += w
            if u < acc:
                cls = name
                break
        if cls == "page":
            if self.rng.random() < self.hit_ratio:
                pid = self.rng.randint(1, self.hot)
            else:
                pid = self.rng.randint(self.hot + 1, self.hot + COLD_IDS)
            return cls, "/page/%d" % pid
        if cls == "api":
            return cls, "/api/%d" % self.rng.randint(1, 20000)
        return cls, self.rng.choice(STATIC)

    async def one(self, session, cls, url, intended, t0_mono, t0_unix):
        start = time.monotonic()
        status, nbytes, cache, err = 0, 0, "", ""
        try:
            # aiohttp would send "gzip, deflate" by itself: say explicitly what this client accepts.
            async with session.get(self.base + url, headers={"Accept-Encoding": "gzip" if self.a.gzip_accept else "identity"}) as r:
                body = await r.read()
                status, nbytes, cache = r.status, len(body), r.headers.get("X-Cache", "")
        except asyncio.TimeoutError:
            err = "timeout"
        except (aiohttp.ClientError, OSError) as e:
            err = type(e).__name__
        except Exception as e:  # never lose a request: whatever went wrong is its error
            err = "exception " + type(e).__name__
        end = time.monotonic()
        self.in_flight -= 1
        self.rows.append([cls, url, t0_unix + (intended - t0_mono), t0_unix + (start - t0_mono),
                          t0_unix + (end - t0_mono), end - intended, status, nbytes, cache, err])

    async def run(self):
        a = self.a
        timeout = aiohttp.ClientTimeout(total=a.timeout)
        # The connector never makes a request wait for a connection: its limit is the in-flight cap.
        conn = aiohttp.TCPConnector(limit=a.max_in_flight, force_close=not a.keepalive)
        async with aiohttp.ClientSession(connector=conn, timeout=timeout, auto_decompress=False) as session:
            t0_mono, t0_unix = time.monotonic(), time.time()
            t = t0_mono
            end_t = t0_mono + a.duration
            while True:
                t += self.rng.expovariate(a.rate)
                if t >= end_t:
                    break
                cls, url = self.pick()
                delay = t - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
                if time.monotonic() - t > a.late_ms / 1000.0:
                    self.late += 1
                if self.in_flight >= a.max_in_flight:
                    u = t0_unix + (t - t0_mono)
                    self.rows.append([cls, url, u, "", "", "", 0, 0, "", "dropped"])
                    continue
                self.in_flight += 1
                self.max_in_flight_seen = max(self.max_in_flight_seen, self.in_flight)
                task = asyncio.ensure_future(self.one(session, cls, url, t, t0_mono, t0_unix))
                self.tasks.add(task)
                task.add_done_callback(self.tasks.discard)
            # Drain: every started request is followed to its end (the per-request timeout bounds this).
            if self.tasks:
                await asyncio.gather(*list(self.tasks))
            self.elapsed = time.monotonic() - t0_mono
            self.window = a.duration


def summarise(run, a):
    rows = run.rows
    done = [r for r in rows if r[9] != "dropped"]
    ok = [r for r in done if 200 <= r[6] < 400 and not r[9]]
    errors = [r for r in done if not (200 <= r[6] < 400) or r[9]]
    dropped = [r for r in rows if r[9] == "dropped"]

    def stats(rs):
        lat = sorted(r[5] for r in rs)
        return {"count": len(rs),
                "p50_ms": round(percentile(lat, 0.50) * 1000, 2) if lat else None,
                "p95_ms": round(percentile(lat, 0.95) * 1000, 2) if lat else None,
                "p99_ms": round(percentile(lat, 0.99) * 1000, 2) if lat else None,
                "max_ms": round(lat[-1] * 1000, 2) if lat else None,
                "mean_bytes": round(sum(r[7] for r in rs) / len(rs)) if rs else None}

    pages = [r for r in ok if r[0] == "page"]
    hits = sum(1 for r in pages if r[8] == "HIT")
    s = {
        "rate_offered_per_s": a.rate, "duration_s": a.duration,
        "arrivals": len(rows), "started": len(done), "ok": len(ok), "errors": len(errors),
        "dropped": len(dropped), "late": run.late, "max_in_flight": a.max_in_flight,
        "max_in_flight_seen": run.max_in_flight_seen,
        "throughput_per_s": round(len(ok) / run.window, 3),
        "drain_s": round(run.elapsed - run.window, 3),
        "cache_hit_ratio": round(hits / len(pages), 3) if pages else None,
        "all": stats(ok),
        "by_class": {c: stats([r for r in ok if r[0] == c]) for c in sorted({r[0] for r in rows})},
        "error_kinds": {},
    }
    for r in errors:
        k = r[9] or "status %d" % r[6]
        s["error_kinds"][k] = s["error_kinds"].get(k, 0) + 1
    return s


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--stack", help="stack folder (reads DIR/stack.env for the URL, hot set and hit ratio)")
    p.add_argument("--url", help="base URL (default: STACK_URL from --stack)")
    p.add_argument("--rate", type=float, required=True, help="Poisson arrival rate, requests/s")
    p.add_argument("--duration", type=float, required=True, help="arrival window, s (at most 300)")
    p.add_argument("--mix", type=parse_mix, default=parse_mix("page=0.6,api=0.3,static=0.1"))
    p.add_argument("--hit-ratio", type=float, help="probability a page comes from the hot set (default: the stack's)")
    p.add_argument("--hot-keys", type=int, help="size of the pre-warmed hot set (default: the stack's)")
    p.add_argument("--max-in-flight", type=int, default=64, help="cap on outstanding requests; arrivals over it are dropped")
    p.add_argument("--timeout", type=float, default=10.0, help="per-request timeout, s")
    p.add_argument("--late-ms", type=float, default=10.0, help="an arrival started this much after its intended time counts as late")
    p.add_argument("--no-keepalive", dest="keepalive", action="store_false", help="one TCP connection per request")
    p.add_argument("--no-gzip-accept", dest="gzip_accept", action="store_false", help="do not send Accept-Encoding: gzip")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--csv", required=True, help="per-request CSV output")
    p.add_argument("--summary-json", help="also write the summary as JSON here")
    a = p.parse_args()

    env = read_env(os.path.join(a.stack, "stack.env")) if a.stack else {}
    base = a.url or env.get("STACK_URL")
    if not base:
        p.error("give --stack DIR (a started stack) or --url")
    if not (0 < a.rate <= 5000) or not (0 < a.duration <= 300) or a.max_in_flight < 1:
        p.error("need 0 < rate <= 5000, 0 < duration <= 300, max-in-flight >= 1")
    hit_ratio = a.hit_ratio if a.hit_ratio is not None else float(env.get("CACHE_HIT_RATIO", "0.35"))
    hot = a.hot_keys if a.hot_keys is not None else int(env.get("HOT_KEYS", "100"))

    run = Run(a, base.rstrip("/"), hot, hit_ratio)
    asyncio.run(run.run())
    run.rows.sort(key=lambda r: r[2])
    with open(a.csv, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["class", "url", "intended_unix", "start_unix", "end_unix", "latency_s", "status", "bytes", "cache", "error"])
        for r in run.rows:
            w.writerow([r[0], r[1]] + ["%.6f" % x if isinstance(x, float) else x for x in r[2:]])
    s = summarise(run, a)
    if a.summary_json:
        with open(a.summary_json, "w") as f:
            json.dump(s, f, indent=2)
    al = s["all"]
    print("offered %.1f/s for %.0f s: %d arrivals, %d ok, %d errors, %d dropped (cap %d), %d late (> %.0f ms); max in flight %d"
          % (a.rate, a.duration, s["arrivals"], s["ok"], s["errors"], s["dropped"], a.max_in_flight, s["late"], a.late_ms,
             s["max_in_flight_seen"]))
    print("throughput %.2f/s  latency from intended start: p50 %s ms  p95 %s ms  p99 %s ms  max %s ms  (drain %.2f s)"
          % (s["throughput_per_s"], al["p50_ms"], al["p95_ms"], al["p99_ms"], al["max_ms"], s["drain_s"]))
    for c, cs in s["by_class"].items():
        print("  %-6s n=%-5d p50 %s ms  p95 %s ms  p99 %s ms  mean bytes %s" % (c, cs["count"], cs["p50_ms"], cs["p95_ms"], cs["p99_ms"], cs["mean_bytes"]))
    if s["cache_hit_ratio"] is not None:
        print("  page cache hit ratio %.3f (asked for %.2f)" % (s["cache_hit_ratio"], hit_ratio))
    if s["error_kinds"]:
        print("  errors: " + ", ".join("%s × %d" % kv for kv in sorted(s["error_kinds"].items())))
    return 3 if (s["errors"] or s["dropped"]) else 0


if __name__ == "__main__":
    sys.exit(main())
