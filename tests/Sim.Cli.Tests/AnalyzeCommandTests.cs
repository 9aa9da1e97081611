using System.Text.Json;
using Sim.Cli;
using static Sim.Cli.Tests.CliRun;

namespace Sim.Cli.Tests;

public class AnalyzeCommandTests
{
    private static string Textbook(string file)
    {
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Sim.sln"))) root = Path.GetDirectoryName(root)!;
        return Path.Combine(root, "scenarios", "textbook", file);
    }

    // Shorter than shipped (the textbook files run 20,000 s × 10), long enough for a few-percent gap.
    private static readonly string[] Short = ["-n", "4", "--duration", "4000s", "--set", "run.warmup=200s", "--format", "json"];

    private static JsonDocument Analyze(string file, params string[] more)
    {
        var (code, output, err) = RunSim(["analyze", Textbook(file), .. Short, .. more]);
        Assert.True(code == 0, err);
        return JsonDocument.Parse(output);
    }

    private static double Gap(JsonDocument doc, string metric) => doc.RootElement.GetProperty("relativeGap").GetProperty(metric).GetDouble();

    [Theory]
    [InlineData("mmc.json", "open: M/G/c")]
    [InlineData("md1.json", "open: M/G/c")]
    [InlineData("closed-interactive.json", "closed: MVA")]
    public void TextbookScenarios_AnalyticAndSimulatedAgree(string file, string method)
    {
        // Where the formulas are exact (Erlang C, Pollaczek–Khinchine, MVA), the only gap is simulation noise.
        using JsonDocument doc = Analyze(file);
        Assert.Equal(method, doc.RootElement.GetProperty("analytic").GetProperty("method").GetString());
        Assert.InRange(Gap(doc, "throughputPerSecond"), -0.02, 0.02);
        Assert.InRange(Gap(doc, "latencyMs.mean"), -0.10, 0.10);
        Assert.InRange(Gap(doc, "workerUtilization"), -0.02, 0.02);
        Assert.Equal(0, doc.RootElement.GetProperty("warnings").GetArrayLength());
    }

    [Fact]
    public void ErlangBLoss_ComparesTheBlockingRate()
    {
        using JsonDocument doc = Analyze("mmcc-erlang-b.json");
        Assert.Equal("open: M/M/c/K", doc.RootElement.GetProperty("analytic").GetProperty("method").GetString());
        Assert.InRange(Gap(doc, "errorRate"), -0.05, 0.05);
    }

    [Fact]
    public void WhatTheFormulasIgnore_RaisesTheWarning()
    {
        // A 50 ms worker timeout kills most 100 ms requests (504): the formulas ignore timeouts, so the
        // analytic throughput of successful requests is far above the simulated one — and the note says why.
        using JsonDocument doc = Analyze("mm1.json", "--set", "workers.timeout=50ms");
        Assert.True(Gap(doc, "throughputPerSecond") > 0.3);
        Assert.Contains("throughput", doc.RootElement.GetProperty("warnings")[0].GetString());
        Assert.Contains(doc.RootElement.GetProperty("analytic").GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("timeouts", StringComparison.Ordinal));
    }

    [Fact]
    public void Table_ShowsBothColumnsAndTheGap_ForTheSeedStack()
    {
        var (code, output, _) = RunSim("analyze", "-n", "2", "--duration", "60s", "--set", "run.warmup=10s");
        Assert.Equal(0, code);
        Assert.Contains("analytic: closed: MVA", output);
        Assert.Contains("Analytic", output);
        Assert.Contains("Simulated", output);
        Assert.Contains("Gap", output);
        Assert.Contains("Per request: worker hold", output);
    }

    [Fact]
    public void Run_WarnsOnStderr_WhenThroughputDisagrees()
    {
        var (code, output, err) = RunSim("run", Textbook("mm1.json"), "-n", "2", "--duration", "1000s", "--set", "run.warmup=100s", "--set", "workers.timeout=50ms", "--format", "json");
        Assert.Equal(0, code);
        using JsonDocument _ = JsonDocument.Parse(output); // stdout stays one JSON document
        Assert.Contains("warning: analytic and simulated throughput disagree", err);
    }
}
