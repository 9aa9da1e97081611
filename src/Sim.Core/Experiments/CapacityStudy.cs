using Sim.Scenarios;
using Sim.Stack;

namespace Sim.Experiments;

/// <summary>
/// The capacity growth path: for each configuration (the baseline and every cumulative phase), the largest closed
/// population or open rate that meets the scenario's SLO (<see cref="CapacitySearch"/>). Stateless and thread safe.
/// </summary>
public static class CapacityStudy
{
    /// <summary>Searches each configuration in turn, with its own run settings.</summary>
    /// <param name="phases">The configurations, at least one (e.g. <see cref="ScenarioLoadResult.Phases"/>).</param>
    /// <param name="quick">Search with <see cref="Quick"/>'s shorter settings (as <c>sim phases --capacity</c> does) instead of each configuration's own. Default false.</param>
    /// <param name="progress">Receives <see cref="StudyStage.CapacityStarting"/> and <see cref="StudyStage.CapacityFinished"/> per configuration, synchronously; null for none.</param>
    /// <param name="cancellationToken">Stops the search; throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>One result per configuration, in order.</returns>
    /// <exception cref="ScenarioValidationException">A configuration is invalid.</exception>
    public static IReadOnlyList<CapacityResult> Run(IReadOnlyList<ScenarioPhase> phases, bool quick = false, IProgress<StudyProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(phases);
        if (phases.Count == 0) throw new ArgumentException("At least one configuration is needed.", nameof(phases));
        var results = new List<CapacityResult>(phases.Count);
        Run(phases, quick, progress, results, cancellationToken);
        return results;
    }

    /// <summary>Runs the searches, adding each result to <paramref name="results"/> as it finishes (kept when cancelled).</summary>
    internal static void Run(IReadOnlyList<ScenarioPhase> phases, bool quick, IProgress<StudyProgress>? progress, List<CapacityResult> results,
        CancellationToken cancellationToken)
    {
        for (int i = 0; i < phases.Count; i++)
        {
            progress?.Report(new StudyProgress(StudyStage.CapacityStarting, i, phases[i].Name, i, phases.Count));
            StackScenario scenario = quick ? Quick(phases[i].Scenario) : phases[i].Scenario;
            results.Add(CapacitySearch.Find(scenario, cancellationToken: cancellationToken));
            progress?.Report(new StudyProgress(StudyStage.CapacityFinished, i, phases[i].Name, i + 1, phases.Count));
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
