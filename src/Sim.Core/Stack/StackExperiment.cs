using Sim.Kernel;
using Sim.Randomness;
using Sim.Scenarios;
using Sim.Statistics;

namespace Sim.Stack;

/// <summary>
/// Runs replications of a <see cref="StackScenario"/>: warm-up, reset, observe, collect. Every method validates the
/// scenario first and throws <see cref="ScenarioValidationException"/> (an <see cref="ArgumentException"/>) listing every
/// problem, before anything is simulated.
/// </summary>
public static class StackExperiment
{
    /// <summary>Runs one replication.</summary>
    /// <param name="scenario">The configuration; its <see cref="RunSettings"/> give the warm-up, duration and seed.</param>
    /// <param name="replication">Replication index, ≥ 0.</param>
    /// <param name="cancellationToken">Cooperative cancellation; throws <see cref="OperationCanceledException"/>.</param>
    /// <remarks>A null (automatic) warm-up is detected first with <see cref="DetectWarmup"/>.</remarks>
    public static StackReplicationResult RunOne(StackScenario scenario, int replication, CancellationToken cancellationToken = default)
    {
        ScenarioValidator.ThrowIfInvalid(scenario, nameof(scenario));
        ArgumentOutOfRangeException.ThrowIfNegative(replication);
        return RunOneValidated(scenario, replication, cancellationToken);
    }

    /// <summary><see cref="RunOne"/> for a scenario already validated (internal callers that checked it at their public edge).</summary>
    internal static StackReplicationResult RunOneValidated(StackScenario scenario, int replication, CancellationToken cancellationToken)
    {
        (StackScenario fixedWarmup, bool settled) = ResolveWarmup(scenario, cancellationToken);
        return RunWithWarmup(fixedWarmup, replication, settled, cancellationToken);
    }

    /// <summary>
    /// Chooses a warm-up automatically: a pilot run of replication 0 over the run's duration with no
    /// warm-up, then MSER-5 (White 1997) on the sampled number of requests in the system.
    /// </summary>
    /// <param name="scenario">The configuration (its warm-up is ignored).</param>
    /// <param name="cancellationToken">Cooperative cancellation.</param>
    /// <returns>The warm-up, and whether the series settled: MSER-5's cut at the end of its search range (half the run) means the system was still trending and the results should not be trusted.</returns>
    public static WarmupDecision DetectWarmup(StackScenario scenario, CancellationToken cancellationToken = default)
    {
        ScenarioValidator.ThrowIfInvalid(scenario, nameof(scenario));
        return DetectWarmupValidated(scenario, cancellationToken);
    }

    /// <summary><see cref="DetectWarmup"/> for a scenario already validated.</summary>
    internal static WarmupDecision DetectWarmupValidated(StackScenario scenario, CancellationToken cancellationToken)
    {
        // The pilot has its own random numbers: a warm-up chosen from replication 0's own path would be tuned to
        // that replication's transient. Its seed depends on the scenario's seed only, so every phase of a scenario
        // gets its warm-up from the same pilot numbers (common random numbers).
        StackScenario pilot = scenario with { Run = scenario.Run with { WarmupSeconds = 0, Seed = StreamFactory.DeriveSeed(scenario.Run.Seed, "warmupPilot", 0) } };
        var sim = new Simulation();
        var model = new StackModel(sim, pilot, 0, StackModel.InitialSlots);
        Check(sim.Run(pilot.Run.DurationSeconds, cancellationToken: cancellationToken), cancellationToken);
        StackReplicationResult probe = model.Collect(0);
        ReadOnlySpan<double> series = probe.TimeSeries.InSystem;
        ReadOnlySpan<double> times = probe.TimeSeries.TimeSeconds;
        int cut = Mser5.TruncationPoint(series);
        int batches = series.Length / Mser5.BatchSize;
        bool settled = !probe.Unstable && cut < Mser5.BatchSize * (batches / 2);
        double seconds = cut < times.Length ? times[cut] : pilot.Run.DurationSeconds / 2;
        return new WarmupDecision(seconds, settled);
    }

    /// <summary>The scenario with a fixed warm-up: as given, or detected when it is "auto" (null).</summary>
    private static (StackScenario Scenario, bool Settled) ResolveWarmup(StackScenario scenario, CancellationToken cancellationToken)
    {
        if (scenario.Run.WarmupSeconds is not null) return (scenario, true);
        WarmupDecision decision = DetectWarmupValidated(scenario, cancellationToken);
        return (scenario with { Run = scenario.Run with { WarmupSeconds = decision.Seconds } }, decision.Settled);
    }

