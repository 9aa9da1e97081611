using System.Text.Json;
using Sim.Cli;
using static Sim.Cli.Tests.CliRun;

namespace Sim.Cli.Tests;

public class PhasesCommandTests
{
    // Short runs: the point here is the command's contract, not the numbers.
    private static readonly string[] Short = ["phases", "-n", "2", "--set", "run.duration=60s", "--set", "run.warmup=10s"];

    [Fact]
    public void BuiltInSeedStack_RunsEveryPhase_AsOneJsonDocument()
    {
        var (code, output, _) = RunSim([.. Short, "--format", "json"]);
        Assert.Equal(0, code);
        using JsonDocument doc = JsonDocument.Parse(output);
        var phases = doc.RootElement.GetProperty("phases").EnumerateArray().ToList();
        Assert.Equal(8, phases.Count);
        Assert.Equal("baseline", phases[0].GetProperty("phase").GetString());
        JsonElement metrics = phases[0].GetProperty("results").GetProperty("metrics");
        Assert.True(metrics.GetProperty("throughputPerSecond").GetProperty("mean").GetDouble() > 50);
        Assert.True(metrics.GetProperty("latencyMs").GetProperty("p95").GetProperty("ci95").GetDouble() >= 0);
        Assert.Equal(3, metrics.GetProperty("workerUtilization").GetProperty("perWorker").GetArrayLength());
        Assert.Equal(8, phases[1].GetProperty("results").GetProperty("metrics").GetProperty("workerUtilization").GetProperty("perWorker").GetArrayLength());
    }

    [Fact]
    public void PhaseFilterAndUsers_RunOnlyWhatWasAsked()
    {
        var (code, output, _) = RunSim([.. Short, "--phase", "nginx", "--users", "842", "--format", "json"]);
        Assert.Equal(0, code);
        using JsonDocument doc = JsonDocument.Parse(output);
        JsonElement only = Assert.Single(doc.RootElement.GetProperty("phases").EnumerateArray());
        Assert.Equal("nginx", only.GetProperty("phase").GetString());
        Assert.Equal(842, only.GetProperty("users").GetInt32());
    }

