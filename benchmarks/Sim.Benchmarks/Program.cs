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

    /// <summary>
    /// The three M/M/8 variants simulate the same customers from the same streams, so their total
    /// waiting time must agree; a benchmark that compares different work would be meaningless.
    /// </summary>
    private static int Verify()
    {
        const int customers = 200_000;
        double hand = Kernel.MmcModels.HandWritten(customers, 8, 7.2, 1.0, 2026);
        double low = Kernel.MmcModels.LowLevel(customers, 8, 7.2, 1.0, 2026);
        double proc = Kernel.MmcModels.ProcessApi(customers, 8, 7.2, 1.0, 2026);
        Console.WriteLine($"wait sums: hand-written {hand:R}, low-level {low:R}, process API {proc:R}");
        bool same = hand == low && hand == proc;
        Console.WriteLine(same ? "the three M/M/8 variants agree" : "MISMATCH between M/M/8 variants");
        return same ? 0 : 1;
    }
}