    private static StackReplicationResult RunWithWarmup(StackScenario scenario, int replication, bool settled, CancellationToken cancellationToken)
    {
        if (BytesPerReplication(scenario) * 2 > GC.GetGCMemoryInfo().TotalAvailableMemoryBytes) CompactHeap();
        double warmup = scenario.Run.WarmupSeconds!.Value;
        var sim = new Simulation();
        var model = new StackModel(sim, scenario, replication, StackModel.InitialSlots);
        if (warmup > 0) Check(sim.Run(warmup, cancellationToken: cancellationToken), cancellationToken);
        if (!model.Unstable)
        {
            model.ResetStatistics();
            double end = warmup + scenario.Run.DurationSeconds;
            Check(sim.Run(end, cancellationToken: cancellationToken), cancellationToken);
            if (!model.Unstable)
            {
                // Follow the requests that arrived in the window to their end, or they would be missing from the
                // latencies — the slowest ones, since they are those still in flight when the window closes.
                model.EndWindow();
                if (model.DrainPending) Check(sim.Run(end + MaxDrainSeconds(scenario), cancellationToken: cancellationToken), cancellationToken);
            }
        }
        return model.Collect(replication) with { WarmupSeconds = warmup, WarmupSettled = settled };
    }

    /// <summary>
    /// The longest drain after a window, seconds: the run's length (warm-up + window), and at least an hour. A stable
    /// run drains within its longest latency, so the limit binds only where a request takes longer (an overload's
    /// backlog beyond the in-flight cap stops the run earlier); requests still in flight then are censored.
    /// </summary>
    public const double MinDrainLimitSeconds = 3600;

    internal static double MaxDrainSeconds(StackScenario scenario) => Math.Max(MinDrainLimitSeconds, (scenario.Run.WarmupSeconds ?? 0) + scenario.Run.DurationSeconds);

    // Memory one replication holds, measured (docs/scenarios.md, "Memory", gives the commands): peak resident memory of
    // `sim run` with 10⁶ and 8·10⁶ closed users (178 MB and 1026 MB: 121 B a user) and with the in-flight cap reached at
    // 2·10⁵ and 10⁶ (161 MB and 625 MB: 580 B a request); a key of the key-space model allocates 21 B (its five arrays).
    // Rounded up: the documented figures were 60 B and 350 B, a half and a third too low.

    /// <summary>
    /// Before a replication that needs more than half the memory the process may use: a full, blocking collection that
    /// compacts the large-object heap too, so that the arrays of the replications before it are returned whole instead of
    /// leaving the heap in fragments. Without it a 256 MiB heap ran out in the third or fourth of four replications of
    /// 1.5·10⁶ users (≈ 200 MB each, one at a time), which fit one or two at a time (OutOfMemoryTests). Results do not
    /// depend on it.
    /// </summary>
    private static void CompactHeap()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    /// <summary>Memory a closed load's user holds for a replication, bytes (measured ≈ 121–128; rounded up).</summary>
    internal const double BytesPerUser = 130;

    /// <summary>Memory a request in flight holds, bytes (measured ≈ 580–610; rounded up).</summary>
    internal const double BytesPerRequestInFlight = 620;

    /// <summary>Memory a key of the key-space cache model holds, bytes.</summary>
    internal const double BytesPerKey = 21;

    /// <summary>Memory a replication holds besides users, requests and keys (histograms, time series, the calendar), bytes.</summary>
    internal const double BytesPerReplicationBase = 4e6;

    /// <summary>
    /// The most memory one replication of <paramref name="scenario"/> may hold, bytes: its users, the requests in flight
    /// up to the cap (for a closed load at most its users), and the cache's keys.
    /// </summary>
    internal static double BytesPerReplication(StackScenario scenario)
    {
        LoadSpec load = scenario.Load;
        double users = load.Populations is { } pops ? pops.Sum(p => (double)(p.Closed?.Users ?? 0)) : load.Closed?.Users ?? 0;
        bool allClosed = load.Populations is { } all ? all.All(p => p.Closed is not null) : load.Closed is not null;
        double inFlight = !allClosed ? scenario.Run.MaxInFlight : Math.Min(scenario.Run.MaxInFlight, users + 1);
        double keys = scenario.Cache.Enabled && scenario.Cache.KeySpace is { } ks ? ks.Keys : 0;
        return BytesPerReplicationBase + users * BytesPerUser + inFlight * BytesPerRequestInFlight + keys * BytesPerKey;
    }

