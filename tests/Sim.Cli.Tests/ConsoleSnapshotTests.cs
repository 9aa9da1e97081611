using System.Text.RegularExpressions;

namespace Sim.Cli.Tests;

/// <summary>
/// What the commands print in 80- and 120-column terminals: no line wider than the terminal, the SLO beside every
/// capacity, and the whole output compared with Snapshots/console-NAME-WIDTH.txt (after the run-dependent parts — wall
/// time, events per second — are normalised). Short runs with fixed seeds, so the numbers are the same on every machine
/// and core count. To accept an intended change, run the tests with SIM_UPDATE_SNAPSHOTS=1 (or SIM_UPDATE_GENERATED=1)
/// and commit the rewritten files.
/// </summary>
public class ConsoleSnapshotTests
{
    private static readonly string[] Short = ["--set", "run.duration=20s", "--set", "run.warmup=5s", "--set", "run.replications=2"];

    private static readonly Dictionary<string, string[]> Commands = new()
    {
        ["phases"] = ["phases", .. Short, "--no-capacity", "--no-scaling"],
        ["phases-wide-capacity"] = ["phases", .. Short, "--phase", "baseline", "--phase", "nginx", "--capacity", "--wide"],
        ["capacity-below-floor"] = ["capacity", .. Short, "--phase", "baseline", "--slo", "p95<=100ms"],
        ["run"] = ["run", .. Short],
        ["sensitivity"] = ["sensitivity", .. Short, "--param", "workers.count", "--param", "dbConnections.connectTime", "--param", "proxy.gzip.cpuPerMB"],
        ["sweep"] = ["sweep", "--param", "workers.count=2,4", "--param", "load.closed.users=100,200", .. Short],
        ["analyze"] = ["analyze", .. Short],
        ["mmc"] = ["mmc", "-n", "3", "--duration", "500s", "--warmup", "50s"],
    };

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (string name in Commands.Keys)
            foreach (int width in new[] { 80, 120 })
                data.Add(name, width);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Output_FitsTheTerminal_AndMatchesTheSnapshot(string name, int width)
    {
        var stdout = new WidthWriter(width);
        var stderr = new StringWriter();
        int code = Program.Run(Commands[name], stdout, stderr, CancellationToken.None);
        Assert.True(code == 0, stderr.ToString());
        string output = stdout.ToString().ReplaceLineEndings("\n");
        string[] lines = output.Split('\n');
        Assert.All(lines, line => Assert.True(line.Length <= width, $"{line.Length} > {width} columns: {line}"));
        if (output.Contains("capacity", StringComparison.OrdinalIgnoreCase) && name.Contains("capacity", StringComparison.Ordinal))
            Assert.Matches(@"p95 ≤ \d+ ms", output);
        Compare(name, width, Normalise(output));
    }

    [Fact]
    public void Phases_NamesTheSloBesideTheCapacity_AndWhatWideWouldAdd()
    {
        string wide = Snapshot("phases-wide-capacity", 80);
        Assert.Contains("capacity (users)", wide, StringComparison.Ordinal);
        Assert.Contains("p95 ≤ 500 ms", wide, StringComparison.Ordinal);
        Assert.Contains("Every other metric", wide, StringComparison.Ordinal);
        string narrow = Snapshot("phases", 120);
        Assert.Contains("--wide shows", narrow, StringComparison.Ordinal);
    }

    [Fact]
    public void Capacity_BelowTheFloor_SaysWhy()
    {
        string output = Snapshot("capacity-below-floor", 120);
        Assert.Contains("no capacity under the SLO — p95 is already", output, StringComparison.Ordinal);
        Assert.Contains("at 1 user", output, StringComparison.Ordinal);
        Assert.Matches(@"the floor, with nothing queued, is [a-zA-Z +]+ ≈ [\d.,]+ ms", output.Replace("\n", " ", StringComparison.Ordinal));
    }

    private static string Snapshot(string name, int width)
    {
        var stdout = new WidthWriter(width);
        Assert.Equal(0, Program.Run(Commands[name], stdout, new StringWriter(), CancellationToken.None));
        return stdout.ToString().ReplaceLineEndings("\n");
    }

    /// <summary>The parts of the output that change from run to run: wall time and events per second (mmc).</summary>
    private static string Normalise(string output) =>
        Regex.Replace(output, @"[\d,]+ events in [\d.]+\s+s\s+wall\s+time\s+\([\d.]+\s+M\s+events/s\)", "EVENTS in WALL s wall time (RATE M events/s)");

    private static void Compare(string name, int width, string actual)
    {
        string file = Path.Combine(SnapshotFolder(), $"console-{name}-{width}.txt");
        string expected = File.Exists(file) ? File.ReadAllText(file).ReplaceLineEndings("\n") : "";
        if (actual != expected && (Environment.GetEnvironmentVariable("SIM_UPDATE_SNAPSHOTS") == "1" || Environment.GetEnvironmentVariable("SIM_UPDATE_GENERATED") == "1"))
        {
            File.WriteAllText(file, actual);
            expected = actual;
        }
        Assert.True(actual == expected, $"the output of '{name}' at {width} columns differs from {file}; if the change is intended, run the tests with SIM_UPDATE_SNAPSHOTS=1 and commit the snapshot.\n--- actual ---\n{actual}");
    }

    private static string SnapshotFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Sim.sln"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException("Sim.sln not found above the test folder");
        return Path.Combine(dir.FullName, "tests", "Sim.Cli.Tests", "Snapshots");
    }
}
