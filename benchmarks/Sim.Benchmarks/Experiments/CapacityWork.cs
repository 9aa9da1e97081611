using System.Diagnostics;
using System.Globalization;
using Sim.Experiments;
using Sim.Scenarios;
using Sim.Stack;

namespace Sim.Benchmarks.Experiments;

/// <summary>
/// <c>--capacity-work MODE</c>: the capacity search over the seed stack's growth path (scenarios/seed-stack.json, embedded,
/// its own run settings), phase after phase, with the work each phase took — loads simulated (full-length ones),
/// replication-seconds, requests observed — and its CPU and wall time. MODE: <c>fast</c> (the default search),
/// <c>exhaustive</c> (the search before issue 16), <c>quick</c> / <c>quick-exhaustive</c> (the same with
/// <see cref="CapacityStudy.Quick"/>'s settings, as <c>sim phases</c> runs it). Prints a Markdown table.
/// </summary>
internal static class CapacityWork
{
    public static int Run(string mode, IReadOnlyList<string> overrides)
    {
        if (mode is not ("fast" or "exhaustive" or "quick" or "quick-exhaustive"))
        {
            Console.Error.WriteLine("--capacity-work MODE [path=value …]: MODE is fast, exhaustive, quick or quick-exhaustive.");
            return 2;
        }
        using Stream stream = typeof(CapacityWork).Assembly.GetManifestResourceStream("seed-stack.json")!;
        using var reader = new StreamReader(stream);
        ScenarioLoadResult loaded = ScenarioLoader.Load(reader.ReadToEnd(), "seed-stack.json", overrides);
        var options = new CapacitySearchOptions { Exhaustive = mode.EndsWith("exhaustive", StringComparison.Ordinal) };
        var process = Process.GetCurrentProcess();
        double cpuTotal = 0, wallTotal = 0, replicationSeconds = 0;
        long requests = 0;
        int loads = 0, full = 0;
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"capacity search, {mode}: seed stack, {loaded.Phases[0].Scenario.Run.Replications} × {loaded.Phases[0].Scenario.Run.DurationSeconds} s per full-length load");
        Console.WriteLine();
        Console.WriteLine("| phase | capacity | first violation | ± (CapacityCi95) | p95 at capacity (ms) | loads (full-length) | replication-s | requests observed | CPU s | wall s |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (ScenarioPhase phase in loaded.Phases)
        {
            StackScenario scenario = mode.StartsWith("quick", StringComparison.Ordinal) ? CapacityStudy.Quick(phase.Scenario) : phase.Scenario;
            process.Refresh();
            TimeSpan cpu0 = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            CapacityResult r = CapacitySearch.Run(scenario, options);
            process.Refresh();
            double cpu = (process.TotalProcessorTime - cpu0).TotalSeconds, wall = clock.Elapsed.TotalSeconds;
            cpuTotal += cpu;
            wallTotal += wall;
            replicationSeconds += r.ReplicationSeconds;
            requests += r.ObservedRequests;
            loads += r.Evaluations;
            full += r.FullEvaluations;
            Console.WriteLine(string.Create(inv,
                $"| {phase.Name} | {r.Capacity:G6} | {r.FirstViolation:G6} | {r.CapacityCi95:F1} | {r.LatencyAtCapacity * 1000:F1} ± {r.LatencyCi95AtCapacity * 1000:F1} | {r.Evaluations} ({r.FullEvaluations}) | {r.ReplicationSeconds:N0} | {r.ObservedRequests:N0} | {cpu:F1} | {wall:F1} |"));
        }
        Console.WriteLine(string.Create(inv, $"| total | | | | | {loads} ({full}) | {replicationSeconds:N0} | {requests:N0} | {cpuTotal:F1} | {wallTotal:F1} |"));
        return 0;
    }
}