    /// <summary>
    /// Replications to run side by side: the requested count (−1: one per core), and no more than fit in
    /// <paramref name="availableBytes"/> at <see cref="BytesPerReplication"/> each (at least one), so that a heap limit
    /// or a small container runs a large load one replication at a time instead of running out of memory. Results do
    /// not depend on it.
    /// </summary>
    internal static int Parallelism(StackScenario scenario, int maxDegreeOfParallelism, long availableBytes)
    {
        if (maxDegreeOfParallelism == 0 || maxDegreeOfParallelism < -1) return maxDegreeOfParallelism; // refused by Replications.Run
        int threads = maxDegreeOfParallelism == -1 ? Environment.ProcessorCount : maxDegreeOfParallelism;
        double fit = Math.Floor(availableBytes / BytesPerReplication(scenario));
        return (int)Math.Max(1, Math.Min(threads, fit));
    }

    private static int Parallelism(StackScenario scenario, int maxDegreeOfParallelism) =>
        Parallelism(scenario, maxDegreeOfParallelism, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);

    /// <summary>Runs the scenario's replications in parallel; the result does not depend on the thread count.</summary>
    /// <param name="scenario">The configuration.</param>
    /// <param name="maxDegreeOfParallelism">−1 for all cores (default), or a thread count.</param>
    /// <param name="cancellationToken">Cooperative cancellation.</param>
    /// <param name="replicationFinished">Called with a replication's index when it finishes (for progress
    /// displays); may be called from several threads at once.</param>
    public static StackReplicationResult[] Run(StackScenario scenario, int maxDegreeOfParallelism = -1, CancellationToken cancellationToken = default,
        Action<int>? replicationFinished = null)
    {
        ScenarioValidator.ThrowIfInvalid(scenario, nameof(scenario));
        return RunValidated(scenario, maxDegreeOfParallelism, cancellationToken, replicationFinished);
    }

    /// <summary>
    /// <see cref="Run"/> for a scenario already validated, or derived by the caller from a validated one (a capacity
    /// search's loads, a scaling study's counts), which need not meet the limits a scenario file is held to.
    /// </summary>
    internal static StackReplicationResult[] RunValidated(StackScenario scenario, int maxDegreeOfParallelism = -1, CancellationToken cancellationToken = default,
        Action<int>? replicationFinished = null)
    {
        // One detection for all replications, so they share the same window.
        (StackScenario fixedWarmup, bool settled) = ResolveWarmup(scenario, cancellationToken);
        return Replications.Run(fixedWarmup.Run.Replications, r =>
        {
            StackReplicationResult result = RunWithWarmup(fixedWarmup, r, settled, cancellationToken);
            replicationFinished?.Invoke(r);
            return result;
        }, Parallelism(fixedWarmup, maxDegreeOfParallelism), cancellationToken);
    }

    /// <summary>
    /// Like <see cref="Run"/>, but a cancellation keeps the replications that had finished: the result holds them
    /// (in replication order) and says whether the run was cut short. Nothing finished → <see cref="OperationCanceledException"/>.
    /// </summary>
    /// <param name="scenario">The configuration.</param>
    /// <param name="maxDegreeOfParallelism">−1 for all cores (default), or a thread count.</param>
    /// <param name="cancellationToken">Cooperative cancellation: stops the running replications and starts no more.</param>
    /// <param name="replicationFinished">Called with a replication's index when it finishes; may be called from several threads at once.</param>
    public static (StackReplicationResult[] Finished, bool Cancelled) RunKeepingFinished(StackScenario scenario, int maxDegreeOfParallelism = -1,
        CancellationToken cancellationToken = default, Action<int>? replicationFinished = null)
    {
        ScenarioValidator.ThrowIfInvalid(scenario, nameof(scenario));
        (StackScenario fixedWarmup, bool settled) = ResolveWarmup(scenario, cancellationToken);
        var finished = new StackReplicationResult?[fixedWarmup.Run.Replications];
        try
        {
            Replications.Run(finished.Length, r =>
            {
                StackReplicationResult result = RunWithWarmup(fixedWarmup, r, settled, cancellationToken);
                finished[r] = result;
                replicationFinished?.Invoke(r);
                return result;
            }, Parallelism(fixedWarmup, maxDegreeOfParallelism), cancellationToken);
            return (finished.Select(x => x!).ToArray(), false);
        }
        catch (OperationCanceledException)
        {
            StackReplicationResult[] kept = finished.Where(x => x is not null).Select(x => x!).ToArray();
            if (kept.Length == 0) throw;
            return (kept, true);
        }
    }

