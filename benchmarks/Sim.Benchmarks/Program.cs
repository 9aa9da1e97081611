using BenchmarkDotNet.Running;

namespace Sim.Benchmarks;

internal static class Program
{
    /// <summary>
    /// Runs the benchmarks chosen on the command line (BenchmarkDotNet switches, e.g.
    /// <c>--filter '*' --job short</c>). Exits non-zero when any benchmark failed to build or run,
    /// so a CI smoke run (<c>--job dry</c>) fails loudly instead of printing an error and passing.
    /// </summary>
    private static int Main(string[] args)
    {
        if (args is ["--verify"]) return Verify();
        if (args is ["--quick"]) return Quick();
        if (args is ["--profile", var variant, var repeats]) return Profile(variant, int.Parse(repeats, System.Globalization.CultureInfo.InvariantCulture));
        if (args is ["--stack", var phase, var seconds, var times])
            return Stack.StackRuns.Timed(phase, double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture), int.Parse(times, System.Globalization.CultureInfo.InvariantCulture));
        if (args is ["--stack-events", var censusPhase, var censusSeconds])
            return Stack.EventCensus.Run(censusPhase, double.Parse(censusSeconds, System.Globalization.CultureInfo.InvariantCulture));
        if (args is ["--sweep-quick"]) return SweepQuick();
        if (args is ["--capacity-work", var mode, .. var capacityOverrides]) return Experiments.CapacityWork.Run(mode, capacityOverrides);
        if (args is ["--memory-run", var requests]) return Stack.StackRuns.Memory(long.Parse(requests, System.Globalization.CultureInfo.InvariantCulture));
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        int failures = 0;
        int reports = 0;
        foreach (var summary in summaries)
        {
            if (summary.HasCriticalValidationErrors) failures++;
            foreach (var report in summary.Reports)
            {
                reports++;
                if (!report.Success) failures++;
            }
        }
        if (failures > 0)
        {
            Console.Error.WriteLine($"{failures} benchmark(s) failed.");
            return 1;
        }
        if (reports == 0 && args.Length > 0 && !args.Contains("--list"))
        {
            Console.Error.WriteLine("No benchmark matched the filter.");
            return 1;
        }
        return 0;
    }

    /// <summary>Runs one M/M/8 variant repeatedly, for a profiler to attach to (dotnet-trace, dotnet-counters); prints each repetition's time to stderr.</summary>
    private static int Profile(string variant, int repeats)
    {
        Func<double> run = variant switch
        {
            "hand-written" => () => Kernel.MmcModels.HandWritten(1_000_000, 8, 7.2, 1.0, 2026),
            "low-level" => () => Kernel.MmcModels.LowLevel(1_000_000, 8, 7.2, 1.0, 2026),
            "process-api" => () => Kernel.MmcModels.ProcessApi(1_000_000, 8, 7.2, 1.0, 2026),
            "process-api-hold" => () => Kernel.MmcModels.ProcessApiHold(1_000_000, 8, 7.2, 1.0, 2026),
            _ => throw new ArgumentException($"unknown variant '{variant}': use hand-written, low-level, process-api or process-api-hold"),
        };
        double sink = 0;
        var times = new List<string>(repeats);
        for (int i = 0; i < repeats; i++)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            sink += run();
            times.Add(watch.Elapsed.TotalMilliseconds.ToString("F0", System.Globalization.CultureInfo.InvariantCulture));
        }
        Console.WriteLine(sink);
        Console.Error.WriteLine($"ms per repetition: {string.Join(' ', times)}");
        return 0;
    }

    /// <summary>
    /// A developer's quick look (not the recorded figures): the four M/M/8 variants interleaved,
    /// best of 7 each, which resists load from other processes better than a mean.
    /// </summary>
    private static int Quick()
    {
        var variants = new (string Name, Func<double> Run)[]
        {
            ("hand-written", () => Kernel.MmcModels.HandWritten(1_000_000, 8, 7.2, 1.0, 2026)),
            ("low-level", () => Kernel.MmcModels.LowLevel(1_000_000, 8, 7.2, 1.0, 2026)),
            ("process API", () => Kernel.MmcModels.ProcessApi(1_000_000, 8, 7.2, 1.0, 2026)),
            ("process Hold", () => Kernel.MmcModels.ProcessApiHold(1_000_000, 8, 7.2, 1.0, 2026)),
        };
        double[] best = BestOf(7, variants.Select(v => (Action)(() => v.Run())).ToArray());
        for (int i = 0; i < variants.Length; i++)
            Console.WriteLine($"{variants[i].Name,-12} {best[i],8:F1} ms  {best[i] / best[0],5:F2}x");
        return 0;
    }

    /// <summary>The best wall time (ms) of each variant over <paramref name="rounds"/> rounds, run interleaved so load from other processes hits them alike.</summary>
    private static double[] BestOf(int rounds, Action[] variants)
    {
        var best = new double[variants.Length];
        Array.Fill(best, double.MaxValue);
        for (int round = 0; round < rounds; round++)
        {
            for (int i = 0; i < variants.Length; i++)
            {
                var sw = System.Diagnostics.Stopwatch.StartNew();
                variants[i]();
                best[i] = Math.Min(best[i], sw.Elapsed.TotalMilliseconds);
            }
        }
        return best;
    }

    /// <summary>
    /// A developer's quick look at sweep parallel efficiency: the sweep benchmark's one-core and
    /// all-core variants interleaved, best of 7 each (resists load from other processes better than a mean).
    /// </summary>
    private static int SweepQuick()
    {
        var sweep = new Experiments.SweepBenchmarks();
        sweep.Setup();
        var variants = new (string Name, Func<long> Run)[] { ("one core", sweep.OneCore), ("all cores, per point", sweep.AllCoresPerPoint), ("all cores, flat", sweep.AllCoresFlat), ("all cores, Sweep.Run", sweep.AllCoresSweep) };
        double[] best = BestOf(7, variants.Select(v => (Action)(() => v.Run())).ToArray());
        for (int i = 0; i < variants.Length; i++)
            Console.WriteLine($"{variants[i].Name,-22} {best[i],8:F1} ms  efficiency {best[0] / (Environment.ProcessorCount * best[i]) * 100,5:F1} %");
        return 0;
    }

    /// <summary>
    /// The four M/M/8 variants simulate the same customers from the same streams, so their total
    /// waiting time must agree; a benchmark that compares different work would be meaningless.
    /// </summary>
    private static int Verify()
    {
        const int customers = 200_000;
        double hand = Kernel.MmcModels.HandWritten(customers, 8, 7.2, 1.0, 2026);
        double low = Kernel.MmcModels.LowLevel(customers, 8, 7.2, 1.0, 2026);
        double proc = Kernel.MmcModels.ProcessApi(customers, 8, 7.2, 1.0, 2026);
        double hold = Kernel.MmcModels.ProcessApiHold(customers, 8, 7.2, 1.0, 2026);
        Console.WriteLine($"wait sums: hand-written {hand:R}, low-level {low:R}, process API {proc:R}, process API with Hold {hold:R}");
        bool same = hand == low && hand == proc && hand == hold;
        Console.WriteLine(same ? "the four M/M/8 variants agree" : "MISMATCH between M/M/8 variants");
        return same ? 0 : 1;
    }
}
