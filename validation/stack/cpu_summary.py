#!/usr/bin/python3
"""CPU per component over a cpu.sh run: seconds used, share of one core, ms per answered request.

  cpu_summary.py CPU.csv [SUMMARY.json]

From the first to the last sample: per component the difference of cpu_s; for the host, busy / (busy +
idle) over all cores, which shows how much else was running on the machine. With load.py's summary the
CPU is also divided by the requests answered (ms of CPU per request, all classes together).
"""
import csv
import json
import sys


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__.strip().split("\n")[2].strip())
    rows = list(csv.DictReader(open(sys.argv[1])))
    ok = None
    if len(sys.argv) == 3:
        ok = json.load(open(sys.argv[2]))["ok"]
    by = {}
    for r in rows:
        by.setdefault(r["component"], []).append(r)
    out = []
    for comp, rs in by.items():
        if len(rs) < 2:
            continue
        t = float(rs[-1]["time_unix"]) - float(rs[0]["time_unix"])
        if comp == "host":
            busy = float(rs[-1]["utime_s"]) - float(rs[0]["utime_s"])
            idle = float(rs[-1]["stime_s"]) - float(rs[0]["stime_s"])
            out.append("host busy %.0f %% of all cores over %.0f s" % (100 * busy / max(busy + idle, 1e-9), t))
            continue
        cpu = float(rs[-1]["cpu_s"]) - float(rs[0]["cpu_s"])
        line = "%-9s %6.2f s CPU = %5.1f %% of a core" % (comp, cpu, 100 * cpu / max(t, 1e-9))
        if ok:
            line += ", %6.2f ms per request" % (1000 * cpu / ok)
        out.append(line)
    print("\n".join(out))


if __name__ == "__main__":
    main()
