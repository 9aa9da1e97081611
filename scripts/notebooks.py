#!/usr/bin/env python3
"""Executes the Polyglot notebooks and keeps their committed outputs honest.

  python3 scripts/notebooks.py execute [NOTEBOOK...]   run each notebook and store its outputs in it (GitHub shows them)
  python3 scripts/notebooks.py check [--out DIR] [NOTEBOOK...]
                                                        run each notebook (into DIR) and fail when a cell errors, or when
                                                        the committed outputs are missing or differ from the fresh ones

Default: every notebooks/*.ipynb. Build first (`dotnet build Sim.sln -c Release`): the notebooks load the Release
build. `dotnet repl` (a .NET tool) runs them; `check` is what CI runs.

Only the code cells' outputs are written back: sources and notebook metadata stay as committed, the run's per-cell
timestamps are dropped, and so are the transient "Installing Packages" progress displays; each code cell's metadata
keeps a hash of the source its outputs came from (sim_outputs_from), so an edited cell whose outputs were not
refreshed is stale even when its new outputs would look alike. Outputs are compared as
text after removing what legitimately changes between runs (wall-clock times printed by a cell, see VOLATILE); an
image is compared by its size in pixels, not its bytes, so a different rasteriser's anti-aliasing is not "stale".
Every line is "PASS name" or "FAIL name: why"; the exit code is the number of failures.
"""
import glob
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Text that changes from run to run without the notebook being stale: elapsed wall-clock seconds.
VOLATILE = [
    (re.compile(r"(took|in|so far:?) \d+(\.\d+)? ?(s|ms)\b"), r"\1 <elapsed>"),
    (re.compile(r"\d+(\.\d+)? ?(s|ms) (wall|elapsed)"), r"<elapsed> \3"),
]
IMG = re.compile(r'<img width="(\d+)" height="(\d+)" src="data:image/png;base64,[A-Za-z0-9+/=]+"')


def run(notebook, out_path):
    """Runs one notebook with dotnet repl into out_path (ipynb); returns (ok, log)."""
    cmd = ["dotnet", "repl", "--run", os.path.basename(notebook), "--exit-after-run",
           "--output-format", "ipynb", "--output-path", out_path]
    p = subprocess.run(cmd, cwd=os.path.dirname(os.path.abspath(notebook)), capture_output=True, text=True, timeout=1200)
    return p.returncode == 0 and os.path.exists(out_path), p.stdout + p.stderr


def transient(output):
    html = "".join(output.get("data", {}).get("text/html", []))
    return "<strong>Installing Packages</strong>" in html


def fresh_outputs(executed):
    """The code cells' outputs of an executed notebook, in order, without transient displays."""
    return [[o for o in c.get("outputs", []) if not transient(o)]
            for c in executed["cells"] if c["cell_type"] == "code"]


def errors(outputs):
    found = []
    for i, cell in enumerate(outputs):
        for o in cell:
            if o.get("output_type") == "error":
                found.append(f"cell {i + 1}: {o.get('ename', 'error')}: {o.get('evalue', '')[:300]}")
    return found


def normalised(outputs):
    """A comparable text form of one cell's outputs."""
    parts = []
    for o in outputs:
        kind = o.get("output_type")
        if kind == "stream":
            parts.append(("stream", "".join(o.get("text", []))))
            continue
        data = o.get("data", {})
        for mime in sorted(data):
            value = data[mime]
            text = "".join(value) if isinstance(value, list) else str(value)
            if mime.startswith("image/"):
                text = f"<{mime} image>"
            text = IMG.sub(r'<img \1x\2>', text)
            parts.append((mime, text))
    text = json.dumps(parts, ensure_ascii=False)
    for pattern, repl in VOLATILE:
        text = pattern.sub(repl, text)
    return text


def source_hash(cell):
    """What the stored outputs were computed from: a hash of the cell's source, kept in its metadata."""
    return hashlib.sha256("".join(cell.get("source", [])).encode("utf-8")).hexdigest()[:16]


def code_cells(notebook):
    return [c for c in notebook["cells"] if c["cell_type"] == "code"]


def write_atomically(path, notebook):
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".nb-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(notebook, f, indent=1, ensure_ascii=False)
            f.write("\n")
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def main(argv):
    if not argv or argv[0] not in ("execute", "check"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    mode, rest = argv[0], argv[1:]
    out_dir = None
    if rest[:1] == ["--out"]:
        if len(rest) < 2:
            print("notebooks.py: --out needs a directory", file=sys.stderr)
            return 2
        out_dir, rest = rest[1], rest[2:]
    notebooks = rest or sorted(glob.glob(os.path.join(ROOT, "notebooks", "*.ipynb")))
    out_dir = out_dir or tempfile.mkdtemp(prefix="sim-notebooks-")
    os.makedirs(out_dir, exist_ok=True)
    failures = 0
    for path in notebooks:
        name = os.path.splitext(os.path.basename(path))[0]
        committed = json.load(open(path, encoding="utf-8"))
        executed_path = os.path.join(out_dir, name + ".executed.ipynb")
        ok, log = run(path, executed_path)
        with open(os.path.join(out_dir, name + ".log"), "w", encoding="utf-8") as f:
            f.write(log)
        if not ok:
            print(f"FAIL {name}: dotnet repl failed; its output:\n{log[-3000:]}")
            failures += 1
            continue
        outputs = fresh_outputs(json.load(open(executed_path, encoding="utf-8")))
        cells = code_cells(committed)
        problems = errors(outputs)
        if len(outputs) != len(cells):
            problems.append(f"{len(cells)} code cells committed, {len(outputs)} executed")
        if problems:
            print(f"FAIL {name}: " + "; ".join(problems))
            failures += 1
            continue
        if mode == "execute":
            for cell, fresh in zip(cells, outputs):
                cell["outputs"] = fresh
                cell["execution_count"] = None
                cell.setdefault("metadata", {})["sim_outputs_from"] = source_hash(cell)
            write_atomically(path, committed)
            size = os.path.getsize(path)
            print(f"PASS {name}: outputs stored ({size / 1024:.0f} KB)")
            continue
        stale = []
        for i, (cell, fresh) in enumerate(zip(cells, outputs)):
            stored = cell.get("outputs", [])
            if cell.get("metadata", {}).get("sim_outputs_from") != source_hash(cell):
                stale.append(f"cell {i + 1}'s source changed since its outputs were stored")
            elif fresh and not stored:
                stale.append(f"cell {i + 1} has no committed output")
            elif normalised(stored) != normalised(fresh):
                a, b = normalised(stored), normalised(fresh)
                at = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]), min(len(a), len(b)))
                stale.append(f"cell {i + 1} differs near …{b[max(0, at - 60):at + 60]}… (committed: …{a[max(0, at - 60):at + 60]}…)")
        if stale:
            print(f"FAIL {name}: committed outputs are stale or missing — run `python3 scripts/notebooks.py execute "
                  f"notebooks/{name}.ipynb` and commit: " + "; ".join(stale[:5]) + (f"; and {len(stale) - 5} more" if len(stale) > 5 else ""))
            failures += 1
        else:
            print(f"PASS {name}")
    return failures


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
