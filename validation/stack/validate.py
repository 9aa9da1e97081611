#!/usr/bin/python3
"""Predictions of a calibrated model against the real reference stack (issue 14, items 4 and 5).

  validate.py --dir DIR [--configs w3,w8,w8pg] [--out results/] [--max-error PCT] [--sim 'dotnet .../sim.dll']

For each configuration, on the stack in DIR (started and stopped here, by pid files):
  0. --prewarm s of load at 20/s, not measured (each worker renders its first page and opens its connections);
  1. saturation: load.py far above capacity (--sat-rate) with an in-flight cap (--sat-cap); measured
     saturation throughput = responses completed per second after --sat-warmup s;
  2. calibration: cpu.sh alongside load.py at --cal-fraction of that saturation for --cal-duration s; the
     access-log lines of this run alone and its CPU samples go to `sim calibrate` (nothing else);
  3. loads: --loads fractions of the measured saturation, --load-duration s each (the first --warmup s of
     arrivals are not counted), cpu.sh alongside to record the CPU of processes outside the stack.
Then, with every server stopped (the simulator does not compete with the measurements):
  4. `sim calibrate cal.log --cpu cal-cpu.csv --workers N -o cal.json`;
  5. `sim run cal.json --rate R` at each load: throughput, p50, p95 with their 95 % intervals;
  6. the model's saturation: the same closed loop as the measurement (--sat-cap users, no think time);
  7. the band one measurement window falls in: --band-replications replications as long as one measured window
     (--load-duration; the saturation's window), whose spread is the measurement's own sampling error.
Prints one table and writes validation.json and validation.md to --out. Exit 1 when an error exceeds
--max-error (percent; throughput, p50, p95 at every load, and saturation), --max-thr-error (throughput at the loads)
or --max-sat-error (saturation), or when the predicted order of two configurations whose measured saturations differ by
more than --order-margin percent is wrong; 2 on a failure to run. The issue's targets (±10 %
saturation, ±15 % p50/p95) are reported per row, not asserted unless --max-error says so.

The load generator's pid goes to DIR/run/loadgen.pid while it runs, so cpu.sh samples it as 'loadgen'.
"""
import argparse
import csv
import json
import math
import os
import shlex
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
PY = "/usr/bin/python3"

CONFIGS = {
    "w3": ("3 workers, connect per request", ["--workers", "3"], 3),
    "w8": ("8 workers, connect per request", ["--workers", "8"], 8),
    "w8pg": ("8 workers, persistent DB connections, gzip", ["--workers", "8", "--persistent-db", "--gzip"], 8),
}


def log(msg):
    print("validate: " + msg, flush=True)


def nearest_rank(xs, q):
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[max(0, min(len(xs) - 1, math.ceil(q * len(xs)) - 1))]


