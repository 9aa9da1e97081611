using Sim.Scenarios;
using Sim.Stack;

namespace Sim.Experiments;

/// <summary>
/// The scaling strategy of one configuration, as <c>sim phases --out</c> draws it: throughput and latency against servers
/// (1–4) and against workers per server (1, 2, 4, 8), each with a Universal Scalability Law fit, from short runs at a load
/// that saturates one server. Immutable.
/// </summary>
/// <param name="Servers">Throughput vs servers behind the load balancer.</param>
/// <param name="Workers">Throughput vs gunicorn workers per server.</param>
/// <param name="Run">The run settings of every point (see <see cref="ShortRun"/>).</param>
public sealed record ScalingStrategy(ScalingSeries Servers, ScalingSeries Workers, RunSettings Run)
{
    /// <summary>Servers tried: 1, 2, 3, 4.</summary>
    public static IReadOnlyList<int> ServerCounts { get; } = [1, 2, 3, 4];

    /// <summary>Workers per server tried: 1, 2, 4, 8.</summary>
    public static IReadOnlyList<int> WorkerCounts { get; } = [1, 2, 4, 8];

    /// <summary>The study's run settings: at most 20 s after 5 s of warm-up, at most 2 replications per point.</summary>
    /// <param name="scenario">The configuration.</param>
    public static RunSettings ShortRun(StackScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario.Run with { DurationSeconds = Math.Min(scenario.Run.DurationSeconds, 20), WarmupSeconds = 5, Replications = Math.Min(scenario.Run.Replications, 2) };
    }

    /// <summary>Runs the study (a few seconds of short runs for the seed stack).</summary>
    /// <param name="scenario">The configuration.</param>
    /// <param name="cancellationToken">Stops it; throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>The two series, or null when the configuration offers no load (an open load whose rate is 0 throughout).</returns>
    /// <exception cref="ScenarioValidationException"><paramref name="scenario"/> is invalid.</exception>
    public static ScalingStrategy? Study(StackScenario scenario, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        StackScenario quick = scenario with { Run = ShortRun(scenario) };
        double users = ScalingStudy.SaturatingLoadPerServer(quick, cancellationToken: cancellationToken);
        if (!(users > 0)) return null;
        // One server at the scenario's worker count is in both series (the seed stack's 8 workers): simulated once.
        var simulated = new Dictionary<StackScenario, StackReplicationResult[]>();
        return new ScalingStrategy(ScalingStudy.Servers(quick, ServerCounts, users, simulated, cancellationToken),
            ScalingStudy.Workers(quick, WorkerCounts, users, simulated, cancellationToken), quick.Run);
    }
}
