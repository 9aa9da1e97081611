using System.Text.Json;
using Sim.Stack;
using static Sim.Cli.Tests.CliRun;

namespace Sim.Cli.Tests;

/// <summary>
/// The report of <c>sim phases --out</c> (report.md, report.html, summary.md) shows each phase's errors by kind — the kinds
/// that occurred with their rate and share of the arrivals, the numbers <c>sim run</c> gives — or a line saying none did.
/// </summary>
public sealed class ReportErrorsByKindTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sim-report-errors-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public void EachPhase_ShowsTheKindsThatOccurred_WithSimRunsNumbers_OrSaysThereWereNone()
    {
        // One worker with room for 2 waiting, 20 req/s of 40 ms each (ρ = 0.8): a full backlog refuses requests (503).
        // Eight workers with room for 100 refuse none.
        Directory.CreateDirectory(_root);
        string file = Path.Combine(_root, "backlog.json");
        File.WriteAllText(file, """
            { "name": "backlog", "load": { "open": { "rate": "20/s" } },
              "workers": { "count": 1, "backlog": 2 },
              "classes": [ { "name": "page", "steps": [ { "cpu": "40ms" } ] } ],
              "run": { "duration": "30s", "warmup": "5s", "replications": 2 },
              "phases": [ { "name": "more_workers", "description": "Room for everyone.", "set": { "workers.count": 8, "workers.backlog": 100 } } ] }
            """);
        string dir = Path.Combine(_root, "out");
        var (code, _, err) = RunSim("phases", file, "--no-capacity", "--no-scaling", "--out", dir);
        Assert.True(code == 0, err);

        // The baseline's numbers as sim run gives them (the same seed, replications and window).
        var (runCode, json, runErr) = RunSim("run", file, "--format", "json");
        Assert.True(runCode == 0, runErr);
        using JsonDocument run = JsonDocument.Parse(json);
        JsonElement kinds = run.RootElement.GetProperty("errorsByKind");
        Assert.Equal(["backlogFull"], kinds.EnumerateObject().Select(k => k.Name));
        JsonElement perSecond = kinds.GetProperty("backlogFull").GetProperty("perSecond"), share = kinds.GetProperty("backlogFull").GetProperty("fractionOfArrivals");
        Assert.True(perSecond.GetProperty("mean").GetDouble() > 0.1, "the baseline's backlog refuses requests");
        string row = $"| backlogFull | listen backlog full (503) | {StackMetrics.FormatCell(perSecond.GetProperty("mean").GetDouble(), perSecond.GetProperty("ci95").GetDouble())} | "
            + $"{StackMetrics.FormatCell(100 * share.GetProperty("mean").GetDouble(), 100 * share.GetProperty("ci95").GetDouble())} |";

        foreach (string name in new[] { "report.md", "summary.md" })
        {
            string md = File.ReadAllText(Path.Combine(dir, name));
            int section = md.IndexOf("## Errors by kind", StringComparison.Ordinal);
            Assert.True(section > 0, $"{name} has no errors-by-kind section");
            int baseline = md.IndexOf("### baseline", section, StringComparison.Ordinal);
            int clean = md.IndexOf("No errors in more_workers: no request failed in any of their replications' windows.", section, StringComparison.Ordinal);
            Assert.True(baseline > section && clean > baseline, name);
            string baselinePart = md[baseline..clean];
            Assert.Contains("| kind | meaning | per second | % of arrivals |", baselinePart, StringComparison.Ordinal);
            Assert.Contains(row, baselinePart, StringComparison.Ordinal);
            Assert.DoesNotContain("| timeout |", baselinePart, StringComparison.Ordinal); // only the kinds that occurred
            // A phase in which nothing failed gets no heading of its own, only its name in the one line for all such phases.
            int end = md.IndexOf("\n## ", section + 1, StringComparison.Ordinal);
            Assert.DoesNotContain("### more_workers", md[section..(end < 0 ? md.Length : end)], StringComparison.Ordinal);
        }
        string html = File.ReadAllText(Path.Combine(dir, "report.html"));
        Assert.Contains("<h2 id=\"errors-by-kind\">Errors by kind</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<td>backlogFull</td><td>listen backlog full (503)</td>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#errors-by-kind\">", html, StringComparison.Ordinal); // in the contents
    }
}
