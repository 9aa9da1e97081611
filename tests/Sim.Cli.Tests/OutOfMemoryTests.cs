using System.Diagnostics;

namespace Sim.Cli.Tests;

/// <summary>A load the validator accepts may still need more memory than the process may use: one line and exit 5, never the runtime's abort.</summary>
public class OutOfMemoryTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sim-oom-" + Guid.NewGuid().ToString("N"));

    public OutOfMemoryTests()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "users.json"), """
            { "run": { "duration": "5s", "warmup": "0s", "replications": 4 },
              "load": { "closed": { "users": 1000, "thinkTime": { "exponential": { "mean": "1000s" } } } },
              "workers": { "count": 100 }, "host": { "cores": 100 },
              "classes": [ { "name": "page", "steps": [ { "cpu": "1ms" } ] } ] }
            """);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // sim in its own process with a 256 MiB heap (DOTNET_GCHeapHardLimit), as the hostile tester ran it.
    private (int Code, string Out, string Err) RunWithHeapLimit(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["DOTNET_GCHeapHardLimit"] = "0x10000000";
        foreach (string a in (string[])[Path.Combine(AppContext.BaseDirectory, "sim.dll"), "run", Path.Combine(_dir, "users.json"), .. args]) start.ArgumentList.Add(a);
        using Process child = Process.Start(start)!;
        Task<string> output = child.StandardOutput.ReadToEndAsync();
        string err = child.StandardError.ReadToEnd();
        child.WaitForExit();
        return (child.ExitCode, output.Result, err);
    }

    [Fact]
    public void ALoadBeyondTheHeap_ExitsFive_WithOneLine()
    {
        // 3·10⁶ users hold about 390 MB: it aborted with "Unhandled exception. System.AggregateException … OutOfMemoryException" and 25 "at" lines.
        var (code, output, err) = RunWithHeapLimit("--users", "3000000", "--format", "json");
        Assert.Equal(5, code);
        Assert.Equal("", output);
        Assert.StartsWith("sim: out of memory: the run needs more than the 268 MB this process may use.", err, StringComparison.Ordinal);
        Assert.Single(err.TrimEnd().Split('\n'));
    }

    [Fact]
    public void ALoadThatFitsOneReplicationAtATime_RunsThemOneAtATime()
    {
        // 1.5·10⁶ users, about 190 MB a replication: two side by side (one per core) aborted out of memory in 256 MiB;
        // one at a time fit.
        var (code, output, err) = RunWithHeapLimit("--users", "1500000", "--format", "json");
        Assert.True(code == 0, err);
        Assert.Contains("\"users\": 1500000", output, StringComparison.Ordinal);
    }
}
