using static Sim.Cli.Tests.CliRun;

namespace Sim.Cli.Tests;

/// <summary>Scenario and phase text in report.md and summary.md is text: HTML in it is escaped (as report.html does) and a '|' does not split a table cell.</summary>
public sealed class ReportEscapingTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sim-report-escape-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public void HtmlAndPipes_InDescriptionsAndPhaseNames_AreEscaped_InTheMarkdown()
    {
        Directory.CreateDirectory(_root);
        string file = Path.Combine(_root, "html.json");
        File.WriteAllText(file, """
            { "name": "escapes", "description": "A <script>alert(1)</script> stack | with a pipe\n# not a heading",
              "load": { "open": { "rate": "5/s" } },
              "classes": [ { "name": "page", "steps": [ { "cpu": "20ms" } ] } ],
              "run": { "duration": "30s", "warmup": "5s", "replications": 2 },
              "phases": [ { "name": "four_workers", "description": "<img src=x onerror=alert(2)> | more", "set": { "workers.count": 4 } } ] }
            """);
        string dir = Path.Combine(_root, "out");
        var (code, _, err) = RunSim("phases", file, "--no-capacity", "--no-scaling", "--out", dir);
        Assert.True(code == 0, err);
        string md = File.ReadAllText(Path.Combine(dir, "report.md"));
        // Before: the tags went into report.md as raw HTML, and a '|' in a description split its table cell.
        Assert.DoesNotContain("<script>", md, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", md, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; stack \\| with a pipe", md, StringComparison.Ordinal);
        Assert.DoesNotContain("\n# not a heading", md, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(2)&gt; \\| more", md, StringComparison.Ordinal);
        // A phase name cannot hold a '|' (it names a folder), so the tables keep their columns.
        Assert.Contains("| metric (mean ± 95 % CI) | baseline | four_workers |", md, StringComparison.Ordinal);
        Assert.Contains("| metric (mean ± 95 % CI) | baseline | four_workers |", File.ReadAllText(Path.Combine(dir, "summary.md")), StringComparison.Ordinal);
        string html = File.ReadAllText(Path.Combine(dir, "report.html"));
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
    }
}
