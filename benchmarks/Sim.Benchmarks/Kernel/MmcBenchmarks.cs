using BenchmarkDotNet.Attributes;

namespace Sim.Benchmarks.Kernel;

/// <summary>
/// M/M/8 at ρ = 0.9 (λ = 7.2/s, μ = 1/s), 1,000,000 customers, four ways in one class so the
/// results are ratios against the hand-written baseline measured in the same run.
/// Targets: low-level ≤ 1.5×, process API ≤ 3×, low-level allocation ≈ 0 per event.
/// </summary>
[MemoryDiagnoser]
public class MmcBenchmarks
{
    /// <summary>Customers per run.</summary>
    [Params(1_000_000)]
    public int Customers { get; set; }

    private const int Servers = 8;
    private const double ArrivalRate = 7.2, ServiceRate = 1.0;
    private const ulong Seed = 2026;

    /// <summary>Hand-written allocation-free loop.</summary>
    [Benchmark(Baseline = true)]
    public double HandWritten() => MmcModels.HandWritten(Customers, Servers, ArrivalRate, ServiceRate, Seed);

    /// <summary>Kernel low-level mechanism (IEventTarget).</summary>
    [Benchmark]
    public double LowLevel() => MmcModels.LowLevel(Customers, Servers, ArrivalRate, ServiceRate, Seed);

    /// <summary>Kernel iterator process API.</summary>
    [Benchmark]
    public double ProcessApi() => MmcModels.ProcessApi(Customers, Servers, ArrivalRate, ServiceRate, Seed);

    /// <summary>Kernel iterator process API, waiting with <c>sim.Hold</c> (no allocation per wait) instead of <c>sim.Delay</c>.</summary>
    [Benchmark]
    public double ProcessApiHold() => MmcModels.ProcessApiHold(Customers, Servers, ArrivalRate, ServiceRate, Seed);
}
