using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Xunit;
using Sim.Core.Tests.Readme;
using Sim.Experiments;
using Sim.Scenarios;
using Sim.Stack;

namespace Sim.Core.Tests.Experiments;

public class SweepTests
{
    private static SweepParameter Param(string text)
    {
        Assert.True(SweepParameter.TryParse(text, out SweepParameter? p, out string error), error);
        return p;
    }

    private static SweepGrid Grid(params string[] parameters)
    {
        Assert.True(SweepGrid.TryCreate([.. parameters.Select(Param)], out SweepGrid? grid, out string error), error);
        return grid;
    }

    [Theory]
    [InlineData("workers.count=2..5", "workers.count", "2,3,4,5")]
    [InlineData("load.closed.users=100..400:100", "load.closed.users", "100,200,300,400")]
    [InlineData("load.closed.users=100..350:100", "load.closed.users", "100,200,300")]
    [InlineData("cache.hitRatio=0.1..0.3:0.1", "cache.hitRatio", "0.1,0.2,0.3")]
    [InlineData("dbConnections.connMaxAge=0s..600s:300s", "dbConnections.connMaxAge", "0s,300s,600s")]
    [InlineData("load.open.rate=50/s..70/s:10", "load.open.rate", "50/s,60/s,70/s")]
    [InlineData("workers.count=4..4", "workers.count", "4")]
    [InlineData("proxy.gzip.enabled=false,true", "proxy.gzip.enabled", "false,true")]
    [InlineData("users=10, 20 ,30", "load.closed.users", "10,20,30")]
    [InlineData("workers=2..3", "workers.count", "2,3")]
    [InlineData("servers=1,2", "loadBalancer.servers", "1,2")]
    public void Parameter_RangesAndLists_GiveTheirValuesInOrder(string text, string path, string values)
    {
        SweepParameter p = Param(text);
        Assert.Equal(path, p.Path);
        Assert.Equal(values.Split(','), p.Values);
    }

