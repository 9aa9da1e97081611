using System.Runtime.CompilerServices;

namespace Sim.Statistics;

/// <summary>
/// A mergeable histogram of positive values (latencies in seconds) with logarithmic buckets and a
/// bounded relative error on every quantile, after DDSketch (Masson, Rim and Lee, VLDB 2019).
/// </summary>
/// <remarks>
/// <para><b>Buckets.</b> With relative accuracy α and γ = (1 + α)/(1 − α), bucket i holds the values in
/// (γ^(i−1), γ^i]; its representative value is 2γ^i/(γ + 1), which is within relative error α of every
/// value in the bucket. Values ≤ <see cref="MinTrackableValue"/> (1 ns), including 0, go to a zero
/// bucket; values above <see cref="MaxTrackableValue"/> (10⁶ s) are counted in the top bucket, while
/// <see cref="Max"/> stays exact.</para>
/// <para><b>Memory.</b> One fixed <c>long[]</c> of <see cref="BucketCapacity"/> buckets (≈ 3,450 for
/// α = 0.005, about 27 KB), allocated by the constructor and independent of the number of values.</para>
/// <para><b>Guarantee.</b> For a rank convention see <see cref="Quantile"/>. Not thread safe: one
/// histogram belongs to one simulation; combine histograms with <see cref="Merge(LatencyHistogram)"/>.</para>
/// </remarks>
public sealed class LatencyHistogram : IReadOnlyLatencyHistogram
{
    /// <summary>The relative accuracy α of a histogram created without one: every quantile estimate is within 0.5 % of the exact order statistic.</summary>
    public const double DefaultRelativeAccuracy = 0.005;

    /// <summary>Values at or below this many seconds (1 ns), including 0, are counted in the zero bucket.</summary>
    public const double MinTrackableValue = 1e-9;

    /// <summary>Values above this many seconds (10⁶ s ≈ 11.6 days) are counted in the top bucket; <see cref="Max"/> stays exact.</summary>
    public const double MaxTrackableValue = 1e6;

    private readonly double _gamma;
    private readonly double _invLnGamma;
    private readonly int _minIndex;   // bucket index of _counts[0]
    private readonly int _maxIndex;   // bucket index of _counts[^1]
    private readonly long[] _counts;
    private long _zeroCount;
    private long _count;
    private double _sum;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;

    /// <summary>Creates an empty histogram.</summary>
    /// <param name="relativeAccuracy">
    /// α, the relative error bound of quantile estimates; range 10⁻⁴ ≤ α ≤ 0.1, default 0.005 (0.5 %).
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="relativeAccuracy"/> is outside [10⁻⁴, 0.1] or NaN.</exception>
    public LatencyHistogram(double relativeAccuracy = DefaultRelativeAccuracy)
    {
        if (!(relativeAccuracy >= 1e-4 && relativeAccuracy <= 0.1))
            throw new ArgumentOutOfRangeException(nameof(relativeAccuracy), relativeAccuracy, "The relative accuracy must be in [1e-4, 0.1].");
        RelativeAccuracy = relativeAccuracy;
        _gamma = (1.0 + relativeAccuracy) / (1.0 - relativeAccuracy);
        _invLnGamma = 1.0 / Math.Log(_gamma);
        _minIndex = (int)Math.Ceiling(Math.Log(MinTrackableValue) * _invLnGamma);
        _maxIndex = (int)Math.Ceiling(Math.Log(MaxTrackableValue) * _invLnGamma) + 1;
        _counts = new long[_maxIndex - _minIndex + 1];
    }

    private LatencyHistogram(LatencyHistogram source)
    {
        RelativeAccuracy = source.RelativeAccuracy;
        _gamma = source._gamma;
        _invLnGamma = source._invLnGamma;
        _minIndex = source._minIndex;
        _maxIndex = source._maxIndex;
        _counts = (long[])source._counts.Clone();
        _zeroCount = source._zeroCount;
        _count = source._count;
        _sum = source._sum;
        _min = source._min;
        _max = source._max;
    }

    /// <summary>α, the relative accuracy this histogram was created with.</summary>
    public double RelativeAccuracy { get; }

    /// <summary>Number of buckets in the fixed bucket array (memory ≈ 8 bytes × this); independent of <see cref="Count"/>.</summary>
    public int BucketCapacity => _counts.Length;

    /// <summary>Number of values recorded; ≥ 0.</summary>
    public long Count => _count;

    /// <summary>Exact sum of the values recorded, in seconds; 0 when empty.</summary>
    public double Sum => _sum;