    [Fact]
    public void Out_WritesAResultsFilePerPhaseAndASummary()
    {
        string dir = Path.Combine(Path.GetTempPath(), "sim-phases-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (code, _, _) = RunSim([.. Short, "--phase", "baseline", "--phase", "redis", "--out", dir, "--no-scaling"]);
            Assert.Equal(0, code);
            Assert.True(File.Exists(Path.Combine(dir, "summary.md")));
            foreach (string phase in new[] { "baseline", "redis" })
            {
                using JsonDocument _ = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, phase, "results.json")));
                foreach (string chart in new[] { "latency-distribution.png", "worker-utilization.png", "latency-breakdown.png", "dashboard.png" })
                    AssertPng(Path.Combine(dir, phase, chart));
            }
            foreach (string chart in new[] { "latency-comparison.png", "db-connections.png", "cache-hit-ratio.png", "resources.png", "capacity-growth.png" })
                AssertPng(Path.Combine(dir, chart));
            string summary = File.ReadAllText(Path.Combine(dir, "summary.md"));
            Assert.Contains("](baseline/worker-utilization.png)", summary);
            Assert.Contains("](capacity-growth.png)", summary);                       // the capacity search runs by default with --out
            AssertTopLevelNamesAreReserved(dir, "baseline", "redis");
            Assert.Matches(@"\| Capacity under the SLO \(p95 ≤ 500 ms and errors ≤ 0\.10 %\) \| \d+( ± [\d.]+)? users \|", summary);
            using (JsonDocument redis = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "redis", "results.json"))))
                Assert.True(redis.RootElement.GetProperty("capacityUnderSlo").GetProperty("capacity").GetDouble() > 0);
            Assert.Empty(Directory.GetFiles(dir, "*.tmp", SearchOption.AllDirectories));
            Assert.False(File.Exists(Path.Combine(dir, "scaling.png"))); // --no-scaling
            AssertSelfContainedReport(dir);
            AssertReportSummaryAndRecord(dir);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// The report's first screen is a summary (each phase's verdict against the named SLO, its bottleneck and capacity,
    /// then what to do next) followed by the contents; its end records the exact command, overrides and seed.
    /// </summary>
    private static void AssertReportSummaryAndRecord(string dir)
    {
        string md = File.ReadAllText(Path.Combine(dir, "report.md"));
        string html = File.ReadAllText(Path.Combine(dir, "report.html"));
        int summaryAt = md.IndexOf("## Summary", StringComparison.Ordinal), contentsAt = md.IndexOf("**Contents**", StringComparison.Ordinal);
        int resultsAt = md.IndexOf("## Results per phase", StringComparison.Ordinal);
        Assert.True(summaryAt > 0 && summaryAt < contentsAt && contentsAt < resultsAt, "summary, then contents, then the details");
        string summary = md[summaryAt..contentsAt];
        Assert.Contains("p95 ≤ 500 ms and errors ≤ 0.1 %", summary);
        Assert.Matches(@"\| baseline \| 500 users \| [\d,]+ \| [\d.<]+ % \| (met|violated: [a-z ()]+) \| (gunicorn workers|web CPU|database CPU) \([\d.]+ %\) \| [\d,]+ users \|", summary);
        Assert.Matches(@"\| redis \| 500 users \|", summary);
        Assert.Contains("What to do next: At redis's capacity (", summary);
        Assert.Contains("Command: sim phases -n 2 --set run.duration=60s --set run.warmup=10s --phase baseline --phase redis --out ", md);
        Assert.Contains("Overrides: run.duration=60s, run.warmup=10s, run.replications=2.", md);
        Assert.Contains("Seed 2026; 2 replications × 60 s after 10 s warm-up per phase.", md);
        Assert.Matches(@"sim \d+\.\d+\.\d+", md);
        var links = System.Text.RegularExpressions.Regex.Matches(html, "href=\"#([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("about-this-run", links);
        Assert.All(links, id => Assert.Contains($"id=\"{id}\"", html, StringComparison.Ordinal));
    }

    /// <summary>
    /// report.html embeds every chart of the folder as a data URI and refers to nothing outside itself;
    /// report.md links the same charts; the model assumptions are in both.
    /// </summary>
    private static void AssertSelfContainedReport(string dir, bool severalPhases = true)
    {
        string html = File.ReadAllText(Path.Combine(dir, "report.html"));
        string md = File.ReadAllText(Path.Combine(dir, "report.md"));
        var images = System.Text.RegularExpressions.Regex.Matches(html, "<img[^>]*>").Select(m => m.Value).ToList();
        string[] charts = Directory.GetFiles(dir, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".png", StringComparison.Ordinal) || f.EndsWith(".svg", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(charts);
        Assert.Equal(charts.Length, images.Count);
        Assert.All(images, img => Assert.Matches("src=\"data:image/(png|svg\\+xml);base64,", img));
        foreach (string chart in charts)
        {
            Assert.Contains(Convert.ToBase64String(File.ReadAllBytes(chart)), html);
            Assert.Contains("](" + Path.GetRelativePath(dir, chart).Replace('\\', '/') + ")", md);
        }
        Assert.DoesNotMatch("(src|href)=\"(?!data:|#)", html); // only data URIs, and links within the page (the contents)
        Assert.DoesNotContain("url(", html);
        foreach (string text in severalPhases ? ["Model assumptions", "Change from the previous phase", "± "] : new[] { "Model assumptions", "± " })
        {
            Assert.Contains(text, html);
            Assert.Contains(text, md);
        }
    }

    [Fact]
    public void Out_WithSvgAndScaling_WritesSvgChartsAndTheScalingStudy()
    {
        string dir = Path.Combine(Path.GetTempPath(), "sim-phases-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (code, _, _) = RunSim("phases", "-n", "2", "--set", "run.duration=20s", "--set", "run.warmup=5s", "--phase", "load-balancer",
                "--out", dir, "--image-format", "svg", "--log-latency");
            Assert.Equal(0, code);
            Assert.Empty(Directory.GetFiles(dir, "*.png", SearchOption.AllDirectories));
            string scaling = File.ReadAllText(Path.Combine(dir, "scaling.svg"));
            Assert.Contains("Scaling strategy — load-balancer", scaling);
            Assert.Contains("Number of servers behind the load balancer (N)", scaling);
            Assert.Contains("Throughput (req/s)", scaling);
            string distribution = File.ReadAllText(Path.Combine(dir, "load-balancer", "latency-distribution.svg"));
            Assert.Contains("Response-time distribution — load-balancer", distribution);
            Assert.Contains("Response time (ms, log scale)", distribution);
            string dashboard = File.ReadAllText(Path.Combine(dir, "load-balancer", "dashboard.svg"));
            Assert.Contains("Backend performance dashboard — load-balancer", dashboard);
            Assert.Contains("Share of the limit (%)", dashboard);
            AssertSelfContainedReport(dir, severalPhases: false);
            Assert.Contains("Scaling strategy", File.ReadAllText(Path.Combine(dir, "report.md")));
            AssertTopLevelNamesAreReserved(dir, "load-balancer");
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    // Each phase gets a folder named after it at the top of --out, beside the command's own files: a phase named like one
    // of them would replace it or fail to be written, so every such name must be one a phase may not take.
    private static void AssertTopLevelNamesAreReserved(string dir, params string[] phases)
    {
        foreach (string entry in Directory.EnumerateFileSystemEntries(dir).Select(path => Path.GetFileName(path)))
        {
            if (phases.Contains(entry)) continue;
            string stem = entry.Split('.')[0];
            // A stem no phase may take (empty, as in '.sim-phases.json', or with other characters) cannot collide.
            if (!System.Text.RegularExpressions.Regex.IsMatch(stem, "^[A-Za-z0-9_-]+$")) continue;
            Assert.True(Sim.Scenarios.ScenarioPhase.ReservedNames.Contains(stem), $"--out writes '{entry}', but a phase may be named '{stem}'");
        }
    }

    [Fact]
    public void APhaseNamedAsAPathOutsideTheFolder_IsRefusedBeforeTheRun_AndNothingIsWritten()
    {
        // "../keep" used to run every phase and then overwrite ../keep/results.json beside the --out folder.
        string root = Path.Combine(Path.GetTempPath(), "sim-names-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "keep"));
            File.WriteAllText(Path.Combine(root, "keep", "results.json"), "mine");
            string file = Path.Combine(root, "s.json");
            File.WriteAllText(file, """
                { "load": { "open": { "rate": "5/s" } }, "classes": [ { "name": "page", "steps": [ { "cpu": "1ms" } ] } ],
                  "run": { "duration": "10s", "warmup": "1s", "replications": 1 },
                  "phases": [ { "name": "../keep", "set": { "workers.count": 2 } } ] }
                """);
            var (code, output, err) = RunSim("phases", file, "--no-capacity", "--no-scaling", "--out", Path.Combine(root, "out"));
            Assert.Equal(2, code);
            Assert.Contains("$.phases[0].name: \"../keep\" — a name of ASCII letters, digits, '-' and '_'", err, StringComparison.Ordinal);
            Assert.DoesNotContain("running", err, StringComparison.Ordinal);
            Assert.Equal("", output);
            Assert.Equal("mine", File.ReadAllText(Path.Combine(root, "keep", "results.json")));
            Assert.False(Directory.Exists(Path.Combine(root, "out")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void AssertPng(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 10_000, $"{path}: {bytes.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
    }

    [Fact]
    public void BadOverride_ExitsTwo_NamingThePath()
    {
        var (code, output, err) = RunSim("phases", "--set", "wokers.count=8");
        Assert.Equal(2, code);
        Assert.Contains("wokers", err);
        Assert.Contains("workers", err); // the suggestion
        Assert.DoesNotContain("   at ", err);
        Assert.Equal("", output);
    }

    [Fact]
    public void NegativeWorkers_ExitsTwo_WithPathValueAndAllowed()
    {
        var (code, _, err) = RunSim("phases", "--set", "workers.count=-1");
        Assert.Equal(2, code);
        Assert.Contains("$.workers.count", err);
        Assert.Contains("-1", err);
    }

    [Fact]
    public void UnknownPhase_ExitsTwo_ListingThePhases()
    {
        var (code, _, err) = RunSim("phases", "--phase", "nope");
        Assert.Equal(2, code);
        Assert.Contains("gunicorn-workers", err);
    }

    [Fact]
    public void MissingFile_ExitsTwo()
    {
        var (code, _, err) = RunSim("phases", "/no/such/scenario.json");
        Assert.Equal(2, code);
        Assert.Contains("scenario.json", err);
    }

    [Fact]
    public void ShippedScenarioFile_IsTheBuiltInOne()
    {
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Sim.sln"))) root = Path.GetDirectoryName(root)!;
        var fromFile = RunSim([.. Short, "--phase", "baseline", "--format", "json", Path.Combine(root, "scenarios", "seed-stack.json")]);
        var builtIn = RunSim([.. Short, "--phase", "baseline", "--format", "json"]);
        Assert.Equal(0, fromFile.Code);
        Assert.Equal(builtIn.Out, fromFile.Out); // same file, same seed: byte-identical results
    }
}

public class CapacityCommandTests
{
    [Fact]
    public void Capacity_OnOnePhase_PrintsTheUsersItHolds()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(["capacity", "--phase", "gunicorn-workers", "-n", "2", "--set", "run.duration=60s", "--set", "run.warmup=10s",
            "--slo", "p95<=500ms,errors<=1%", "--format", "markdown"], stdout, stderr, CancellationToken.None);
        Assert.Equal(0, code);
        string output = stdout.ToString();
        Assert.Contains("p95 ≤ 500 ms and errors ≤ 1.00 %", output);
        Assert.Matches(@"\| gunicorn-workers \| \d+( ± [\d.]+)? users \| \d+ \|", output);
    }

    [Fact]
    public void Capacity_Out_WritesTheGrowthPathChart()
    {
        string dir = Path.Combine(Path.GetTempPath(), "sim-capacity-" + Guid.NewGuid().ToString("N"));
        try
        {
            int code = Program.Run(["capacity", "--phase", "baseline", "--phase", "gunicorn-workers", "-n", "2", "--set", "run.duration=30s", "--set", "run.warmup=5s",
                "--format", "markdown", "--out", dir], new StringWriter(), new StringWriter(), CancellationToken.None);
            Assert.Equal(0, code);
            byte[] png = File.ReadAllBytes(Path.Combine(dir, "capacity-growth.png"));
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
            Assert.Contains("](capacity-growth.png)", File.ReadAllText(Path.Combine(dir, "capacity.md")));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Capacity_BadSlo_ExitsTwo()
    {
        var stderr = new StringWriter();
        int code = Program.Run(["capacity", "--slo", "latency=fast"], new StringWriter(), stderr, CancellationToken.None);
        Assert.Equal(2, code);
        Assert.Contains("--slo", stderr.ToString());
    }
}

public class PhasesCtrlCTests
{
    [LinuxOnlyFact]
    [Trait("Category", "Slow")]
    public async Task CtrlC_InARealProcess_KeepsTheFinishedPhases_WritesThemMarkedPartial_AndExits3()
    {
        string root = Path.Combine(Path.GetTempPath(), "sim-phases-ctrlc-" + Guid.NewGuid().ToString("N"));
        string dir = Path.Combine(root, "out");
        try
        {
            // A baseline of 20 simulated seconds (a fraction of a second to run) and a phase that patches the run to
            // 3·10⁶ s (3·10⁸ requests: many minutes on any host). SIGINT goes out as soon as sim says it is running the
            // second phase, which therefore cannot have finished: the outcome does not depend on the host's speed.
            // (Two phases of 20,000 s each raced: the second could end before the signal on a fast host.)
            Directory.CreateDirectory(root);
            string scenario = Path.Combine(root, "two-phases.json");
            File.WriteAllText(scenario, """
                { "run": { "duration": "20s", "warmup": "5s", "replications": 2 },
                  "load": { "closed": { "users": 50, "thinkTime": { "exponential": { "mean": "1s" } } } },
                  "classes": [ { "name": "page", "steps": [ { "cpu": "10ms" } ] } ],
                  "phases": [ { "name": "endless", "set": { "run.duration": "3000000s" } } ] }
                """);
            using SigIntProcess child = SigIntProcess.Start("phases", scenario, "--no-scaling", "--no-capacity", "--out", dir);
            var err = new System.Text.StringBuilder();
            while (true)
            {
                // A hang guard only: the baseline takes about a second.
                string? line = await child.Stderr.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(5));
                Assert.True(line is not null, "sim exited before the second phase started: " + err);
                err.AppendLine(line);
                if (line!.StartsWith("running endless", StringComparison.Ordinal)) break;
            }
            child.Interrupt();
            err.Append(await child.Stderr.ReadToEndAsync().WaitAsync(TimeSpan.FromMinutes(2)));
            await child.WaitForExitAsync(TimeSpan.FromMinutes(2));
            string output = await child.Stdout;

            Assert.True(child.ExitCode == 3, $"exit code {child.ExitCode}, stderr:\n{err}");
            Assert.Contains("sim: cancelled — partial result: cancelled after 1 of 2 phase(s)", err.ToString(), StringComparison.Ordinal);
            Assert.Contains("baseline", output, StringComparison.Ordinal);          // the finished phase's table
            Assert.True(File.Exists(Path.Combine(dir, "baseline", "results.json")));
            Assert.False(Directory.Exists(Path.Combine(dir, "endless")));
            Assert.StartsWith("> partial result", File.ReadAllText(Path.Combine(dir, "summary.md")), StringComparison.Ordinal);
            Assert.Contains("partial result", File.ReadAllText(Path.Combine(dir, "report.html")), StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(dir, "*.tmp", SearchOption.AllDirectories));
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }
}

public class PhasesCapacityTests
{
    [Fact]
    public void Capacity_AddsEachPhasesCapacityUnderTheSlo_ToTheTableAndTheJson()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        string[] common = ["phases", "--phase", "baseline", "--phase", "gunicorn-workers", "-n", "2", "--set", "run.duration=100s", "--set", "run.warmup=10s", "--capacity"];
        int code = Program.Run([.. common, "--format", "json"], stdout, stderr, CancellationToken.None);
        Assert.True(code == 0, stderr.ToString());
        using var doc = System.Text.Json.JsonDocument.Parse(stdout.ToString());
        var capacities = doc.RootElement.GetProperty("phases").EnumerateArray()
            .Select(p => p.GetProperty("capacityUnderSlo")).ToArray();
        Assert.Equal(2, capacities.Length);
        foreach (var c in capacities)
        {
            Assert.Equal("users", c.GetProperty("load").GetString());
            Assert.True(c.GetProperty("capacity").GetDouble() < c.GetProperty("firstViolation").GetDouble());
            Assert.True(c.GetProperty("latencyMsAtCapacity").GetDouble() <= 500);   // the seed stack's SLO: p95 ≤ 500 ms
        }
        // Eight workers hold more users than three.
        Assert.True(capacities[1].GetProperty("capacity").GetDouble() > capacities[0].GetProperty("capacity").GetDouble());

        var table = new StringWriter();
        Assert.Equal(0, Program.Run([.. common, "--format", "markdown"], table, new StringWriter(), CancellationToken.None));
        Assert.Matches(@"\| Capacity under the SLO \(p95 ≤ 500 ms and errors ≤ 0\.10 %\) \| \d+( ± [\d.]+)? users \| \d+( ± [\d.]+)? users \|", table.ToString());
    }
}

public class PhasesNoCapacityTests
{
    [Fact]
    public void NoCapacity_WithOut_SkipsTheSearch_AndItsChart()
    {
        string dir = Path.Combine(Path.GetTempPath(), "sim-phases-nocap-" + Guid.NewGuid().ToString("N"));
        try
        {
            int code = Program.Run(["phases", "--phase", "baseline", "-n", "2", "--set", "run.duration=30s", "--set", "run.warmup=5s", "--no-scaling", "--no-capacity", "--out", dir],
                new StringWriter(), new StringWriter(), CancellationToken.None);
            Assert.Equal(0, code);
            Assert.False(File.Exists(Path.Combine(dir, "capacity-growth.png")));
            Assert.DoesNotContain("Capacity under the SLO", File.ReadAllText(Path.Combine(dir, "summary.md")));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}

public class ZeroLoadTests
{
    [Fact]
    public void APhaseWithNoLoad_IsReported_WithoutAScalingStudy()
    {
        // An open profile at 0 req/s throughout (valid: a profile may pause) sends no request. Before, X / U = 0 / 0 was +∞,
        // which the summary refused, and the scaling study threw on a load of 0 per server: a stack trace after the run.
        string root = Path.Combine(Path.GetTempPath(), "sim-zero-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(root);
            string file = Path.Combine(root, "zero.json");
            File.WriteAllText(file, """
                { "load": { "open": { "profile": [ { "at": "0s", "rate": "0/s" } ] } },
                  "classes": [ { "name": "page", "steps": [ { "cpu": "20ms" } ] } ],
                  "run": { "duration": "60s", "warmup": "10s", "replications": 2 } }
                """);
            var (code, _, err) = RunSim("phases", file, "--no-capacity", "--out", Path.Combine(root, "out"));
            Assert.True(code == 0, err);
            string report = File.ReadAllText(Path.Combine(root, "out", "report.md"));
            Assert.Contains("| Capacity at bottleneck (req/s) | — |", report, StringComparison.Ordinal);
            Assert.Contains("No scaling study: the phase offers no load", report, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}

public sealed class PhasesChartCancelTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sim-phases-charts-cancel-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void CancelledWhileDrawingTheCharts_StopsDrawing_KeepsTheTablesAndTheReport_AndExits3()
    {
        // Cancelled (as by a first Ctrl-C or SIGTERM) the moment the chart stage starts. Before: the charts never looked at
        // the token — 300 phases took over a minute to stop, and the exit code was 0.
        var (code, output, err) = RunSimCancelledAt("drawing the charts", "phases", "--phase", "baseline", "--phase", "redis", "-n", "2",
            "--set", "run.duration=30s", "--set", "run.warmup=5s", "--no-capacity", "--out", _dir);
        Assert.True(code == 3, $"exit code {code}; stderr:\n{err}");
        Assert.Contains("redis", output, StringComparison.Ordinal);
        Assert.Contains("sim: cancelled", err, StringComparison.Ordinal);
        foreach (string phase in new[] { "baseline", "redis" })
            using (JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, phase, "results.json")))) { }
        Assert.Empty(Directory.GetFiles(_dir, "*.png", SearchOption.AllDirectories));
        Assert.Contains("| Throughput (req/s) |", File.ReadAllText(Path.Combine(_dir, "summary.md")), StringComparison.Ordinal);
        Assert.Contains("charts were not drawn", File.ReadAllText(Path.Combine(_dir, "report.md")), StringComparison.Ordinal);
    }
}
