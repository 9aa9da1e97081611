namespace Sim.Stack;

/// <summary>How one replication's value of a metric is formed from the observation window (<see cref="StackMetric.Aggregation"/>).</summary>
public enum MetricAggregation
{
    /// <summary>A count over the window divided by its length: a rate per second.</summary>
    Rate,

    /// <summary>A statistic of the requests completed in the window (mean, quantile, maximum, ratio of counts).</summary>
    PerRequest,

    /// <summary>A time average over the window (utilizations, queue lengths, connections open, memory).</summary>
    TimeAverage,

    /// <summary>Derived from other values of the replication (Little's-law error, bottleneck capacity).</summary>
    Derived,
}
