using Sim.Experiments;
using Sim.Kernel;
using Sim.Scenarios;

namespace Sim.Stack;

/// <summary>Runs replications of a <see cref="StackScenario"/>: warm-up, reset, observe, collect.</summary>
public static class StackExperiment
{
    /// <summary>Runs one replication.</summary>
    /// <param name="scenario">The configuration; its <see cref="RunSettings"/> give the warm-up, duration and seed.</param>
    /// <param name="replication">Replication index, ≥ 0.</param>
    /// <param name="cancellationToken">Cooperative cancellation; throws <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="NotSupportedException">The warm-up is "auto" (null): automatic detection is not available yet.</exception>
    public static StackReplicationResult RunOne(StackScenario scenario, int replication, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        double warmup = scenario.Run.Warmup ?? throw new NotSupportedException("Automatic warm-up detection is not available yet; give run.warmup as a duration, e.g. \"60s\".");
        var sim = new Simulation();
        var model = new StackModel(sim, scenario, replication);
        if (warmup > 0) Check(sim.Run(warmup, cancellationToken: cancellationToken), cancellationToken);
        if (!model.Unstable)
        {
            model.ResetStatistics();
            Check(sim.Run(warmup + scenario.Run.Duration, cancellationToken: cancellationToken), cancellationToken);
        }
        return model.Collect(replication);
    }

    /// <summary>Runs the scenario's replications in parallel; the result does not depend on the thread count.</summary>
    /// <param name="scenario">The configuration.</param>
    /// <param name="maxDegreeOfParallelism">−1 for all cores (default), or a thread count.</param>
    /// <param name="cancellationToken">Cooperative cancellation.</param>
    public static StackReplicationResult[] Run(StackScenario scenario, int maxDegreeOfParallelism = -1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return Replications.Run(scenario.Run.Replications, r => RunOne(scenario, r, cancellationToken), maxDegreeOfParallelism, cancellationToken);
    }

    private static void Check(RunOutcome outcome, CancellationToken token)
    {
        if (outcome == RunOutcome.Cancelled) throw new OperationCanceledException(token);
    }
}