def tree_pids(root):
    """root and all its descendants, from /proc."""
    parent = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open("/proc/%s/stat" % d) as f:
                    parent[int(d)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    found = {root}
    changed = True
    while changed:
        changed = False
        for p, pp in parent.items():
            if p not in found and pp in found:
                found.add(p)
                changed = True
    return found


class Stack:
    """One stack folder; every server is stopped by stack.sh stop (pid files), whatever happens."""

    def __init__(self, folder):
        self.dir = folder
        self.running = False

    def start(self, switches):
        log("start " + " ".join(switches))
        subprocess.run([os.path.join(HERE, "stack.sh"), "start", self.dir] + switches, check=True,
                       stdout=subprocess.DEVNULL)
        self.running = True

    def renice(self, nice):
        """Every process of the four servers (their children, forked later, inherit it) to this nice value."""
        if nice == 0:
            return
        for name in ("postgres", "redis", "gunicorn", "nginx"):
            with open(os.path.join(self.dir, "run", name + ".pid")) as f:
                root = int(f.read().strip())
            for pid in tree_pids(root):
                try:
                    os.setpriority(os.PRIO_PROCESS, pid, nice)
                except OSError:
                    pass

    def stop(self):
        if self.running:
            subprocess.run([os.path.join(HERE, "stack.sh"), "stop", self.dir], stdout=subprocess.DEVNULL)
            self.running = False

    @property
    def access_log(self):
        return os.path.join(self.dir, "logs", "access.log")


def cpu_totals(path):
    """CPU seconds per component and the wall time over a cpu.sh file (first to last sample)."""
    by = {}
    with open(path) as f:
        for r in csv.DictReader(f):
            by.setdefault(r["component"], []).append(r)
    out = {}
    for comp, rs in by.items():
        if len(rs) < 2:
            continue
        out[comp] = (float(rs[-1]["cpu_s"]) - float(rs[0]["cpu_s"]), float(rs[-1]["time_unix"]) - float(rs[0]["time_unix"]))
    return out


def cpu_breakdown(path):
    """Cores used on average: the whole host, the four servers, the load generator, the rest ('other')."""
    t = cpu_totals(path)
    if "host" not in t or t["host"][1] <= 0:
        return None
    wall = t["host"][1]
    host = t["host"][0] / wall
    stack = sum(t[c][0] / t[c][1] for c in ("postgres", "redis", "gunicorn", "nginx") if c in t and t[c][1] > 0)
    gen = t["loadgen"][0] / t["loadgen"][1] if "loadgen" in t and t["loadgen"][1] > 0 else 0.0
    return {"host": host, "stack": stack, "loadgen": gen, "other": max(0.0, host - stack - gen)}


NICE = 0


def niced():
    if NICE:
        os.setpriority(os.PRIO_PROCESS, 0, NICE)


def run_load(stack, out, name, rate, duration, seed, cap, with_cpu=True):
    """One load.py run with cpu.sh alongside; returns the paths of its CSV, CPU samples and the log's lines."""
    csv_path = os.path.join(out, name + ".csv")
    cpu_path = os.path.join(out, name + "-cpu.csv")
    log_path = os.path.join(out, name + ".log")
    offset = os.path.getsize(stack.access_log) if os.path.exists(stack.access_log) else 0
    cpu = None
    if with_cpu:
        cpu = subprocess.Popen([os.path.join(HERE, "cpu.sh"), stack.dir, cpu_path, "0"], preexec_fn=niced)
        time.sleep(1.2)  # a first sample before the load starts
    pid_file = os.path.join(stack.dir, "run", "loadgen.pid")
    gen = subprocess.Popen([PY, os.path.join(HERE, "load.py"), "--stack", stack.dir, "--rate", "%.3f" % rate,
                            "--duration", "%.1f" % duration, "--seed", str(seed), "--max-in-flight", str(cap),
                            "--csv", csv_path], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, preexec_fn=niced)
    with open(pid_file + ".tmp", "w") as f:
        f.write("%d\n" % gen.pid)
    os.replace(pid_file + ".tmp", pid_file)
    text, _ = gen.communicate()
    try:
        os.remove(pid_file)
    except FileNotFoundError:
        pass
    if cpu is not None:
        time.sleep(1.2)  # a last sample after the load
        cpu.send_signal(signal.SIGTERM)
        cpu.wait()
    with open(stack.access_log, "rb") as f, open(log_path, "wb") as g:
        f.seek(offset)
        g.write(f.read())
    if gen.returncode not in (0, 3):
        raise RuntimeError("load.py failed (%d): %s" % (gen.returncode, text[-2000:]))
    return csv_path, (cpu_path if with_cpu else None), log_path, text


def measured(csv_path, warmup):
    """Throughput (ok arrivals in the window / window), p50, p95 of the ok requests that arrived after the warm-up."""
    rows = list(csv.DictReader(open(csv_path)))
    t0 = min(float(r["intended_unix"]) for r in rows)
    t1 = max(float(r["intended_unix"]) for r in rows)
    inside = [r for r in rows if float(r["intended_unix"]) >= t0 + warmup]
    ok = [r for r in inside if r["status"] == "200" and not r["error"]]
    bad = len(inside) - len(ok)
    lat = [float(r["latency_s"]) * 1000 for r in ok]
    span = max(1e-9, t1 - (t0 + warmup))
    return {"arrivals": len(inside), "ok": len(ok), "failed": bad, "throughput": len(ok) / span,
            "p50": nearest_rank(lat, 0.5), "p95": nearest_rank(lat, 0.95)}


def server_side(log_path, warmup):
    """p50 and p95 of nginx's $request_time (ms) over the 200 responses whose request started after the warm-up: the
    latency as the stack's own access log records it, from reading the request to sending the last byte. The load
    generator's figures add its own work (≈ 1 ms of CPU per request, a TCP connect, its event loop: 2-3 ms at low load)."""
    rows = []
    with open(log_path) as f:
        for line in f:
            x = line.rstrip("\n").split("\t")
            if len(x) >= 9:
                rows.append((float(x[0]) - float(x[8]), float(x[8]) * 1000, x[5]))
    if not rows:
        return {"serverP50": float("nan"), "serverP95": float("nan")}
    t0 = min(r[0] for r in rows)
    lat = [r[1] for r in rows if r[0] >= t0 + warmup and r[2] == "200"]
    return {"serverP50": nearest_rank(lat, 0.5), "serverP95": nearest_rank(lat, 0.95)}


def saturation(csv_path, warmup):
    """Completions per second between warm-up and the end of the arrival window (in-flight cap reached)."""
    rows = list(csv.DictReader(open(csv_path)))
    t0 = min(float(r["intended_unix"]) for r in rows)
    t1 = max(float(r["intended_unix"]) for r in rows)
    ends = [float(r["end_unix"]) for r in rows if r["status"] == "200" and not r["error"] and r["end_unix"]]
    n = sum(1 for e in ends if t0 + warmup <= e <= t1)
    return n / max(1e-9, t1 - t0 - warmup)


def sim(args, cmd):
    full = shlex.split(args.sim) + cmd
    p = subprocess.run(full, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        raise RuntimeError("%s: exit %d\n%s\n%s" % (" ".join(full), p.returncode, p.stdout[-3000:], p.stderr[-3000:]))
    return p.stdout


def metric(results, name):
    """(mean, 95 % half-width) of throughput (/s), p50 or p95 (ms) in `sim run -f json` output."""
    m = results["results"]["metrics"]
    m = m["throughputPerSecond"] if name == "throughput" else m["latencyMs"][name]
    return m["mean"], m.get("ci95") or 0.0


def predict(args, scenario, extra):
    out = sim(args, ["run", scenario, "-f", "json", "--replications", str(args.replications),
                     "--duration", "%ds" % args.sim_duration, "--set", "run.warmup=%ds" % args.sim_warmup] + extra)
    return json.loads(out)


def t975(df):
    """Student's t 97.5 % quantile (Cornish-Fisher expansion around the normal's; within 0.01 for df >= 3)."""
    z = 1.959964
    return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df)


def window_band(args, scenario, extra, window):
    """Where one measurement of `window` seconds falls: `sim run` with --band-replications replications of that length
    (after the same warm-up as the predictions), the standard deviation across them from the 95 % interval, and the band
    mean ± 1.96 sd (normal approximation) for throughput, p50 and p95. A perfect model's single window lands outside it
    one time in twenty; its width is the measurement's own sampling error, which the issue's ±15 % cannot be smaller than."""
    n = args.band_replications
    out = sim(args, ["run", scenario, "-f", "json", "--replications", str(n), "--duration", "%gs" % window,
                     "--set", "run.warmup=%ds" % args.sim_warmup] + extra)
    res = json.loads(out)
    t = t975(max(1, n - 1))
    band = {}
    for k in ("throughput", "p50", "p95"):
        mean, half = metric(res, k)
        sd = half * math.sqrt(n) / t
        band[k] = {"mean": mean, "sd": sd, "lo": max(0.0, mean - 1.959964 * sd), "hi": mean + 1.959964 * sd}
    return band


def pct(pred, meas):
    return 100.0 * (pred - meas) / meas if meas else float("nan")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dir", required=True, help="stack folder (PostgreSQL must reach it: not under /root)")
    p.add_argument("--out", help="results folder (default DIR/validation)")
    p.add_argument("--configs", default="w3,w8,w8pg")
    p.add_argument("--sim", default="dotnet " + os.path.join(REPO, "src/Sim.Cli/bin/Release/net10.0/sim.dll"))
    p.add_argument("--sat-rate", type=float, default=150.0)
    p.add_argument("--sat-cap", type=int, default=16)
    p.add_argument("--sat-duration", type=float, default=30.0)
    p.add_argument("--sat-warmup", type=float, default=10.0, help="seconds at the start of the saturation run not counted")
    p.add_argument("--prewarm", type=float, default=10.0,
                   help="seconds of load at 20/s after each start, not measured: every worker renders its first page, opens its connections")
    p.add_argument("--cal-fraction", type=float, default=0.25)
    p.add_argument("--cal-duration", type=float, default=40.0)
    p.add_argument("--loads", default="0.4,0.6,0.75,0.9")
    p.add_argument("--load-duration", type=float, default=25.0)
    p.add_argument("--warmup", type=float, default=5.0)
    p.add_argument("--replications", type=int, default=10)
    p.add_argument("--sim-duration", type=int, default=200)
    p.add_argument("--sim-warmup", type=int, default=20)
    p.add_argument("--band-replications", type=int, default=30,
                   help="replications of one measurement window's length for the band a single measurement falls in (0: none)")
    p.add_argument("--max-error", type=float, default=None, help="fail when any |error| exceeds this many percent")
    p.add_argument("--predict-from", metavar="VALIDATION.JSON",
                   help="do not measure: take the measurements (and the calibration runs' files) of an earlier run's validation.json, calibrate and predict again")
    p.add_argument("--max-thr-error", type=float, default=None, help="fail when a throughput error at a load exceeds this many percent")
    p.add_argument("--order-margin", type=float, default=10.0, help="pairs of configurations whose measured saturations differ by less than this (percent) are not judged for order")
    p.add_argument("--max-sat-error", type=float, default=None, help="fail when the saturation error exceeds this (default --max-error)")
    p.add_argument("--nice", type=int, default=-20 if os.geteuid() == 0 else 0,
                   help="nice value of the servers, the load generator and the sampler while measuring (default -20 as root, else 0): "
                        "on a machine shared with other work the stack then gets the cores first, as on a quiet machine")
    a = p.parse_args()
    global NICE
    NICE = a.nice
    out = a.out or os.path.join(a.dir, "validation")
    os.makedirs(out, exist_ok=True)
    os.makedirs(a.dir, exist_ok=True)
    configs = a.configs.split(",")
    for c in configs:
        if c not in CONFIGS:
            sys.exit("validate: unknown configuration '%s'; allowed: %s" % (c, ", ".join(CONFIGS)))
    fractions = [float(x) for x in a.loads.split(",")]
    stack = Stack(a.dir)

    def on_term(signum, frame):
        raise KeyboardInterrupt()
    signal.signal(signal.SIGTERM, on_term)

    started = time.time()
    runs = {}
    measured_s = 0.0
    if a.predict_from:
        with open(a.predict_from) as f:
            runs = json.load(f)["configs"]
        configs = [c for c in configs if c in runs]
        for c in configs:  # runs measured before the server-side figures were recorded: from their access-log slices
            for li, l in enumerate(runs[c]["loads"]):
                if "serverP50" not in l["measured"]:
                    l["measured"]["log"] = runs[c]["calLog"].replace("-cal.log", "-load%d.log" % (li + 1))
                    l["measured"].update(server_side(l["measured"]["log"], a.warmup))
    try:
        # ── measurements: nothing else of ours runs meanwhile ──
        for ci, c in enumerate(configs):
            if a.predict_from:
                break
            label, switches, workers = CONFIGS[c]
            stack.start(switches)
            stack.renice(a.nice)
            seed = 1000 * (ci + 1)
            if a.prewarm > 0:
                run_load(stack, out, c + "-prewarm", 20.0, a.prewarm, seed + 99, 64, with_cpu=False)
            sat_csv, _, _, _ = run_load(stack, out, c + "-sat", a.sat_rate, a.sat_duration, seed, a.sat_cap, with_cpu=False)
            sat = saturation(sat_csv, a.sat_warmup)
            log("%s: measured saturation %.2f/s (in-flight cap %d)" % (c, sat, a.sat_cap))
            cal_rate = a.cal_fraction * sat
            cal_csv, cal_cpu, cal_log, cal_text = run_load(stack, out, c + "-cal", cal_rate, a.cal_duration, seed + 1, 64)
            cal_m = measured(cal_csv, 0)
            loads = []
            for li, fr in enumerate(fractions):
                rate = fr * sat
                l_csv, l_cpu, l_log, _ = run_load(stack, out, "%s-load%d" % (c, li + 1), rate, a.load_duration + a.warmup, seed + 2 + li, 256)
                m = measured(l_csv, a.warmup)
                m["log"] = l_log
                m.update(server_side(l_log, a.warmup))
                m["cpu"] = cpu_breakdown(l_cpu)
                log("%s at %.0f %% (%.2f/s): %d ok, %d failed, %.2f/s, p50 %.1f ms, p95 %.1f ms; host %.2f cores, other %.2f"
                    % (c, 100 * fr, rate, m["ok"], m["failed"], m["throughput"], m["p50"], m["p95"],
                       m["cpu"]["host"] if m["cpu"] else float("nan"), m["cpu"]["other"] if m["cpu"] else float("nan")))
                loads.append({"fraction": fr, "rate": rate, "measured": m})
            stack.stop()
            runs[c] = {"label": label, "workers": workers, "saturation": sat, "calRate": cal_rate, "cal": cal_m,
                       "calCpu": cpu_breakdown(cal_cpu), "calLog": cal_log, "calCpuPath": cal_cpu, "loads": loads}
            measured_s = time.time() - started
        # ── predictions ──
        for c in configs:
            r = runs[c]
            scenario = os.path.join(out, c + "-cal.json")
            sim(a, ["calibrate", r["calLog"], "--cpu", r["calCpuPath"], "--workers", str(r["workers"]), "-o", scenario])
            for l in r["loads"]:
                res = predict(a, scenario, ["--rate", "%.4f/s" % l["rate"]])
                l["predicted"] = {k: metric(res, k) for k in ("throughput", "p50", "p95")}
                if a.band_replications > 0:
                    l["band"] = window_band(a, scenario, ["--rate", "%.4f/s" % l["rate"]], a.load_duration)
            closed = ["--set", 'load={"closed":{"users":%d,"thinkTime":"0"}}' % a.sat_cap]
            res = predict(a, scenario, closed)
            r["predictedSaturation"] = metric(res, "throughput")
            if a.band_replications > 0:
                r["saturationBand"] = window_band(a, scenario, closed, a.sat_duration - a.sat_warmup)["throughput"]
    except KeyboardInterrupt:
        log("interrupted")
        stack.stop()
        return 2
    finally:
        stack.stop()
        try:
            os.remove(os.path.join(a.dir, "run", "loadgen.pid"))
        except FileNotFoundError:
            pass
    return report(a, out, configs, runs, time.time() - started, measured_s)


def report(a, out, configs, runs, wall, measured_s):
    lines = []
    lines.append("| config | load | rate /s | measured thr /s | predicted thr /s [one window's 95 % band] | err | measured p50 ms | predicted p50 ms [band] | err | measured p95 ms | predicted p95 ms [band] | err | load generator's p50 / p95 ms | other CPU (cores) | ±15 % / ±10 % target | measured inside the band |")
    lines.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |")
    worst = 0.0
    worst_thr = 0.0
    worst_sat = 0.0
    target_rows = 0
    met_rows = 0
    band_checks = 0
    band_inside = 0
    testable = 0

    def cell(value, half, band):
        text = "%.2f ± %.2f" % (value, half) if value < 100 else "%.1f ± %.1f" % (value, half)
        if band:
            text += " [%.3g–%.3g]" % (band["lo"], band["hi"])
        return text

    def inside(meas, band):
        return band is None or band["lo"] <= meas <= band["hi"]

    for c in configs:
        r = runs[c]
        ps, psh = r["predictedSaturation"]
        e = pct(ps, r["saturation"])
        worst_sat = max(worst_sat, abs(e))
        met = abs(e) <= 10
        target_rows += 1
        met_rows += met
        sb = r.get("saturationBand")
        ins = inside(r["saturation"], sb)
        if sb:
            band_checks += 1
            band_inside += ins
        lines.append("| %s | saturation | — | %.2f | %s | %+.1f %% | | | | | | | | | %s | %s |" % (
            r["label"], r["saturation"], cell(ps, psh, sb), e, "yes" if met else "no (±10 %)",
            "" if sb is None else ("yes" if ins else "no")))
        for l in r["loads"]:
            m, pr = l["measured"], l["predicted"]
            band = l.get("band") or {}
            # Latency as nginx's access log records it (server side); the load generator's own figures are shown beside.
            meas = {"throughput": m["throughput"], "p50": m["serverP50"], "p95": m["serverP95"]}
            errs = [pct(pr[k][0], meas[k]) for k in ("throughput", "p50", "p95")]
            worst = max(worst, max(abs(x) for x in errs))
            worst_thr = max(worst_thr, abs(errs[0]))
            met = abs(errs[1]) <= 15 and abs(errs[2]) <= 15
            target_rows += 1
            met_rows += met
            outside = [k for k in ("throughput", "p50", "p95") if k in band and not inside(meas[k], band[k])]
            if band:
                band_checks += 3
                band_inside += 3 - len(outside)
                # The ±15 % target can be told apart from sampling error only where one window's band is narrower than it.
                testable += all(1.959964 * band[k]["sd"] <= 0.15 * band[k]["mean"] for k in ("p50", "p95"))
            other = m["cpu"]["other"] if m.get("cpu") else float("nan")
            lines.append("| %s | %.0f %% | %.2f | %.2f | %s | %+.1f %% | %.1f | %s | %+.1f %% | %.1f | %s | %+.1f %% | %.1f / %.1f | %.2f | %s | %s |"
                         % (r["label"], 100 * l["fraction"], l["rate"], m["throughput"], cell(pr["throughput"][0], pr["throughput"][1], band.get("throughput")), errs[0],
                            meas["p50"], cell(pr["p50"][0], pr["p50"][1], band.get("p50")), errs[1], meas["p95"], cell(pr["p95"][0], pr["p95"][1], band.get("p95")), errs[2],
                            m["p50"], m["p95"], other,
                            "yes" if met else "no (±15 %)",
                            "" if not band else ("yes" if not outside else "no: " + ", ".join(outside))))
    meas_order = sorted(configs, key=lambda c: -runs[c]["saturation"])
    pred_order = sorted(configs, key=lambda c: -runs[c]["predictedSaturation"][0])
    # Ordering: every pair whose measured saturations differ by more than --order-margin must be predicted in that order
    # (closer pairs are within the measurement's own noise and are reported only).
    wrong, close = [], []
    for i, x in enumerate(configs):
        for y in configs[i + 1:]:
            mx, my = runs[x]["saturation"], runs[y]["saturation"]
            px, py = runs[x]["predictedSaturation"][0], runs[y]["predictedSaturation"][0]
            if abs(mx - my) <= a.order_margin / 100 * max(mx, my):
                close.append("%s/%s" % (x, y))
            elif (mx > my) != (px > py):
                wrong.append("%s vs %s" % (x, y))
    order_ok = not wrong
    summary = ["configurations by measured saturation: " + " > ".join(meas_order),
               "configurations by predicted saturation: " + " > ".join(pred_order)
               + (" (pairs measured more than %.0f %% apart: order right)" % a.order_margin if order_ok else " (WRONG for %s)" % ", ".join(wrong))
               + ("; measured within %.0f %% of each other, not judged: %s" % (a.order_margin, ", ".join(close)) if close else ""),
               "issue targets (saturation ±10 %%, p50/p95 ±15 %%) met in %d of %d rows" % (met_rows, target_rows),
               ("measured values inside the predicted 95 %% band of one measurement window: %d of %d (a perfect model: about 95 %%); "
                "loads whose p50 and p95 bands are narrower than ±15 %%, so that the target can be told from sampling error: %d of %d"
                % (band_inside, band_checks, testable, sum(len(runs[c]["loads"]) for c in configs))) if band_checks else "no bands (--band-replications 0)",
               "largest |error| at the loads: %.1f %% (throughput alone: %.1f %%); saturation: %.1f %%" % (worst, worst_thr, worst_sat),
               "wall time %.0f s (measuring %.0f s); servers, load generator and sampler at nice %d" % (wall, measured_s, a.nice)]
    for c in configs:
        cc = runs[c]["calCpu"]
        if cc:
            summary.append("%s calibration run: %.2f/s, host %.2f cores busy (stack %.2f, load generator %.2f, other %.2f)"
                           % (c, runs[c]["calRate"], cc["host"], cc["stack"], cc["loadgen"], cc["other"]))
    text = "\n".join(lines) + "\n\n" + "\n".join(summary) + "\n"
    print(text, flush=True)
    def atomic(path, content):
        with open(path + ".tmp", "w") as f:
            f.write(content)
        os.replace(path + ".tmp", path)
    atomic(os.path.join(out, "validation.md"), text)
    atomic(os.path.join(out, "validation.json"), json.dumps({"configs": runs, "orderRight": order_ok, "worstLoadError": worst,
                                                             "bandInside": band_inside, "bandChecks": band_checks, "testableLoads": testable,
                                                             "worstSaturationError": worst_sat, "worstThroughputError": worst_thr, "wallSeconds": wall}, indent=1, default=str))
    fail = []
    if not order_ok:
        fail.append("the predicted order of the configurations by capacity is wrong")
    if a.max_thr_error is not None and worst_thr > a.max_thr_error:
        fail.append("a throughput error at a load is %.1f %% > %.1f %%" % (worst_thr, a.max_thr_error))
    if a.max_error is not None and worst > a.max_error:
        fail.append("an error at a load is %.1f %% > %.1f %%" % (worst, a.max_error))
    limit = a.max_sat_error if a.max_sat_error is not None else a.max_error
    if limit is not None and worst_sat > limit:
        fail.append("the saturation error is %.1f %% > %.1f %%" % (worst_sat, limit))
    for f in fail:
        print("validate: FAIL: " + f, flush=True)
    return 1 if fail else 0


if __name__ == "__main__":
    sys.exit(main())
