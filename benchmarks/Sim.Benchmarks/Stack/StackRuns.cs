using System.Collections;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Sim.Scenarios;
using Sim.Stack;
using Sim.Statistics;

namespace Sim.Benchmarks.Stack;

/// <summary>
/// Developer tools around the seed stack (not BenchmarkDotNet): a timed run with a fingerprint of
/// every reported result, so an optimisation can be checked to leave the results bit-for-bit
/// unchanged, and a long run for peak-memory measurements under <c>/usr/bin/time -v</c>.
/// </summary>
internal static class StackRuns
{
    /// <summary>The seed stack's baseline makes about 102.6 requests per simulated second.</summary>
    private const double BaselineRequestsPerSecond = 100.0;

    /// <summary>Loads a phase of scenarios/seed-stack.json (embedded) for <paramref name="seconds"/> simulated seconds, no warm-up, one replication.</summary>
    public static StackScenario Load(string phase, double seconds, int replications = 1)
    {
        using Stream stream = typeof(StackRuns).Assembly.GetManifestResourceStream("seed-stack.json")!;
        string json = new StreamReader(stream).ReadToEnd();
        string duration = seconds.ToString("R", CultureInfo.InvariantCulture) + "s";
        ScenarioLoadResult loaded = ScenarioLoader.Load(json, "seed-stack.json", ["run.warmup=0s", $"run.duration={duration}", $"run.replications={replications}"]);
        if (!loaded.Succeeded) throw new InvalidOperationException(string.Join("; ", loaded.Errors));
        foreach (ScenarioPhase p in loaded.Phases)
            if (p.Name == phase) return p.Scenario;
        throw new ArgumentException($"unknown phase '{phase}'");
    }

    /// <summary><c>--stack PHASE SECONDS REPEATS</c>: timed runs, best time, requests/s, bytes allocated by one run (the least of the repeats: the first also compiles) and the results' fingerprint.</summary>
    public static int Timed(string phase, double seconds, int repeats)
    {
        StackScenario scenario = Load(phase, seconds);
        double best = double.MaxValue, bestCpu = double.MaxValue;
        long allocated = long.MaxValue;
        StackReplicationResult? result = null;
        using Process self = Process.GetCurrentProcess();
        for (int i = 0; i < repeats; i++)
        {
            self.Refresh();
            TimeSpan cpu0 = self.TotalProcessorTime;
            long bytes0 = GC.GetAllocatedBytesForCurrentThread();
            var sw = Stopwatch.StartNew();
            result = StackExperiment.RunOne(scenario, 0);
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - bytes0);
            self.Refresh();
            bestCpu = Math.Min(bestCpu, (self.TotalProcessorTime - cpu0).TotalSeconds);
        }
        long requests = result!.Completed + result.Failed;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{phase}: {requests:N0} requests, best {best:F3} s wall ({requests / best / 1e6:F3} M requests/s), {bestCpu:F3} s CPU ({requests / bestCpu / 1e6:F3} M/s) of {repeats}; {allocated / 1024.0:F1} KB allocated ({(double)allocated / requests:F2} B per request); fingerprint {Fingerprint(result)}"));
        return 0;
    }

    /// <summary>
    /// <c>--memory-run N</c>: one replication of the seed baseline long enough for about N requests
    /// (N / 100 simulated seconds); prints the requests and the managed heap, for <c>/usr/bin/time -v</c>.
    /// </summary>
    public static int Memory(long requests)
    {
        StackScenario scenario = Load("baseline", requests / BaselineRequestsPerSecond);
        var sw = Stopwatch.StartNew();
        StackReplicationResult r = StackExperiment.RunOne(scenario, 0);
        long simulated = r.Completed + r.Failed;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{simulated:N0} requests in {sw.Elapsed.TotalSeconds:F1} s; GC heap {GC.GetTotalMemory(false) / 1048576.0:F1} MB, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F1} MB; p99 {r.LatencyP99Seconds:R} s"));
        return 0;
    }

    /// <summary>A hash of every public result value (doubles in round-trip form, histograms by their quantiles, the time series point by point).</summary>
    public static string Fingerprint(StackReplicationResult result)
    {
        var text = new StringBuilder();
        Append(text, result, 0);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    private static void Append(StringBuilder text, object? value, int depth)
    {
        switch (value)
        {
            case null: text.Append("null;"); return;
            case double d: text.Append(d.ToString("R", CultureInfo.InvariantCulture)).Append(';'); return;
            case string or bool or int or long or Enum: text.Append(Convert.ToString(value, CultureInfo.InvariantCulture)).Append(';'); return;
            case LatencyHistogram h:
                text.Append(h.Count).Append(';');
                Append(text, h.Sum, depth);
                Append(text, h.Max, depth);
                for (int i = 0; i <= 1000; i++) Append(text, h.Count > 0 ? h.Quantile(i / 1000.0) : 0, depth);
                return;
            case StackTimeSeries s:
                foreach (double x in s.TimeSeconds) Append(text, x, depth);
                foreach (double x in s.Backlog) Append(text, x, depth);
                foreach (double x in s.BusyWorkers) Append(text, x, depth);
                foreach (double x in s.InSystem) Append(text, x, depth);
                foreach (double x in s.DbConnectionsOpen) Append(text, x, depth);
                return;
            case IEnumerable list:
                foreach (object? item in list) Append(text, item, depth + 1);
                text.Append('|');
                return;
        }
        if (depth > 4) throw new InvalidOperationException("result nesting too deep");
        foreach (PropertyInfo p in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (p.GetIndexParameters().Length > 0) continue;
            text.Append(p.Name).Append('=');
            Append(text, p.GetValue(value), depth + 1);
        }
    }
}