    /// <summary>
    /// Runs replications until the 95 % interval of every metric in <paramref name="metrics"/> has a relative
    /// half-width ≤ <paramref name="relativeHalfWidth"/> (for latency percentiles including the histogram's 0.5 %
    /// resolution, as in <see cref="StackSummary"/>), or <paramref name="maxReplications"/> have run
    /// (<see cref="PrecisionRun"/>): the scenario's replications first, then batches of the same size.
    /// </summary>
    /// <param name="scenario">The configuration; <see cref="RunSettings.Replications"/> is the first batch (at least 2 are run).</param>
    /// <param name="metrics">The metrics judged (e.g. <c>latencyMs.p95</c>, <c>throughputPerSecond</c>); at least one.</param>
    /// <param name="relativeHalfWidth">Target, in (0, 1], e.g. 0.05.</param>
    /// <param name="maxReplications">Upper limit, ≥ the first batch.</param>
    /// <param name="maxDegreeOfParallelism">−1 for all cores (default), or a thread count; the result does not depend on it.</param>
    /// <param name="cancellationToken">Cooperative cancellation.</param>
    public static PrecisionRunResult<StackReplicationResult> RunToPrecision(StackScenario scenario, IReadOnlyList<StackMetric> metrics, double relativeHalfWidth,
        int maxReplications, int maxDegreeOfParallelism = -1, CancellationToken cancellationToken = default)
    {
        ScenarioValidator.ThrowIfInvalid(scenario, nameof(scenario));
        ArgumentNullException.ThrowIfNull(metrics);
        (StackScenario fixedWarmup, bool settled) = ResolveWarmup(scenario, cancellationToken);
        int first = Math.Min(Math.Max(2, scenario.Run.Replications), maxReplications);
        var readers = metrics.Select(m => m.Value).ToArray();
        return PrecisionRun.Run(r => RunWithWarmup(fixedWarmup, r, settled, cancellationToken), readers, relativeHalfWidth,
            first, maxReplications, batchSize: first, Parallelism(fixedWarmup, maxDegreeOfParallelism), cancellationToken,
            relativeResolutions: metrics.Select(m => m.RelativeResolution).ToArray());
    }

    /// <summary>
    /// Like <see cref="RunToPrecision"/>, but a cancellation keeps the replications that had finished (see
    /// <see cref="PrecisionRun.RunKeepingFinished{T}"/>): the result holds them and says <see cref="PrecisionRunResult{T}.Cancelled"/>.
    /// Cancelled before any replication finished (or during the warm-up detection) → <see cref="OperationCanceledException"/>.
    /// </summary>
    /// <param name="scenario">The configuration; <see cref="RunSettings.Replications"/> is the first batch (at least 2 are run).</param>
    /// <param name="metrics">The metrics judged; at least one.</param>
    /// <param name="relativeHalfWidth">Target, in (0, 1], e.g. 0.05.</param>
    /// <param name="maxReplications">Upper limit, ≥ the first batch.</param>
    /// <param name="maxDegreeOfParallelism">−1 for all cores (default), or a thread count; the result does not depend on it.</param>
    /// <param name="cancellationToken">Stops the running replications and starts no more.</param>
    /// <param name="batchJudged">Called after each batch is judged, before the next starts (progress); null for none.</param>
    public static PrecisionRunResult<StackReplicationResult> RunToPrecisionKeepingFinished(StackScenario scenario, IReadOnlyList<StackMetric> metrics,
        double relativeHalfWidth, int maxReplications, int maxDegreeOfParallelism = -1, CancellationToken cancellationToken = default,
        Action<PrecisionRunResult<StackReplicationResult>>? batchJudged = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(metrics);
        (StackScenario fixedWarmup, bool settled) = ResolveWarmup(scenario, cancellationToken);
        int first = Math.Min(Math.Max(2, scenario.Run.Replications), maxReplications);
        var readers = metrics.Select(m => m.Value).ToArray();
        return PrecisionRun.RunKeepingFinished(r => RunWithWarmup(fixedWarmup, r, settled, cancellationToken), readers, relativeHalfWidth,
            first, maxReplications, batchSize: first, maxDegreeOfParallelism, cancellationToken,
            relativeResolutions: metrics.Select(m => m.RelativeResolution).ToArray(), batchJudged);
    }

    private static void Check(RunOutcome outcome, CancellationToken token)
    {
        if (outcome == RunOutcome.Cancelled) throw new OperationCanceledException(token);
    }
}