    [Theory]
    [InlineData("workers.count", "expected path=a..b")]
    [InlineData("=2..4", "expected path=a..b")]
    [InlineData("workers.count=", "expected path=a..b")]
    [InlineData("workers.count=4..2", "the end 2 is below the start 4")]
    [InlineData("workers.count=2..4:0", "the step 0 must be > 0")]
    [InlineData("workers.count=2..4:-1", "the step -1 must be > 0")]
    [InlineData("workers.count=a..4", "the start 'a' is not a number")]
    [InlineData("workers.count=2..x", "the end 'x' is not a number")]
    [InlineData("run.duration=10s..20ms", "different units")]
    [InlineData("run.duration=10s..20s:5ms", "the step's unit 'ms' differs")]
    [InlineData("load.closed.users=1..20000", "more than the 10000 points")]
    [InlineData("workers.count=2,,3", "an empty value")]
    public void Parameter_Malformed_SaysWhatIsWrongAndWhatIsAllowed(string text, string expected)
    {
        Assert.False(SweepParameter.TryParse(text, out _, out string error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Contains(text, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Grid_EnumeratesRowMajor_FirstParameterSlowest()
    {
        SweepGrid grid = Grid("workers.count=2..4", "load.closed.users=10,20");
        Assert.Equal(6, grid.Count);
        var points = Enumerable.Range(0, grid.Count).Select(i => string.Join(" ", grid.Overrides(i))).ToList();
        Assert.Equal(
        [
            "workers.count=2 load.closed.users=10", "workers.count=2 load.closed.users=20",
            "workers.count=3 load.closed.users=10", "workers.count=3 load.closed.users=20",
            "workers.count=4 load.closed.users=10", "workers.count=4 load.closed.users=20",
        ], points);
    }

    [Fact]
    public void Grid_RejectsNoParameters_ARepeatedPath_AndTooManyPoints()
    {
        Assert.False(SweepGrid.TryCreate([], out _, out string none));
        Assert.Contains("at least one --param", none, StringComparison.Ordinal);
        Assert.False(SweepGrid.TryCreate([Param("workers=2..3"), Param("workers.count=5")], out _, out string twice));
        Assert.Contains("'workers.count' is given twice", twice, StringComparison.Ordinal);
        Assert.False(SweepGrid.TryCreate([Param("load.closed.users=1..200"), Param("workers.count=1..51")], out _, out string big));
        Assert.Contains("200 × 51", big, StringComparison.Ordinal);
        Assert.True(SweepGrid.TryCreate([Param("load.closed.users=1..200"), Param("workers.count=1..50")], out SweepGrid? max, out _));
        Assert.Equal(SweepGrid.MaxPoints, max.Count);
    }

    [Theory]
    [InlineData("1/1", 1, 1)]
    [InlineData("2/4", 2, 4)]
    [InlineData("4/4", 4, 4)]
    public void Shard_Parses(string text, int number, int count)
    {
        Assert.True(SweepShard.TryParse(text, out SweepShard shard, out _));
        Assert.Equal(new SweepShard(number, count), shard);
        Assert.Equal(text, shard.ToString());
    }

    [Theory]
    [InlineData("0/2")]
    [InlineData("3/2")]
    [InlineData("x")]
    [InlineData("1/0")]
    [InlineData("-1/2")]
    [InlineData("1/2/3")]
    [InlineData("")]
    public void Shard_Malformed_IsRejected(string text)
    {
        Assert.False(SweepShard.TryParse(text, out _, out string error));
        Assert.Contains("1 ≤ i ≤ n", error, StringComparison.Ordinal);
    }

    [Property(MaxTest = 100)]
    public bool Shards_RunEveryPointExactlyOnce(PositiveInt points, PositiveInt shards)
    {
        int n = 1 + points.Get % 300, k = 1 + shards.Get % 12;
        SweepGrid grid = Grid($"load.closed.users=1..{n}");
        var all = Enumerable.Range(1, k).SelectMany(i => grid.Indices(new SweepShard(i, k))).Order().ToList();
        return all.SequenceEqual(Enumerable.Range(0, n));
    }

    // A small, fast sweep of the seed stack: 4 points × 2 replications of 30 simulated seconds.
    private static readonly string[] Settings = ["run.duration=30s", "run.warmup=5s", "run.replications=2", "load.closed.users=30"];

    private static List<(int Index, StackScenario Scenario)> Points(SweepGrid grid, IEnumerable<int> indices, params string[] extra)
    {
        string path = Path.Combine(ReadmeExampleTests.RepoRoot(), "scenarios", "seed-stack.json");
        return [.. indices.Select(i => (i, ScenarioLoader.LoadFile(path, [.. Settings, .. extra, .. grid.Overrides(i)]).Baseline))];
    }

    private static SweepResult Document(SweepGrid grid, SweepShard? shard, SweepOutcome outcome) =>
        new("seed-stack", "baseline", "f", grid.Parameters, grid.Count, shard, outcome.Cancelled, outcome.Points);

    [Fact]
    public void Run_AllCores_EqualsSerial_ByteForByte()
    {
        SweepGrid grid = Grid("workers.count=2,3", "load.closed.users=20,40");
        var points = Points(grid, Enumerable.Range(0, grid.Count));
        string parallel = Document(grid, null, Sweep.Run(grid, points, maxDegreeOfParallelism: -1)).ToJson();
        string serial = Document(grid, null, Sweep.Run(grid, points, maxDegreeOfParallelism: 1)).ToJson();
        Assert.Equal(serial, parallel);
        Assert.Equal(4, JsonDocument.Parse(serial).RootElement.GetProperty("points").GetArrayLength());
    }

    [Fact]
    public void Run_APointEqualsStackExperimentOnItsConfiguration_WithAutomaticWarmup()
    {
        SweepGrid grid = Grid("workers.count=2,4");
        var points = Points(grid, [1], "run.warmup=auto");
        SweepPoint point = Assert.Single(Sweep.Run(grid, points).Points);
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer)) StackSummary.From(StackExperiment.Run(points[0].Scenario)).WriteJson(w);
        Assert.Equal(Encoding.UTF8.GetString(buffer.ToArray()), point.Results.GetRawText());
        Assert.Equal(1, point.Index);
        Assert.Equal([new("workers.count", "4")], point.Values);
    }

    [Fact]
    public void Shards_Merged_EqualTheUnshardedRun_ByteForByte()
    {
        SweepGrid grid = Grid("workers.count=2..4", "load.closed.users=20,40");
        string whole = Document(grid, null, Sweep.Run(grid, Points(grid, grid.Indices(SweepShard.All)))).ToJson();
        var parts = new List<SweepResult>();
        for (int i = 1; i <= 2; i++)
        {
            var shard = new SweepShard(i, 2);
            // Each shard goes through its file and back, as between machines.
            parts.Add(SweepResult.Parse(Document(grid, shard, Sweep.Run(grid, Points(grid, grid.Indices(shard)), maxDegreeOfParallelism: i)).ToJson()));
        }
        SweepResult merged = SweepResult.Merge([parts[1], parts[0]]);
        Assert.Equal(whole, merged.ToJson());
        Assert.Equal(SweepResult.Parse(whole).ToCsv(), merged.ToCsv());
    }

    [Fact]
    public void Merge_Incomplete_Mismatched_Partial_OrRepeated_SaysWhy()
    {
        SweepGrid grid = Grid("workers.count=2..4");
        SweepOutcome one = Sweep.Run(grid, Points(grid, [0]));
        SweepOutcome rest = Sweep.Run(grid, Points(grid, [1, 2]));
        SweepResult a = Document(grid, new SweepShard(1, 3), one), b = Document(grid, new SweepShard(2, 3), rest);

        var missing = Assert.Throws<ArgumentException>(() => SweepResult.Merge([a]));
        Assert.Contains("incomplete: 2 of 3 points are missing (points 1, 2)", missing.Message, StringComparison.Ordinal);
        var other = Assert.Throws<ArgumentException>(() => SweepResult.Merge([a, b with { Fingerprint = "g" }], ["A", "B"]));
        Assert.Contains("B is a different sweep from A", other.Message, StringComparison.Ordinal);
        var partial = Assert.Throws<ArgumentException>(() => SweepResult.Merge([a, b with { Partial = true }], ["A", "B"]));
        Assert.Contains("B is partial", partial.Message, StringComparison.Ordinal);
        var twice = Assert.Throws<ArgumentException>(() => SweepResult.Merge([a, a, b], ["A", "A2", "B"]));
        Assert.Contains("point 0 is in both A and A2", twice.Message, StringComparison.Ordinal);
        Assert.Equal(3, SweepResult.Merge([b, a]).Points.Count);
    }

    [Fact]
    public void Cancelled_KeepsTheFinishedPoints_AndSaysSo()
    {
        SweepGrid grid = Grid("load.closed.users=10..60:10");
        using var cts = new CancellationTokenSource();
        var reported = new List<int>();
        SweepOutcome outcome = Sweep.Run(grid, Points(grid, Enumerable.Range(0, grid.Count)), p =>
        {
            lock (reported) reported.Add(p.Index);
            cts.Cancel();
        }, maxDegreeOfParallelism: 1, cancellationToken: cts.Token);
        Assert.True(outcome.Cancelled);
        Assert.Equal([0], outcome.Points.Select(p => p.Index));
        Assert.Equal([0], reported);
    }

    [Fact]
    public void PointFile_RoundTrips_ByteForByte()
    {
        SweepGrid grid = Grid("dbConnections.connMaxAge=0s,600s", "proxy.gzip.enabled=true");
        SweepPoint point = Assert.Single(Sweep.Run(grid, Points(grid, [1])).Points);
        string text = point.ToFileJson("abc");
        SweepPoint back = SweepPoint.ParseFile(text, out string fingerprint);
        Assert.Equal("abc", fingerprint);
        Assert.Equal(text, back.ToFileJson("abc"));
        Assert.Equal([new("dbConnections.connMaxAge", "600s"), new("proxy.gzip.enabled", "true")], back.Values);
        Assert.Throws<FormatException>(() => SweepPoint.ParseFile("{\"index\": 1}", out _));
        Assert.Throws<FormatException>(() => SweepResult.Parse("[1, 2]"));
    }

    [Fact]
    public void Fingerprint_ChangesWithEveryInput()
    {
        SweepGrid grid = Grid("workers.count=2..4");
        string f = Sweep.Fingerprint("s", "{}", ["run.seed=1"], "baseline", grid);
        Assert.Equal(32, f.Length);
        Assert.Equal(f, Sweep.Fingerprint("s", "{}", ["run.seed=1"], "baseline", Grid("workers.count=2,3,4")));
        Assert.NotEqual(f, Sweep.Fingerprint("t", "{}", ["run.seed=1"], "baseline", grid));
        Assert.NotEqual(f, Sweep.Fingerprint("s", "{ }", ["run.seed=1"], "baseline", grid));
        Assert.NotEqual(f, Sweep.Fingerprint("s", "{}", ["run.seed=2"], "baseline", grid));
        Assert.NotEqual(f, Sweep.Fingerprint("s", "{}", ["run.seed=1"], "nginx", grid));
        Assert.NotEqual(f, Sweep.Fingerprint("s", "{}", ["run.seed=1"], "baseline", Grid("workers.count=2..5")));
        // Another build of the engine may compute other results: its points are not reused.
        Assert.Equal(f, Sweep.FingerprintFor(Sweep.EngineVersion, "s", "{}", ["run.seed=1"], "baseline", grid));
        Assert.NotEqual(f, Sweep.FingerprintFor(Sweep.EngineVersion + "-other", "s", "{}", ["run.seed=1"], "baseline", grid));
        Assert.False(string.IsNullOrWhiteSpace(Sweep.EngineVersion));
    }
}
