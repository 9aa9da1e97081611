using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Xunit.Abstractions;
using static Sim.Cli.Tests.CliRun;

namespace Sim.Cli.Tests;

/// <summary>
/// <c>sim sweep --emit slurm</c> on a real Slurm cluster (the one <c>SIM_SLURM_CONF</c> names; skipped without one):
/// the submitted array and merge give byte for byte what one local <c>sim sweep</c> writes, and after a cancelled
/// task and a lost point, re-submitting computes only the missing points.
/// </summary>
[Trait("Category", "Slurm")]
public sealed partial class SlurmClusterTests(ITestOutputHelper log) : IDisposable
{
    // 8 points of the seed stack in 4 shards, 2 replications of 20 simulated seconds: about a second per task.
    private static readonly string[] Grid =
        ["--param", "workers=2..5", "--param", "users=20,40", "-n", "2", "--duration", "20s", "--set", "run.warmup=5s"];

    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(5);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "sim-slurm-tests-" + Guid.NewGuid().ToString("N"));
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly string _conf = Environment.GetEnvironmentVariable(SlurmFactAttribute.Variable) ?? "";

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [GeneratedRegex(@"Submitted array job (\d+) .* and merge job (\d+) ")]
    private static partial Regex Submitted();

    [SlurmFact]
    public void ShardedSweep_OnSlurm_MergesToTheLocalSweep_AndAResubmissionRunsOnlyTheMissingPoints()
    {
        Assert.True(File.Exists(_conf), $"{SlurmFactAttribute.Variable}={_conf} is not a file");
        string shared = Path.Combine(_root, "shared"), local = Path.Combine(_root, "local");
        var (code, output, err) = RunSim(["sweep", .. Grid, "--emit", "slurm", "--shards", "4", "--out", shared]);
        Assert.True(code == 0, err);
        log.WriteLine(output);

        var watch = Stopwatch.StartNew();
        Assert.Equal(0, RunSim(["sweep", .. Grid, "--out", local, "--format", "csv"]).Code);
        log.WriteLine($"local sim sweep (in-process): {watch.Elapsed.TotalSeconds:F1} s");

        // 1. The whole sweep: 4 array tasks, then the merge.
        watch.Restart();
        var (array, merge) = Submit(shared);
        WaitUntilDone(shared, array, merge);
        AssertState(shared, merge, "COMPLETED");
        AssertState(shared, array, "COMPLETED");
        log.WriteLine($"submission 1 (array {array}, merge {merge}): {watch.Elapsed.TotalSeconds:F1} s from sbatch to the merged result");
        AssertMergedEqualsLocal(shared, local);
        Dictionary<string, DateTime> first = PointFiles(shared);
        Assert.Equal(8, first.Count);

        // 2. Work lost: shard 3's folder and one point of shard 1 are gone. Submit again, held, and cancel task 3
        //    before it runs: the other tasks run; the merge can never start (afterok) and no merged result appears.
        string lostPoint = Path.Combine(shared, "shards", "1", "points", "4.json");
        File.Delete(lostPoint);
        Directory.Delete(Path.Combine(shared, "shards", "3"), recursive: true);
        Directory.Delete(Path.Combine(shared, "merged"), recursive: true);
        watch.Restart();
        var (array2, merge2) = Submit(shared, "--hold");
        Run("scancel", $"{array2}_3");
        Run("scontrol", "release", array2);
        WaitUntilDone(shared, array2);
        AssertState(shared, merge2, "PENDING");
        Assert.Equal("", Queued(array2 + "_3")); // cancelled (Slurm may forget a task cancelled before it started)
        Assert.False(Directory.Exists(Path.Combine(shared, "merged")));
        Assert.False(Directory.Exists(Path.Combine(shared, "shards", "3")));
        Assert.Contains("1 of 2 point(s) already done; running the other 1.", Log(shared, $"shard-{array2}_1.out"), StringComparison.Ordinal);
        Assert.Contains("2 of 2 point(s) already done; running the other 0.", Log(shared, $"shard-{array2}_2.out"), StringComparison.Ordinal);
        Assert.Equal(1, ComputedPoints(shared, array2));
        log.WriteLine($"submission 2 (array {array2}, task 3 cancelled): {watch.Elapsed.TotalSeconds:F1} s");

        // 3. Re-submit: the stale merge is cancelled, only shard 3's two points are computed, and the merge is again
        //    the local sweep byte for byte.
        watch.Restart();
        var (array3, merge3) = Submit(shared, out string said);
        Assert.Contains($"Cancelled merge job {merge2} of the previous submission (still pending).", said, StringComparison.Ordinal);
        WaitUntilDone(shared, array3, merge3);
        AssertState(shared, merge3, "COMPLETED");
        Assert.Equal("", Queued(merge2));
        log.WriteLine($"submission 3 (array {array3}, merge {merge3}): {watch.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(2, ComputedPoints(shared, array3));
        foreach (int task in new[] { 1, 2, 4 })
            Assert.Contains("2 of 2 point(s) already done; running the other 0.", Log(shared, $"shard-{array3}_{task}.out"), StringComparison.Ordinal);
        AssertMergedEqualsLocal(shared, local);

        // Points that were never lost were not rewritten by either re-submission.
        Dictionary<string, DateTime> last = PointFiles(shared);
        Assert.Equal(8, last.Count);
        foreach (var (file, time) in first)
            if (file != lostPoint && !file.Contains($"{Path.DirectorySeparatorChar}3{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                Assert.True(last[file] == time, $"{file} was rewritten");
        log.WriteLine($"whole test: {_clock.Elapsed.TotalSeconds:F1} s");
    }

    private static void AssertMergedEqualsLocal(string shared, string local)
    {
        foreach (string file in new[] { "sweep.json", "sweep.csv" })
            Assert.True(File.ReadAllBytes(Path.Combine(local, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(shared, "merged", file))),
                $"merged/{file} differs from the local sweep's");
    }

    private (string Array, string Merge) Submit(string shared, params string[] sbatchOptions) => Submit(shared, out _, sbatchOptions);

    private (string Array, string Merge) Submit(string shared, out string said, params string[] sbatchOptions)
    {
        said = Run(Path.Combine(shared, "submit.sh"), sbatchOptions);
        Match m = Submitted().Match(said);
        Assert.True(m.Success, "submit.sh said: " + said);
        return (m.Groups[1].Value, m.Groups[2].Value);
    }

    /// <summary>Polls squeue (every second, within the test's budget) until it lists none of the jobs (or their tasks).</summary>
    private void WaitUntilDone(string shared, params string[] jobs)
    {
        while (Run("squeue", "-h", "-o", "%i %T", "-j", string.Join(',', jobs)).Trim().Length > 0)
        {
            if (_clock.Elapsed > Budget) Assert.Fail($"jobs {string.Join(", ", jobs)} not done within {Budget.TotalMinutes} minutes:\n{Run("squeue")}\n{Logs(shared)}");
            Thread.Sleep(1000);
        }
    }

    /// <summary>Every task of <paramref name="job"/> (a job or an array) is in <paramref name="state"/>.</summary>
    private void AssertState(string shared, string job, string state)
    {
        string[] states = [.. Regex.Matches(Run("scontrol", "show", "job", job), @"JobState=(\w+)").Select(m => m.Groups[1].Value)];
        Assert.True(states.Length > 0 && states.All(s => s == state), $"job {job}: {string.Join(", ", states)} (want {state})\n{Logs(shared)}");
    }

    /// <summary>What squeue lists for <paramref name="job"/> (pending or running); "" when nothing, also once Slurm forgot the job.</summary>
    private string Queued(string job) => Run("squeue", ["-h", "-o", "%i %T", "-j", job], mayFail: true).Trim();

    /// <summary>Points a submission computed: "point k/n [#…]" lines in its tasks' logs.</summary>
    private static int ComputedPoints(string shared, string array) =>
        Directory.GetFiles(Path.Combine(shared, "logs"), $"shard-{array}_*.out")
            .Sum(f => File.ReadAllLines(f).Count(l => l.StartsWith("point ", StringComparison.Ordinal)));

    private static string Log(string shared, string name)
    {
        string path = Path.Combine(shared, "logs", name);
        return File.Exists(path) ? File.ReadAllText(path) : $"({name} missing)";
    }

    private static string Logs(string shared)
    {
        var sb = new StringBuilder();
        string dir = Path.Combine(shared, "logs");
        if (Directory.Exists(dir))
            foreach (string f in Directory.GetFiles(dir).Order(StringComparer.Ordinal))
                sb.Append("--- ").AppendLine(Path.GetFileName(f)).AppendLine(File.ReadAllText(f));
        return sb.ToString();
    }

    private static Dictionary<string, DateTime> PointFiles(string shared) =>
        Directory.GetFiles(Path.Combine(shared, "shards"), "*.json", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == "points")
            .ToDictionary(f => f, File.GetLastWriteTimeUtc);

    /// <summary>Runs a Slurm command (or submit.sh) against the cluster; its stdout; a non-zero exit fails the test.</summary>
    private string Run(string file, params string[] args) => Run(file, args, mayFail: false);

    private string Run(string file, string[] args, bool mayFail)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args) start.ArgumentList.Add(a);
        start.Environment["SLURM_CONF"] = _conf;
        using Process p = Process.Start(start)!;
        Task<string> err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(60_000)) Assert.Fail($"{file} {string.Join(' ', args)}: no answer within 60 s");
        Assert.True(p.ExitCode == 0 || mayFail, $"{file} {string.Join(' ', args)}: exit {p.ExitCode.ToString(CultureInfo.InvariantCulture)}\n{output}{err.Result}");
        return output;
    }
}
