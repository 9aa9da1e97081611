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
              "phases": [ { "name": "four|workers", "description": "<img src=x onerror=alert(2)> | more", "set": { "workers.count": 4 } } ] }
            """);
        string dir = Path.Combine(_root, "out");
        var (code, _, err) = RunSim("phases", file, "--no-capacity", "--no-scaling", "--out", dir);
        Assert.True(code == 0, err);
        string md = File.ReadAllText(Path.Combine(dir, "report.md"));
        // Before: the tags went into report.md as raw HTML, and "four|workers" added a column to every table.
        Assert.DoesNotContain("<script>", md, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", md, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; stack \\| with a pipe", md, StringComparison.Ordinal);
        Assert.DoesNotContain("\n# not a heading", md, StringComparison.Ordinal);
        Assert.Contains("| metric (mean ± 95 % CI) | baseline | four\\|workers |", md, StringComparison.Ordinal);
        Assert.Contains("| metric (mean ± 95 % CI) | baseline | four\\|workers |", File.ReadAllText(Path.Combine(dir, "summary.md")), StringComparison.Ordinal);
        // report.html reads the escaped pipe back as one cell.
        string html = File.ReadAllText(Path.Combine(dir, "report.html"));
        Assert.Contains("<th>four|workers</th>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
    }
}
