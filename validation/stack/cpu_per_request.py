#!/usr/bin/python3
"""CPU per request of each sampled process, for runs stored by validate.py (its --out folder).

  cpu_per_request.py OUT/w8-cal OUT/w8-load1 ... OUT/w8-load4

For each run NAME: NAME-cpu.csv (cpu.sh samples) and NAME.csv (load.py's per-request rows). Per component: its CPU
seconds between its first and last sample / the requests that started in that interval (the utilization law, as
`sim calibrate` computes it), in ms; "servers" = postgres + redis + gunicorn + nginx + loadgen; and the request mix
(page misses, page hits, api, static), which moves the CPU per request by itself.
"""
import csv
import os
import sys

SERVERS = ("postgres", "redis", "gunicorn", "nginx", "loadgen")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__.strip().split("\n")[2].strip())
    print("run,requests,%s,servers_ms,host_ms,page_miss,page_hit,api,static" % ",".join(c + "_ms" for c in SERVERS))
    for prefix in sys.argv[1:]:
        samples = {}
        for r in csv.DictReader(open(prefix + "-cpu.csv")):
            samples.setdefault(r["component"], []).append(r)
        starts = []
        mix = {"page/MISS": 0, "page/HIT": 0, "api": 0, "static": 0}
        for r in csv.DictReader(open(prefix + ".csv")):
            starts.append(float(r["start_unix"]))
            key = r["class"] + ("/" + r["cache"] if r["class"] == "page" else "")
            mix[key] = mix.get(key, 0) + 1
        ms = {}
        for comp, rs in samples.items():
            t0, t1 = float(rs[0]["time_unix"]), float(rs[-1]["time_unix"])
            n = sum(1 for s in starts if t0 <= s <= t1)
            ms[comp] = 1000 * (float(rs[-1]["cpu_s"]) - float(rs[0]["cpu_s"])) / max(1, n)
        total = len(starts) or 1
        print("%s,%d,%s,%.2f,%.2f,%.3f,%.3f,%.3f,%.3f" % (
            os.path.basename(prefix), len(starts), ",".join("%.2f" % ms.get(c, float("nan")) for c in SERVERS),
            sum(ms.get(c, 0) for c in SERVERS), ms.get("host", float("nan")),
            mix["page/MISS"] / total, mix["page/HIT"] / total, mix["api"] / total, mix["static"] / total))


if __name__ == "__main__":
    main()
