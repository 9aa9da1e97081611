using Sim.Scenarios;
using Sim.Stack;

namespace Sim.Experiments;

/// <summary>
/// The capacity growth path: for each configuration (the baseline and every cumulative phase), the largest closed
/// population or open rate that meets the scenario's SLO (<see cref="CapacitySearch"/>). Stateless and thread safe.
/// </summary>
public static class CapacityStudy
{
    /// <summary>
    /// Searches every configuration, with its own run settings, several side by side (each search is sequential: one load
    /// after another; the configurations are independent, so running them at once keeps every core busy). Each search
    /// depends on its own results only, so the results are those of searching one configuration after another, whatever
    /// the thread count.
    /// </summary>
    /// <param name="phases">The configurations, at least one (e.g. <see cref="ScenarioLoadResult.Phases"/>).</param>
    /// <param name="quick">Search with <see cref="Quick"/>'s shorter settings (as <c>sim phases --capacity</c> does) instead of each configuration's own. Default false.</param>
    /// <param name="progress">
    /// Receives <see cref="StudyProgress.Stage"/> <see cref="StudyStage.CapacityStarting"/> and <see cref="StudyStage.CapacityFinished"/> per
    /// configuration, in the configurations' order (a configuration's start is reported once the one before it finished, even when it
    /// started earlier), from worker threads one at a time; null for none.
    /// </param>
    /// <param name="cancellationToken">Stops the search; throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>One result per configuration, in order.</returns>
    /// <exception cref="ScenarioValidationException">A configuration is invalid.</exception>
    public static IReadOnlyList<CapacityResult> Run(IReadOnlyList<ScenarioPhase> phases, bool quick = false, IProgress<StudyProgress>? progress = null,
        CancellationToken cancellationToken = default) => Run(phases, quick, progress, cancellationToken, maxDegreeOfParallelism: -1);