    /// <summary>Exact mean of the values recorded, in seconds; <see cref="double.NaN"/> when empty.</summary>
    public double Mean => _count == 0 ? double.NaN : _sum / _count;

    /// <summary>Exact smallest value recorded, in seconds; <see cref="double.NaN"/> when empty.</summary>
    public double Min => _count == 0 ? double.NaN : _min;

    /// <summary>Exact largest value recorded, in seconds; <see cref="double.NaN"/> when empty.</summary>
    public double Max => _count == 0 ? double.NaN : _max;

    /// <summary>Records one value. Allocation-free, O(1).</summary>
    /// <param name="value">Seconds; finite and ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative, NaN or infinite.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Record(double value) => Record(value, 1);

    /// <summary>Records <paramref name="count"/> copies of one value. Allocation-free, O(1).</summary>
    /// <param name="value">Seconds; finite and ≥ 0.</param>
    /// <param name="count">Number of copies; ≥ 0 (0 records nothing).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative, NaN or infinite, or <paramref name="count"/> is negative.</exception>
    public void Record(double value, long count)
    {
        if (!(value >= 0.0) || double.IsPositiveInfinity(value)) ThrowBadValue(value);
        if (count <= 0)
        {
            if (count < 0) ThrowBadCount(count);
            return;
        }
        if (value <= MinTrackableValue) _zeroCount += count;
        else _counts[IndexOf(value) - _minIndex] += count;
        _count += count;
        _sum += value * count;
        if (value < _min) _min = value;
        if (value > _max) _max = value;
    }

    /// <summary>
    /// Records one value here and in <paramref name="other"/>, as <see cref="Record(double)"/> on each, finding its
    /// bucket once when both have the same accuracy (the hot path of a model that keeps an overall histogram beside
    /// one per class: one logarithm per value instead of two).
    /// </summary>
    /// <param name="other">The second histogram; may be this one (the value is then recorded twice).</param>
    /// <param name="value">Seconds; finite and ≥ 0.</param>
    internal void RecordWith(LatencyHistogram other, double value)
    {
        if (!(value >= 0.0) || double.IsPositiveInfinity(value)) ThrowBadValue(value);
        if (other._invLnGamma != _invLnGamma || other._minIndex != _minIndex)
        {
            Record(value);
            other.Record(value);
            return;
        }
        if (value <= MinTrackableValue)
        {
            _zeroCount++;
            other._zeroCount++;
        }
        else
        {
            int i = IndexOf(value) - _minIndex;
            _counts[i]++;
            other._counts[i]++;
        }
        Add(value);
        other.Add(value);
    }

    // The counters of one recorded value (its bucket already counted), as Record(value, 1) updates them.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Add(double value)
    {
        _count++;
        _sum += value;
        if (value < _min) _min = value;
        if (value > _max) _max = value;
    }

    /// <summary>
    /// Estimate of the q-quantile. Rank convention: with n = <see cref="Count"/> and k = max(1, ⌈q·n⌉)
    /// (q·n evaluated in double precision), the exact answer is the k-th smallest value x₍ₖ₎; q = 0
    /// returns <see cref="Min"/> and q = 1 returns <see cref="Max"/> exactly. The estimate v satisfies
    /// |v − x₍ₖ₎| ≤ α·x₍ₖ₎ whenever MinTrackableValue &lt; x₍ₖ₎ ≤ MaxTrackableValue, |v − x₍ₖ₎| ≤ 1 ns
    /// below, and always Min ≤ v ≤ Max. Monotone non-decreasing in q.
    /// </summary>
    /// <param name="q">Quantile level in [0, 1], e.g. 0.99 for p99.</param>
    /// <returns>Seconds; <see cref="double.NaN"/> when the histogram is empty.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="q"/> is outside [0, 1] or NaN.</exception>
    public double Quantile(double q)
    {
        if (!(q >= 0.0 && q <= 1.0))
            throw new ArgumentOutOfRangeException(nameof(q), q, "The quantile level must be in [0, 1].");
        if (_count == 0) return double.NaN;
        if (q == 0.0) return _min;
        if (q == 1.0) return _max;
        long rank = (long)Math.Ceiling(q * _count);
        if (rank < 1) rank = 1;
        if (rank > _count) rank = _count;

        long seen = _zeroCount;
        double estimate;
        if (seen >= rank)
        {
            estimate = _min; // the zero bucket holds 0 and values ≤ 1 ns; Min is one of them
        }
        else
        {
            int i = 0;
            for (; i < _counts.Length; i++)
            {
                seen += _counts[i];
                if (seen >= rank) break;
            }
            if (i >= _counts.Length) i = _counts.Length - 1; // unreachable when counts are consistent
            estimate = 2.0 * Math.Pow(_gamma, i + _minIndex) / (_gamma + 1.0);
        }
        return Math.Clamp(estimate, _min, _max);
    }

