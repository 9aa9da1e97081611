using Sim.Kernel;
using Sim.Randomness;
using Sim.Statistics;

namespace Sim.Models;

/// <summary>Runs replications of a <see cref="MultiServerQueue"/> (a textbook G/G/c/K station).</summary>
public static class QueueExperiment
{
    /// <summary>Runs one replication: warm-up, reset, observe.</summary>
    /// <param name="config">The station and run lengths.</param>
    /// <param name="seed">Scenario seed.</param>
    /// <param name="replication">Replication index, ≥ 0; selects independent streams.</param>
    /// <param name="cancellationToken">Cooperative cancellation.</param>
    public static QueueReplicationResult RunOne(QueueConfig config, ulong seed, int replication, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        var sim = new Simulation();
        var station = new MultiServerQueue(sim, new StreamFactory(seed), config.Interarrival, config.Service,
            config.Servers, config.SystemCapacity, replication, "station")
        {
            ResponseHistogram = new LatencyHistogram(),
        };
        if (config.WarmupSeconds > 0) Check(sim.Run(config.WarmupSeconds, cancellationToken: cancellationToken));
        station.ResetStatistics();
        double end = config.WarmupSeconds + config.DurationSeconds;
        Check(sim.Run(end, cancellationToken: cancellationToken));
        // Follow the window's customers to their end, or the slowest of them would be missing (a FIFO queue drains
        // them in finite time; the bound only guards against a configuration that never does).
        station.EndWindow();
        if (station.DrainPending) Check(sim.Run(end + Math.Max(3600, end), cancellationToken: cancellationToken));
        LatencyHistogram h = station.ResponseHistogram!;
        long served = station.Wait.Count;
        return new QueueReplicationResult(
            replication,
            station.Throughput,
            station.Wait.Mean,
            station.Response.Mean,
            h.Count > 0 ? h.Quantile(0.50) : double.NaN,
            h.Count > 0 ? h.Quantile(0.95) : double.NaN,
            h.Count > 0 ? h.Quantile(0.99) : double.NaN,
            served == 0 ? double.NaN : station.WaitedCount / (double)served,
            station.MeanNumberInSystem,
            station.MeanQueueLength,
            station.Utilization,
            station.BlockingProbability,
            station.Response.Count,
            sim.EventsProcessed);

        void Check(RunOutcome outcome)
        {
            if (outcome == RunOutcome.Cancelled) throw new OperationCanceledException(cancellationToken);
        }
    }

    /// <summary>Runs <paramref name="replications"/> independent replications in parallel; the result does not depend on the thread count.</summary>
    /// <param name="config">The station and run lengths.</param>
    /// <param name="replications">Number of replications, ≥ 1.</param>
    /// <param name="seed">Scenario seed.</param>
    /// <param name="maxDegreeOfParallelism">−1 for all cores (default), or a thread count.</param>
    /// <param name="cancellationToken">Cooperative cancellation.</param>
    public static QueueReplicationResult[] Run(QueueConfig config, int replications, ulong seed, int maxDegreeOfParallelism = -1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        return Replications.Run(replications, r => RunOne(config, seed, r, cancellationToken), maxDegreeOfParallelism, cancellationToken);
    }
}