    /// <summary><see cref="Run(IReadOnlyList{ScenarioPhase}, bool, IProgress{StudyProgress}, CancellationToken)"/> with a thread limit: −1 all cores; 1 one configuration after another on one thread; k &gt; 1 k configurations side by side, each load of each with up to k threads.</summary>
    internal static IReadOnlyList<CapacityResult> Run(IReadOnlyList<ScenarioPhase> phases, bool quick, IProgress<StudyProgress>? progress,
        CancellationToken cancellationToken, int maxDegreeOfParallelism)
    {
        ArgumentNullException.ThrowIfNull(phases);
        if (phases.Count == 0) throw new ArgumentException("At least one configuration is needed.", nameof(phases));
        if (maxDegreeOfParallelism == 0 || maxDegreeOfParallelism < -1)
            throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "maxDegreeOfParallelism must be −1 or ≥ 1.");
        var results = new CapacityResult?[phases.Count];
        Run(phases, quick, progress, results, cancellationToken, maxDegreeOfParallelism);
        return [.. results.Select(r => r!)];
    }

    /// <summary>
    /// Runs the searches, storing each result in <paramref name="results"/> at its configuration's index as it finishes (kept
    /// when cancelled: the finished ones are set, the others null).
    /// </summary>
    internal static void Run(IReadOnlyList<ScenarioPhase> phases, bool quick, IProgress<StudyProgress>? progress, CapacityResult?[] results,
        CancellationToken cancellationToken, int maxDegreeOfParallelism = -1)
    {
        var scenarios = phases.Select(p => quick ? Quick(p.Scenario) : p.Scenario).ToArray();
        foreach (StackScenario s in scenarios) ScenarioValidator.ThrowIfInvalid(s, nameof(phases));
        var reporter = new OrderedReporter(phases, progress);
        var options = new CapacitySearchOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        if (maxDegreeOfParallelism == 1 || phases.Count == 1)
        {
            reporter.Begin();
            for (int i = 0; i < phases.Count; i++)
            {
                results[i] = CapacitySearch.Run(scenarios[i], options, cancellationToken);
                reporter.Finished(i);
            }
            return;
        }
        // The dearest searches first (a search's work grows with the throughput at capacity, which the analytic estimate
        // approximates), so that the last one to start is short and the cores finish together. The order changes the
        // timing only: every search is the same whatever runs beside it.
        int[] order = [.. Enumerable.Range(0, phases.Count).OrderByDescending(i => EstimatedCost(scenarios[i])).ThenBy(i => i)];
        int next = -1;
        int workers = Math.Min(phases.Count, maxDegreeOfParallelism == -1 ? Environment.ProcessorCount : maxDegreeOfParallelism);
        reporter.Begin();
        try
        {
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, (_, state) =>
            {
                for (int k = Interlocked.Increment(ref next); k < order.Length && !state.ShouldExitCurrentIteration; k = Interlocked.Increment(ref next))
                {
                    int i = order[k];
                    try
                    {
                        results[i] = CapacitySearch.Run(scenarios[i], options, cancellationToken);
                    }
                    catch
                    {
                        state.Stop(); // the others stop at their next configuration; the exception reaches the caller
                        throw;
                    }
                    reporter.Finished(i);
                }
            });
        }
        catch (AggregateException e)
        {
            // As the sequential loop would: a cancellation as OperationCanceledException, else the first failure itself.
            Exception first = e.InnerExceptions.FirstOrDefault(x => x is not OperationCanceledException) ?? e.InnerExceptions[0];
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
        }
    }

    /// <summary>A configuration's relative search cost: its analytic capacity (requests/s), the load its boundary runs carry; 0 when unknown.</summary>
    private static double EstimatedCost(StackScenario scenario)
    {
        try
        {
            double x = StackAnalytic.Estimate(scenario).CapacityPerSecond;
            return double.IsFinite(x) && x > 0 ? x : 0;
        }
        catch (ArgumentException)
        {
            return 0;
        }
    }

    /// <summary>
    /// Reports the searches' starts and ends in the configurations' order, as a sequential study would: configuration i's start
    /// once i − 1 has finished (and been reported), its end once it finished and i's start was reported. Thread safe.
    /// </summary>
    private sealed class OrderedReporter(IReadOnlyList<ScenarioPhase> phases, IProgress<StudyProgress>? progress)
    {
        private readonly Lock _gate = new();
        private readonly bool[] _finished = new bool[phases.Count];
        private int _reported; // configurations whose start and end were both reported
        private bool _startReported; // whether configuration _reported's start was reported

        public void Begin()
        {
            lock (_gate) Flush();
        }

        public void Finished(int index)
        {
            lock (_gate)
            {
                _finished[index] = true;
                Flush();
            }
        }

        private void Flush()
        {
            if (progress is null) return;
            while (_reported < phases.Count)
            {
                if (!_startReported)
                {
                    progress.Report(new StudyProgress(StudyStage.CapacityStarting, _reported, phases[_reported].Name, _reported, phases.Count));
                    _startReported = true;
                }
                if (!_finished[_reported]) return;
                progress.Report(new StudyProgress(StudyStage.CapacityFinished, _reported, phases[_reported].Name, _reported + 1, phases.Count));
                _reported++;
                _startReported = false;
            }
        }
    }

    /// <summary>
    /// The settings of the quick capacity search: at most 2 replications of 200 s after at most 40 s of warm-up per
    /// full-length load tried — for the seed stack's eight phases 19 s of CPU (33 s for the exhaustive search; both measured
    /// on a busy 2-core machine, docs/benchmarks.md). On the seed stack it lands within 2 % of the search of
    /// <c>sim capacity -n 3</c> (404 vs 406 users at baseline, 743 vs 758 with 8 workers, 7685 vs 7652 behind the load balancer).
    /// </summary>
    /// <param name="scenario">The configuration.</param>
    /// <returns>The configuration with those run settings; an automatic warm-up stays automatic.</returns>
    public static StackScenario Quick(StackScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario with
        {
            Run = scenario.Run with
            {
                Replications = Math.Min(scenario.Run.Replications, 2),
                DurationSeconds = Math.Min(scenario.Run.DurationSeconds, 200),
                WarmupSeconds = scenario.Run.WarmupSeconds is { } w ? Math.Min(w, 40) : null,
            },
        };
    }
}
