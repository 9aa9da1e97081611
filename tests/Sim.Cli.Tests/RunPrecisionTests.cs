using System.Text.Json;
using Sim.Cli;
using static Sim.Cli.Tests.CliRun;

namespace Sim.Cli.Tests;

public class RunPrecisionTests
{
    private static string Mm1()
    {
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Sim.sln"))) root = Path.GetDirectoryName(root)!;
        return Path.Combine(root, "scenarios", "textbook", "mm1.json");
    }

    private static readonly string[] Short = ["-n", "3", "--duration", "1000s", "--set", "run.warmup=100s", "--format", "json"];

    [Fact]
    public void Precision_StopsWhenTheTargetIsMet_AndSaysSo()
    {
        var (code, output, _) = RunSim(["run", Mm1(), .. Short, "--precision", "5%", "--metric", "mean"]);
        Assert.Equal(0, code);
        using JsonDocument doc = JsonDocument.Parse(output);
        JsonElement p = doc.RootElement.GetProperty("precision");
        Assert.True(p.GetProperty("targetMet").GetBoolean());
        int n = p.GetProperty("replications").GetInt32();
        Assert.True(n > 3 && n < 50, $"{n} replications");
        Assert.Equal(n, doc.RootElement.GetProperty("results").GetProperty("replications").GetInt32());
        double width = p.GetProperty("relativeHalfWidth").GetProperty("latencyMs.mean").GetDouble();
        Assert.True(width <= 0.05, $"{width}");
        // The interval printed with the results is the one judged.
        JsonElement mean = doc.RootElement.GetProperty("results").GetProperty("metrics").GetProperty("latencyMs").GetProperty("mean");
        Assert.Equal(width, mean.GetProperty("ci95").GetDouble() / mean.GetProperty("mean").GetDouble(), 9);
    }

    [Fact]
    public void Precision_AtTheMaximum_SaysItWasNotMet()
    {
        var (code, output, err) = RunSim(["run", Mm1(), .. Short, "--precision", "0.6%", "--max-replications", "6"]);
        Assert.Equal(0, code);
        using JsonDocument doc = JsonDocument.Parse(output);
        JsonElement p = doc.RootElement.GetProperty("precision");
        Assert.False(p.GetProperty("targetMet").GetBoolean());
        Assert.Equal(6, p.GetProperty("replications").GetInt32());
        Assert.True(p.GetProperty("relativeHalfWidth").GetProperty("latencyMs.p95").GetDouble() > 0.006);
        Assert.Contains("not reached after 6 replications", err);
    }

    [Fact]
    public void PrecisionAtOrBelowTheHistogramResolution_OnAPercentile_IsRefusedUpFront()
    {
        var (code, output, err) = RunSim(["run", Mm1(), .. Short, "--precision", "0.5%", "--metric", "p99"]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("--precision: '0.5%' is not allowed for latencyMs.p99", err);
        Assert.Contains("ask for more than 0.5 %", err);
        // The same target on an exact metric is allowed (it may still run to the maximum).
        (code, _, _) = RunSim(["run", Mm1(), .. Short, "--precision", "0.5%", "--metric", "mean", "--max-replications", "4"]);
        Assert.Equal(0, code);
    }

    [Fact]
    public void Precision_Cancelled_KeepsTheFinishedReplications_PrintsThem_AndExits3()
    {
        // Cancelled (as by a first Ctrl-C or SIGTERM) once the first batch of 3 has been judged, before the next batch
        // starts. Before: exit 3 with nothing printed, although plain 'run' keeps finished replications.
        var (code, output, err) = RunSimCancelledAt("after 3 replications",
            ["run", Mm1(), "-n", "3", "--duration", "1000s", "--set", "run.warmup=100s", "--precision", "0.1%", "--metric", "throughput", "--max-replications", "12"]);
        Assert.True(code == 3, $"exit code {code}; stderr:\n{err}");
        Assert.Contains("mm1 / baseline: 8 req/s offered, 3 replications,", output);
        Assert.Contains("precision ± 0.1 % not reached: cancelled after 3 replications", output);
        Assert.Contains("sim: cancelled — partial result: 3 replications finished", err);
    }

    [Theory]
    [InlineData("--precision", "fast")]
    [InlineData("--precision", "0%")]
    [InlineData("--metric", "p95")]
    public void BadPrecisionInput_ExitsTwo(string option, string value)
    {
        var (code, _, err) = RunSim("run", option, value);
        Assert.Equal(2, code);
        Assert.Contains(option, err);
    }
}
