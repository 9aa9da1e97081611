using System.Diagnostics;
using System.Text.Json;
using Sim.Cli;
using static Sim.Cli.Tests.CliRun;

namespace Sim.Cli.Tests;

public sealed class SweepCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sim-sweep-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private string Dir(string name) => Path.Combine(_root, name);

    // 6 points of the built-in seed stack, 2 replications of 30 simulated seconds each: about a second.
    private static readonly string[] Small =
        ["sweep", "--param", "workers=2..4", "--param", "load.closed.users=20,40", "-n", "2", "--duration", "30s", "--set", "run.warmup=5s"];

    private static byte[] Bytes(string dir, string file) => File.ReadAllBytes(Path.Combine(dir, file));

    [Fact]
    public void Help_ListsSweepAndMerge_AndTheirOptions()
    {
        string root = RunSim("--help").Out;
        Assert.Contains("sweep", root, StringComparison.Ordinal);
        Assert.Contains("merge", root, StringComparison.Ordinal);
        string sweep = RunSim("sweep", "--help").Out;
        foreach (string option in new[] { "--param", "--shard", "--out", "--phase", "--users", "--rate", "--set", "--replications", "--seed", "--duration", "--threads", "--format" })
            Assert.Contains(option, sweep, StringComparison.Ordinal);
        Assert.Contains("--out <out> (REQUIRED)", RunSim("merge", "--help").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_IsOneDocumentOnStdout_WithEveryPointInGridOrder()
    {
        var (code, output, err) = RunSim([.. Small, "--format", "json"]);
        Assert.Equal(0, code);
        using JsonDocument doc = JsonDocument.Parse(output);
        JsonElement root = doc.RootElement;
        Assert.Equal("seed-stack", root.GetProperty("scenario").GetString());
        Assert.Equal(6, root.GetProperty("pointCount").GetInt32());
        Assert.False(root.GetProperty("partial").GetBoolean());
        Assert.False(root.TryGetProperty("shard", out _));
        var points = root.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2, 3, 4, 5], points.Select(p => p.GetProperty("index").GetInt32()));
        Assert.Equal(4, points[5].GetProperty("values").GetProperty("workers.count").GetInt32());
        Assert.Equal(40, points[5].GetProperty("values").GetProperty("load.closed.users").GetInt32());
        JsonElement metrics = points[0].GetProperty("results").GetProperty("metrics");
        Assert.True(metrics.GetProperty("throughputPerSecond").GetProperty("mean").GetDouble() > 0);
        Assert.True(metrics.GetProperty("latencyMs").GetProperty("p95").TryGetProperty("ci95", out _));
        Assert.Equal(6, err.Split('\n').Count(l => l.StartsWith("point ", StringComparison.Ordinal))); // progress: one line per point, on stderr
    }

    [Fact]
    public void APoint_OfAPhase_HasTheResultsOfSimRun_ForTheSameSettings()
    {
        string[] common = ["-n", "2", "--duration", "30s", "--set", "run.warmup=5s", "--phase", "nginx", "--format", "json"];
        var (code, output, _) = RunSim(["sweep", "--param", "host.cores=1,4", .. common]);
        Assert.Equal(0, code);
        var (runCode, run, _) = RunSim(["run", "--set", "host.cores=4", .. common]);
        Assert.Equal(0, runCode);
        using JsonDocument sweep = JsonDocument.Parse(output), single = JsonDocument.Parse(run);
        Assert.Equal("nginx", sweep.RootElement.GetProperty("phase").GetString());
        static string Compact(JsonElement e) => JsonSerializer.Serialize(e); // numbers keep their spelling
        string point = Compact(sweep.RootElement.GetProperty("points")[1].GetProperty("results"));
        Assert.Equal(Compact(single.RootElement.GetProperty("results")), point);
        Assert.NotEqual(Compact(sweep.RootElement.GetProperty("points")[0].GetProperty("results")), point);
    }

    [Fact]
    public void Table_ShowsEveryPoint_AndDiagnosesUnstablePoints()
    {
        var (code, output, _) = RunSim("sweep", "--rate", "100/s", "--param", "load.open.rate=50/s,300/s", "-n", "2", "--duration", "30s",
            "--set", "run.warmup=5s", "--set", "run.maxInFlight=200");
        Assert.Equal(0, code);
        Assert.Contains("seed-stack / baseline: 2 of 2 point(s)", output, StringComparison.Ordinal);
        Assert.Contains("load.open.rate", output, StringComparison.Ordinal);
        Assert.Contains("300/s", output, StringComparison.Ordinal);
        Assert.Contains("#1 (load.open.rate=300/s): unstable: 300 req/s offered", output, StringComparison.Ordinal);
        Assert.DoesNotContain("#0 (", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Shards_Merged_EqualTheUnshardedRun_ByteForByte_AndThreadsDoNotMatter()
    {
        Assert.Equal(0, RunSim([.. Small, "--out", Dir("whole"), "--format", "csv"]).Code);
        Assert.Equal(0, RunSim([.. Small, "--shard", "1/2", "--out", Dir("s1"), "--threads", "1"]).Code);
        Assert.Equal(0, RunSim([.. Small, "--shard", "2/2", "--out", Dir("s2")]).Code);
        Assert.Equal(0, RunSim([.. Small, "--out", Dir("serial"), "--threads", "1"]).Code);
        var (code, output, _) = RunSim("merge", Dir("s2"), Dir("s1"), "--out", Dir("merged"));
        Assert.Equal(0, code);
        Assert.Contains("Merged 2 shard(s)", output, StringComparison.Ordinal);
        foreach (string file in new[] { "sweep.json", "sweep.csv" })
        {
            Assert.Equal(Bytes(Dir("whole"), file), Bytes(Dir("merged"), file));
            Assert.Equal(Bytes(Dir("whole"), file), Bytes(Dir("serial"), file));
        }
        Assert.Equal(3, JsonDocument.Parse(Bytes(Dir("s1"), "sweep.json")).RootElement.GetProperty("points").GetArrayLength());
        Assert.Equal("1/2", JsonDocument.Parse(Bytes(Dir("s1"), "sweep.json")).RootElement.GetProperty("shard").GetString());
        string[] csv = File.ReadAllLines(Path.Combine(Dir("whole"), "sweep.csv"));
        Assert.StartsWith("index,workers.count,load.closed.users,replications,unstable,bottleneck,warmupSeconds,throughputPerSecond.mean,throughputPerSecond.ci95,", csv[0], StringComparison.Ordinal);
        Assert.Equal(7, csv.Length);
    }

    [Fact]
    public void Rerun_SkipsThePointsAlreadyDone()
    {
        Assert.Equal(0, RunSim([.. Small, "--out", Dir("a"), "--format", "json"]).Code);
        // Mark a finished point so we can see it is reused, not recomputed; drop another so it must be run again.
        string three = Path.Combine(Dir("a"), "points", "3.json");
        File.WriteAllText(three, File.ReadAllText(three).Replace("\"bottleneck\": \"gunicorn workers\"", "\"bottleneck\": \"kept from before\"", StringComparison.Ordinal));
        File.Delete(Path.Combine(Dir("a"), "points", "4.json"));
        var (code, output, err) = RunSim([.. Small, "--out", Dir("a"), "--format", "json"]);
        Assert.Equal(0, code);
        Assert.Contains("5 of 6 point(s) already done; running the other 1.", err, StringComparison.Ordinal);
        Assert.Single(err.Split('\n'), l => l.StartsWith("point ", StringComparison.Ordinal));
        var points = JsonDocument.Parse(output).RootElement.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(6, points.Count);
        Assert.Equal("kept from before", points[3].GetProperty("results").GetProperty("bottleneck").GetString());
        Assert.Equal("gunicorn workers", points[4].GetProperty("results").GetProperty("bottleneck").GetString());
        Assert.True(File.Exists(Path.Combine(Dir("a"), "points", "4.json")));
    }

    [Fact]
    public void Rerun_OfADifferentSweep_InTheSameFolder_IsRefused()
    {
        Assert.Equal(0, RunSim([.. Small, "--out", Dir("a"), "--format", "csv"]).Code);
        var (code, output, err) = RunSim([.. Small, "--seed", "7", "--out", Dir("a")]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains($"--out {Dir("a")}: holds a different sweep", err, StringComparison.Ordinal);
        File.Delete(Path.Combine(Dir("a"), "sweep.json"));
        (code, _, err) = RunSim([.. Small, "--seed", "7", "--out", Dir("a")]);
        Assert.Equal(2, code);
        Assert.Contains("belongs to a different sweep", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--param workers", "--param: 'workers' is not valid — expected path=a..b[:step]")]
    [InlineData("--param workers.count=4..2", "--param: 'workers.count=4..2' is not valid — the end 2 is below the start 4")]
    [InlineData("--param workers.count=2..4:0", "--param: 'workers.count=2..4:0' is not valid — the step 0 must be > 0")]
    [InlineData("--param workers.cont=2..4", "--param workers.cont: 2 — unknown field 'cont' in $.workers; did you mean 'count'?")]
    [InlineData("--param load.closed.users=1..200 --param workers.count=1..60", "--param: the grid 200 × 60 has more than the 10000 points a sweep allows")]
    [InlineData("--param workers.count=0,1", "seed-stack.json (built-in), sweep point 0 (workers.count=0): $.workers.count: 0 — too small")]
    [InlineData("--param workers=2..4 --shard 0/2", "--shard: '0/2' is not valid — expected i/n with whole numbers 1 ≤ i ≤ n")]
    [InlineData("--param workers=2..4 --shard 3/2", "--shard: '3/2' is not valid")]
    [InlineData("--param workers=2..4 --shard x", "--shard: 'x' is not valid")]
    [InlineData("--param workers=2..4 --threads 0", "--threads: '0' is not valid")]
    [InlineData("--phase gunicorn-workers --param workers.count=2,3", "--param workers.count: phase 'gunicorn-workers' sets 'workers.count'")]
    // The phase writes classes.page…, the sweep classes[0]…: the same field, so the phase would silently win at every point.
    [InlineData("--phase query-optimisation --param classes[0].steps[3].db.queries=1,3", "--param classes[0].steps[3].db.queries: phase 'query-optimisation' sets 'classes.page.steps[3].db.queries'")]
    [InlineData("--phase query-optimisation --param classes[0].steps[3].db=1,3", "--param classes[0].steps[3].db: phase 'query-optimisation' sets 'classes.page.steps[3].db.queries'")]
    [InlineData("--param classes[0].weight=1,2 --param classes.page.weight=3,4", "--param classes.page.weight: the same field as --param classes[0].weight ($.classes[0].weight)")]
    [InlineData("", "--param: a sweep needs at least one --param")]
    public void BadInput_GetsOneClearLine_AndExitCode2(string args, string expected)
    {
        var (code, output, err) = RunSim(["sweep", .. args.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("sim: " + expected, err, StringComparison.Ordinal);
        Assert.Single(err.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Out_ThatIsAFile_IsRefusedBeforeAnythingRuns()
    {
        Directory.CreateDirectory(_root);
        string file = Dir("a-file");
        File.WriteAllText(file, "");
        var (code, output, err) = RunSim([.. Small, "--out", file]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith($"sim: --out {file}: cannot be used as a folder", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_OfIncompleteOrForeignShards_IsRefused()
    {
        Assert.Equal(0, RunSim([.. Small, "--shard", "1/2", "--out", Dir("s1"), "--format", "csv"]).Code);
        Assert.Equal(0, RunSim([.. Small, "--seed", "7", "--shard", "2/2", "--out", Dir("s2"), "--format", "csv"]).Code);
        var (code, _, err) = RunSim("merge", Dir("s1"), "--out", Dir("m"));
        Assert.Equal(2, code);
        Assert.StartsWith("sim: merge: incomplete: 3 of 6 points are missing (points 1, 3, 5); shards given: 1/2.", err, StringComparison.Ordinal);
        (code, _, err) = RunSim("merge", Dir("s1"), Dir("s2"), "--out", Dir("m"));
        Assert.Equal(2, code);
        Assert.StartsWith($"sim: merge: {Dir("s2")} is a different sweep from {Dir("s1")}", err, StringComparison.Ordinal);
        (code, _, err) = RunSim("merge", Dir("nothing"), "--out", Dir("m"));
        Assert.Equal(2, code);
        Assert.StartsWith($"sim: {Dir("nothing")}: no sweep.json", err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Dir("m")));
    }

    /// <summary>A writer that runs an action once what was written contains a marker (e.g. to cancel a run at a known point).</summary>
    private sealed class TriggerWriter(string marker, Action action) : StringWriter
    {
        private bool _fired;

        public override void Write(char value) { base.Write(value); Check(); }

        public override void Write(string? value) { base.Write(value); Check(); }

        public override void Write(char[] buffer, int index, int count) { base.Write(buffer, index, count); Check(); }

        public override void WriteLine(string? value) { base.WriteLine(value); Check(); }

        private void Check()
        {
            if (_fired || !GetStringBuilder().ToString().Contains(marker, StringComparison.Ordinal)) return;
            _fired = true;
            action();
        }
    }

    [Fact]
    public void Cancelled_AfterTheFirstPoint_KeepsIt_MarksThePartialResult_AndARerunFinishesWithTheUninterruptedResult()
    {
        // One thread: the points run in order, and the token is cancelled by the progress line of the first finished
        // point, before the second starts — so exactly one point is kept, every time.
        using var cancel = new CancellationTokenSource();
        var stderr = new TriggerWriter("point 1/6", cancel.Cancel);
        var stdout = new StringWriter();
        int code = Program.Run([.. Small, "--threads", "1", "--out", Dir("a"), "--format", "json"], stdout, stderr, cancel.Token);
        Assert.True(code == 3, $"exit code {code}, stderr:\n{stderr}");
        Assert.Contains("sim: cancelled — 1 of 6 point(s) finished", stderr.ToString(), StringComparison.Ordinal);
        Assert.True(JsonDocument.Parse(stdout.ToString()).RootElement.GetProperty("partial").GetBoolean());
        using (JsonDocument written = JsonDocument.Parse(Bytes(Dir("a"), "sweep.json")))
        {
            Assert.True(written.RootElement.GetProperty("partial").GetBoolean());
            Assert.Equal(1, written.RootElement.GetProperty("points").GetArrayLength());
        }
        Assert.Single(Directory.GetFiles(Path.Combine(Dir("a"), "points"), "*.json"));

        var (rerun, _, err) = RunSim([.. Small, "--out", Dir("a"), "--format", "json"]);
        Assert.Equal(0, rerun);
        Assert.Contains("1 of 6 point(s) already done; running the other 5.", err, StringComparison.Ordinal);
        Assert.Equal(0, RunSim([.. Small, "--out", Dir("whole"), "--format", "json"]).Code);
        Assert.Equal(Bytes(Dir("whole"), "sweep.json"), Bytes(Dir("a"), "sweep.json"));
    }

    [LinuxOnlyFact]
    [Trait("Category", "Slow")]
    public async Task CtrlC_InARealProcess_KeepsFinishedPoints_MarksThePartialResult_AndExits3_AndARerunPicksThemUp()
    {
        string dir = Dir("interrupted");
        // Two points: the first (10 s simulated, ~2,000 requests) finishes at once; the second (10⁶ s simulated, 2·10⁸
        // requests: many minutes on any host) cannot finish before the SIGINT sent as soon as the first is on disk, so the
        // outcome does not depend on the host's speed. (A grid of short points, and then a 40,000 s point, raced.)
        string[] args = ["sweep", "--param", "run.duration=10s,1000000s", "-n", "2", "--set", "run.warmup=10s", "--out", dir, "--format", "json"];
        using (SigIntProcess child = SigIntProcess.Start(args))
        {
            Task<string> stderr = child.Stderr.ReadToEndAsync();
            var guard = Stopwatch.StartNew(); // against a hang only: the first point takes about a second
            while (!File.Exists(Path.Combine(dir, "points", "0.json")))
            {
                if (child.HasExited) Assert.Fail("sim exited before finishing a point: " + await stderr);
                Assert.True(guard.Elapsed < TimeSpan.FromMinutes(5), "no point finished within 5 minutes");
                await Task.Delay(20);
            }
            child.Interrupt();
            await child.WaitForExitAsync(TimeSpan.FromMinutes(2)); // throws if SIGINT did not stop it
            string err = await stderr;
            Assert.True(child.ExitCode == 3, $"exit code {child.ExitCode}, stderr:\n{err}");
            Assert.Contains("sim: cancelled — 1 of 2 point(s) finished", err, StringComparison.Ordinal);
            Assert.Contains("re-run the same command to finish the rest", err, StringComparison.Ordinal);
            using JsonDocument printed = JsonDocument.Parse(await child.Stdout);
            Assert.True(printed.RootElement.GetProperty("partial").GetBoolean());
        }
        using (JsonDocument written = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "sweep.json"))))
        {
            Assert.True(written.RootElement.GetProperty("partial").GetBoolean());
            Assert.Equal(1, written.RootElement.GetProperty("points").GetArrayLength());
        }
        Assert.Single(Directory.GetFiles(Path.Combine(dir, "points"), "*.json"));
        Assert.Empty(Directory.GetFiles(dir, "*.tmp", SearchOption.AllDirectories).Concat(Directory.GetFiles(dir, ".*", SearchOption.AllDirectories)));

        // The same command again reuses the kept point and starts the long one; cancelled as soon as it says so (finishing
        // it would take minutes; a rerun that finishes is the in-process test above).
        byte[] kept = Bytes(Path.Combine(dir, "points"), "0.json");
        using var cancel = new CancellationTokenSource();
        var rerunErr = new TriggerWriter("running the other 1.", cancel.Cancel);
        int code = Program.Run(args, new StringWriter(), rerunErr, cancel.Token);
        Assert.True(code == 3, $"exit code {code}, stderr:\n{rerunErr}");
        Assert.Contains("1 of 2 point(s) already done; running the other 1.", rerunErr.ToString(), StringComparison.Ordinal);
        Assert.Equal(kept, Bytes(Path.Combine(dir, "points"), "0.json"));
    }
}
