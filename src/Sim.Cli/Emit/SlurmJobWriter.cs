using System.Globalization;
using System.Text;
using Sim.Io;

namespace Sim.Cli.Emit;

/// <summary>
/// Writes a sweep as Slurm jobs into its folder (which every node must share): <c>shard.sbatch</c>, an array with one
/// task per shard (task <c>i</c> runs <c>sim sweep … --shard i/N --out DIR/shards/i</c>); <c>merge.sbatch</c>
/// (<c>sim merge DIR/shards/1 … DIR/shards/N --out DIR/merged</c>); and <c>submit.sh</c>, which queues the array and
/// then the merge with <c>--dependency=afterok:&lt;array job&gt;</c>. The scripts run the <c>sim</c> that wrote them
/// (<c>SIM</c> in the environment overrides it) and read a copy of the scenario in the folder.
/// </summary>
internal static class SlurmJobWriter
{
    /// <summary>Writes the three scripts (and the scenario copy), then tells <paramref name="stdout"/> how to submit them.</summary>
    /// <param name="job">The sweep.</param>
    /// <param name="sim">The command that runs sim (see <see cref="SimInvocation"/>).</param>
    /// <param name="done">Points already finished in the shard folders.</param>
    /// <param name="stdout">Where the instructions go.</param>
    public static void Write(SweepJob job, IReadOnlyList<string> sim, int done, TextWriter stdout)
    {
        string dir = job.Output.FullName;
        string n = job.Shards.ToString(CultureInfo.InvariantCulture);
        string threads = job.ThreadsPerShard.ToString(CultureInfo.InvariantCulture);
        Directory.CreateDirectory(Path.Combine(dir, "logs"));

        var sweep = new StringBuilder("\"${sim[@]}\" sweep");
        if (job.Scenario is { } file)
        {
            string copy = Path.Combine(dir, SweepJob.ScenarioFileName);
            if (!string.Equals(Path.GetFullPath(file.FullName), copy, StringComparison.Ordinal)) AtomicFile.WriteAllBytes(copy, File.ReadAllBytes(file.FullName));
            sweep.Append(" \"$dir\"/").Append(SweepJob.ScenarioFileName);
        }
        if (job.Arguments.Count > 0) sweep.Append(' ').Append(ShellQuote.Join(job.Arguments));
        sweep.Append($" --shard \"$i/{n}\" --out \"$dir/shards/$i\" --threads \"${{SLURM_CPUS_PER_TASK:-{threads}}}\"");

        string simLine = "if [ -n \"${SIM:-}\" ]; then read -r -a sim <<< \"$SIM\"; else sim=(" + ShellQuote.Join(sim) + "); fi";
        string dirLine = "dir=" + ShellQuote.Word(dir);

        WriteScript(Path.Combine(dir, "shard.sbatch"), $$"""
            #!/usr/bin/env bash
            #SBATCH --job-name=sim-sweep
            #SBATCH --array=1-{{n}}
            #SBATCH --cpus-per-task={{threads}}
            # One shard of a sim sweep per array task: task i runs --shard i/{{n}} into shards/i. Written by
            # 'sim sweep --emit slurm'; submit.sh queues it and the merge. SIM=… overrides the sim command
            # (split at spaces, e.g. SIM=/opt/sim/sim or SIM='dotnet /opt/sim/sim.dll').
            set -euo pipefail
            {{simLine}}
            {{dirLine}}
            i=${SLURM_ARRAY_TASK_ID:?is not set: submit this script as an array job, e.g. with submit.sh}
            exec {{sweep}}

            """);

        WriteScript(Path.Combine(dir, "merge.sbatch"), $$"""
            #!/usr/bin/env bash
            #SBATCH --job-name=sim-merge
            #SBATCH --cpus-per-task=1
            # Joins the {{n}} shards into merged/ (sweep.json, sweep.csv): byte for byte what one unsharded
            # 'sim sweep' writes. submit.sh queues it with --dependency=afterok:<array job>.
            set -euo pipefail
            {{simLine}}
            {{dirLine}}
            shards=()
            for i in $(seq 1 {{n}}); do shards+=("$dir/shards/$i"); done
            exec "${sim[@]}" merge "${shards[@]}" --out "$dir/merged"

            """);

        WriteScript(Path.Combine(dir, "submit.sh"), $$"""
            #!/usr/bin/env bash
            # Queues the sweep written by 'sim sweep --emit slurm': the array of {{n}} shard(s), then the merge, which
            # starts once every shard has succeeded (--dependency=afterok). Arguments go to both sbatch calls, e.g.
            #   ./submit.sh --partition=batch --time=60
            # Run it again after a failed or cancelled task: every shard is queued again and skips the points it
            # already finished; the previous submission's merge, left pending for ever by the failed task, is cancelled.
            set -euo pipefail
            {{dirLine}}
            mkdir -p "$dir/logs"
            if [ -s "$dir/logs/jobs" ]; then
              previous=$(tail -n 1 "$dir/logs/jobs" | cut -d ' ' -f 2)
              if [ -n "$(squeue -h -t PENDING -j "$previous" -o %i 2>/dev/null || true)" ]; then
                scancel "$previous" && echo "Cancelled merge job $previous of the previous submission (still pending)."
              fi
            fi
            array=$(sbatch --parsable --output="$dir/logs/shard-%A_%a.out" "$@" "$dir/shard.sbatch")
            array=${array%%;*}
            merge=$(sbatch --parsable --dependency="afterok:$array" --output="$dir/logs/merge-%j.out" "$@" "$dir/merge.sbatch")
            merge=${merge%%;*}
            echo "$array $merge" >> "$dir/logs/jobs"
            echo "Submitted array job $array ({{n}} shard(s)) and merge job $merge (runs after every shard succeeds)."
            echo "Watch: squeue -j $array,$merge   Logs: $dir/logs   Result: $dir/merged/sweep.json and sweep.csv"

            """);

        string shown = sweep.ToString().Replace("\"${sim[@]}\"", ShellQuote.Join(sim), StringComparison.Ordinal);
        stdout.WriteLine($"Wrote a Slurm sweep of {job.Points} point(s) in {n} shard(s) to {dir}:");
        stdout.WriteLine($"  shard.sbatch  array 1-{n}, {threads} CPU(s) per task; task i runs (dir={ShellQuote.Word(dir)}):");
        stdout.WriteLine($"                {shown}");
        stdout.WriteLine($"  merge.sbatch  then: sim merge \"$dir\"/shards/1 … \"$dir\"/shards/{n} --out \"$dir\"/merged");
        stdout.WriteLine("  submit.sh     queues the array, then the merge with --dependency=afterok:<array job>");
        if (done > 0) stdout.WriteLine($"{done} of {job.Points} point(s) are already done in {Path.Combine(dir, "shards")}; the tasks run the other {job.Points - done}.");
        stdout.WriteLine("Submit (arguments go to sbatch, e.g. --partition=… --time=…):");
        stdout.WriteLine($"  {ShellQuote.Word(Path.Combine(dir, "submit.sh"))}");
        stdout.WriteLine($"Result: {Path.Combine(dir, "merged", "sweep.json")} and sweep.csv, identical to one unsharded 'sim sweep'. "
            + "After a failed or cancelled task, run submit.sh again: finished points are skipped.");
    }

    private static void WriteScript(string path, string text)
    {
        AtomicFile.WriteAllText(path, text.ReplaceLineEndings("\n"));
        if (OperatingSystem.IsWindows()) return; // the scripts run on the cluster; sbatch does not need the mode
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }
}
