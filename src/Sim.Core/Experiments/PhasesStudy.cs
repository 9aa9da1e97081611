using Sim.Scenarios;
using Sim.Stack;

namespace Sim.Experiments;

/// <summary>
/// Runs the baseline and every cumulative phase of a scenario in independent replications and compares each with the one
/// before it, paired by replication: phases share the scenario seed, so replication r of each sees the same random numbers
/// (common random numbers) and the change gets a narrow paired interval. What <c>sim phases</c> and the notebooks run.
/// Stateless and thread safe.
/// </summary>
public static class PhasesStudy
{
    /// <summary>Runs the study.</summary>
    /// <param name="phases">The configurations, at least one, in order (e.g. <see cref="ScenarioLoadResult.Phases"/>).</param>
    /// <param name="options">How to run; null for the defaults of <see cref="PhasesStudyOptions"/>.</param>
    /// <param name="progress">Receives a <see cref="StudyProgress"/> per configuration started and finished, per replication and per capacity search, synchronously (replications from worker threads); null for none.</param>
    /// <param name="cancellationToken">
    /// Stops the study. Cancelled before the first configuration finished: throws <see cref="OperationCanceledException"/>.
    /// Later: returns the configurations that finished every replication, <see cref="PhasesResult.Partial"/> set; cancelled
    /// during the capacity search: every configuration, the capacities found so far, <see cref="PhasesResult.CapacityCancelled"/> set.
    /// </param>
    /// <returns>Per configuration its replications, summary, paired change from the one before and (when searched) capacity.</returns>
    /// <exception cref="ScenarioValidationException">A configuration is invalid; the exception lists every problem.</exception>
    public static PhasesResult Run(IReadOnlyList<ScenarioPhase> phases, PhasesStudyOptions? options = null, IProgress<StudyProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(phases);
        if (phases.Count == 0) throw new ArgumentException("At least one configuration is needed.", nameof(phases));
        options ??= new PhasesStudyOptions();
        var outcomes = new List<PhaseOutcome>(phases.Count);
        StackReplicationResult[]? previous = null;
        for (int i = 0; i < phases.Count; i++)
        {
            ScenarioPhase phase = phases[i];
            int total = phase.Scenario.Run.Replications, done = 0, index = i;
            progress?.Report(new StudyProgress(StudyStage.PhaseStarting, i, phase.Name, 0, total));
            StackReplicationResult[] runs;
            try
            {
                runs = StackExperiment.Run(phase.Scenario, options.MaxDegreeOfParallelism, cancellationToken, _ =>
                    progress?.Report(new StudyProgress(StudyStage.ReplicationFinished, index, phase.Name, Interlocked.Increment(ref done), total)));
            }
            catch (OperationCanceledException) when (outcomes.Count > 0)
            {
                // Keep the configurations that finished; the result says it is partial.
                break;
            }
            IReadOnlyList<PhaseDifference> differences = previous is not null && previous.Length == runs.Length
                ? [.. StackMetrics.All.Select(m => PhaseDifference.Compare(previous, runs, m))]
                : [];
            var outcome = new PhaseOutcome(phase, runs, StackSummary.From(runs), differences);
            outcomes.Add(outcome);
            previous = runs;
            progress?.Report(new StudyProgress(StudyStage.PhaseFinished, i, phase.Name, total, total, outcome.Summary));
        }

        bool partial = outcomes.Count < phases.Count;
        bool capacityCancelled = false;
        // With several populations the search scales all of them by one factor (CapacityResult.Load "factor").
        if (options.SearchCapacity && !partial)
        {
            var found = new CapacityResult?[phases.Count];
            try
            {
                CapacityStudy.Run(phases, quick: true, progress, found, cancellationToken, options.MaxDegreeOfParallelism);
            }
            catch (OperationCanceledException)
            {
                capacityCancelled = true;
            }
            for (int i = 0; i < found.Length; i++) outcomes[i].Capacity = found[i];
        }
        return new PhasesResult(outcomes, phases.Count, capacityCancelled);
    }
}
