#!/usr/bin/env bash
# Regenerates the public API baseline of the packed libraries (src/*/PublicAPI.*.txt, read by
# Microsoft.CodeAnalysis.PublicApiAnalyzers). The analyzer turns every public symbol missing from those files (RS0016)
# and every listed symbol that is gone (RS0017) into a build error, so a breaking change cannot slip in unnoticed.
#
#   scripts/public-api.sh            add what is new to PublicAPI.Unshipped.txt, drop what is gone from it
#   scripts/public-api.sh --ship     then move everything into PublicAPI.Shipped.txt (at a release)
#
# `dotnet format` cannot apply the analyzer's fix to these files, so the script builds with a SARIF log and reads the
# exact API lines the analyzer wants from it.
set -euo pipefail
cd "$(dirname "$0")/.."
ship=false
[ "${1:-}" = "--ship" ] && ship=true
for project in src/Sim.Core src/Sim.Charts; do
  log=$(mktemp --suffix=.sarif)
  for f in PublicAPI.Shipped.txt PublicAPI.Unshipped.txt; do
    [ -f "$project/$f" ] || printf '#nullable enable\n' > "$project/$f"
  done
  # --no-incremental: an up-to-date project skips the compiler, which then writes no log.
  dotnet build "$project" -c Release --no-incremental -p:TreatWarningsAsErrors=false "-p:ErrorLog=$log%2Cversion=2.1" > /dev/null 2>&1 || true
  [ -s "$log" ] || { echo "public-api.sh: the build of $project wrote no analyzer log ($log); run: dotnet build $project -c Release" >&2; exit 1; }
  python3 - "$log" "$project" "$ship" <<'PY'
import json, sys
log, project, ship = sys.argv[1], sys.argv[2], sys.argv[3] == "true"
results = json.load(open(log))["runs"][0].get("results", [])
added = {r["properties"]["customProperties"]["APIName"] for r in results if r["ruleId"] == "RS0016"}
def read(name):
    lines = open(f"{project}/{name}").read().splitlines()
    return [l for l in lines if l and not l.startswith("#")]
removed = set()
for r in results:
    if r["ruleId"] == "RS0017":  # "Symbol '…' is part of the declared API, but is either not public or could not be found"
        text = r["message"]["text"]
        removed.add(text[text.index("'") + 1:text.rindex("'")])
shipped, unshipped = read("PublicAPI.Shipped.txt"), read("PublicAPI.Unshipped.txt")
unshipped = sorted((set(unshipped) - removed) | added, key=str.casefold)
if removed & set(shipped):
    print(f"{project}: {len(removed & set(shipped))} shipped symbol(s) removed or changed: a breaking change; say so, or mark them *REMOVED* by hand", file=sys.stderr)
if ship:
    shipped, unshipped = sorted(set(shipped) | set(unshipped), key=str.casefold), []
def write(name, lines):
    with open(f"{project}/{name}", "w") as f:
        f.write("#nullable enable\n" + "".join(l + "\n" for l in lines))
write("PublicAPI.Shipped.txt", shipped)
write("PublicAPI.Unshipped.txt", unshipped)
print(f"{project}: {len(added)} added, {len(removed)} removed; {len(shipped)} shipped, {len(unshipped)} unshipped")
PY
  rm -f "$log"
done
