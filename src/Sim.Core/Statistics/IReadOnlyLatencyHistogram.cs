namespace Sim.Statistics;

/// <summary>
/// A latency histogram that can be read but not changed: what results expose, so that a caller cannot add values to a
/// replication's recorded latencies. <see cref="Clone"/> gives a mutable copy to merge into or record on.
/// </summary>
public interface IReadOnlyLatencyHistogram
{
    /// <summary>α, the relative error bound of every quantile estimate.</summary>
    double RelativeAccuracy { get; }

    /// <summary>Number of values recorded.</summary>
    long Count { get; }

    /// <summary>Exact sum of the values recorded, seconds.</summary>
    double Sum { get; }

    /// <summary>Exact mean, seconds; NaN when empty.</summary>
    double Mean { get; }

    /// <summary>Exact smallest value, seconds; NaN when empty.</summary>
    double Min { get; }

    /// <summary>Exact largest value, seconds; NaN when empty.</summary>
    double Max { get; }

    /// <summary>The q-quantile, within relative error <see cref="RelativeAccuracy"/> of the exact order statistic; NaN when empty.</summary>
    /// <param name="q">The quantile, in [0, 1].</param>
    double Quantile(double q);

    /// <summary>The fraction of values at or below <paramref name="value"/> seconds, to the bucket's resolution; NaN when empty.</summary>
    /// <param name="value">A latency, seconds.</param>
    double CumulativeFraction(double value);

    /// <summary>The non-empty buckets in increasing order, as (lower, upper, count) with bounds in seconds.</summary>
    IEnumerable<(double lower, double upper, long count)> Buckets();

    /// <summary>An independent, mutable deep copy.</summary>
    LatencyHistogram Clone();
}

/// <summary>A read-only view of a histogram that nobody else holds: results keep their latencies behind it, so a cast cannot reach the mutable histogram.</summary>
internal sealed class ReadOnlyLatencyHistogram(LatencyHistogram inner) : IReadOnlyLatencyHistogram
{
    internal LatencyHistogram Inner { get; } = inner;
    public double RelativeAccuracy => Inner.RelativeAccuracy;
    public long Count => Inner.Count;
    public double Sum => Inner.Sum;
    public double Mean => Inner.Mean;
    public double Min => Inner.Min;
    public double Max => Inner.Max;
    public double Quantile(double q) => Inner.Quantile(q);
    public double CumulativeFraction(double value) => Inner.CumulativeFraction(value);
    public IEnumerable<(double lower, double upper, long count)> Buckets() => Inner.Buckets();
    public LatencyHistogram Clone() => Inner.Clone();
}