    /// <summary>
    /// Approximate fraction of the recorded values that are ≤ <paramref name="value"/>, for CDF charts:
    /// the whole bucket containing <paramref name="value"/> counts as ≤ it, so the error is at most one
    /// bucket's share. Exactly 0 below <see cref="Min"/> and 1 at or above <see cref="Max"/>.
    /// </summary>
    /// <param name="value">Seconds; not NaN.</param>
    /// <returns>A fraction in [0, 1]; <see cref="double.NaN"/> when empty.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is NaN.</exception>
    public double CumulativeFraction(double value)
    {
        if (double.IsNaN(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "The value must not be NaN.");
        if (_count == 0) return double.NaN;
        if (value < _min) return 0.0;
        if (value >= _max) return 1.0;
        long seen = _zeroCount;
        if (value > MinTrackableValue)
        {
            int last = IndexOf(value) - _minIndex;
            for (int i = 0; i <= last; i++) seen += _counts[i];
        }
        return (double)seen / _count;
    }

    /// <summary>
    /// The non-empty buckets in increasing order, as (lower, upper, count) with bounds in seconds: the
    /// zero bucket is (0, <see cref="MinTrackableValue"/>); bucket i is (γ^(i−1), γ^i]. Allocates an
    /// enumerator; meant for charts and reports, not the hot path.
    /// </summary>
    public IEnumerable<(double lower, double upper, long count)> Buckets()
    {
        if (_zeroCount > 0) yield return (0.0, MinTrackableValue, _zeroCount);
        for (int i = 0; i < _counts.Length; i++)
        {
            long c = _counts[i];
            if (c == 0) continue;
            double upper = Math.Pow(_gamma, i + _minIndex);
            yield return (upper / _gamma, upper, c);
        }
    }

    /// <summary>
    /// Adds every value of <paramref name="other"/> to this histogram. The result equals (bucket for
    /// bucket) the histogram of the union of both inputs; merging is associative and commutative.
    /// </summary>
    /// <param name="other">A histogram with the same <see cref="RelativeAccuracy"/>; unchanged (unless it is this instance, which then doubles).</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    /// <exception cref="ArgumentException">The relative accuracies differ.</exception>
    public void Merge(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.RelativeAccuracy != RelativeAccuracy)
            throw new ArgumentException($"Cannot merge a histogram with relative accuracy {other.RelativeAccuracy} into one with {RelativeAccuracy}.", nameof(other));
        if (other._count == 0) return;
        long[] src = other._counts;
        for (int i = 0; i < _counts.Length; i++) _counts[i] += src[i];
        _zeroCount += other._zeroCount;
        _count += other._count;
        _sum += other._sum;
        if (other._min < _min) _min = other._min;
        if (other._max > _max) _max = other._max;
    }

    /// <summary>Adds every value of a read-only histogram (e.g. a replication's result) to this one; see <see cref="Merge(LatencyHistogram)"/>.</summary>
    /// <param name="other">A histogram with the same <see cref="RelativeAccuracy"/>; unchanged.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    /// <exception cref="ArgumentException">The relative accuracies differ.</exception>
    public void Merge(IReadOnlyLatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Merge(other as LatencyHistogram ?? (other as ReadOnlyLatencyHistogram)?.Inner ?? other.Clone());
    }

    /// <summary>An independent deep copy.</summary>
    public LatencyHistogram Clone() => new(this);

    /// <summary>Forgets every value (e.g. at the end of warm-up); keeps the bucket array, allocates nothing.</summary>
    public void Reset()
    {
        Array.Clear(_counts);
        _zeroCount = 0;
        _count = 0;
        _sum = 0.0;
        _min = double.PositiveInfinity;
        _max = double.NegativeInfinity;
    }

    /// <summary>Bucket index i = ⌈log_γ x⌉ for x &gt; MinTrackableValue, clamped to the array.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int IndexOf(double value)
    {
        double raw = Math.Ceiling(Math.Log(value) * _invLnGamma);
        if (raw >= _maxIndex) return _maxIndex;
        int i = (int)raw;
        return i < _minIndex ? _minIndex : i;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowBadValue(double value) =>
        throw new ArgumentOutOfRangeException(nameof(value), value, "A latency must be a finite number of seconds ≥ 0.");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowBadCount(long count) =>
        throw new ArgumentOutOfRangeException(nameof(count), count, "The count must be ≥ 0.");
}
