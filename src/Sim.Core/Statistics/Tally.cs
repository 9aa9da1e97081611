using System.Runtime.CompilerServices;

namespace Sim.Statistics;

/// <summary>
/// Running count, mean, variance, minimum, maximum and sum of a stream of observations, by
/// Welford's (1962) one-pass update; two tallies combine exactly with the parallel formula of
/// Chan, Golub and LeVeque (1979).
/// </summary>
/// <remarks>
/// <para>A <b>mutable struct</b>: keep it in a field (or an array element) and call <see cref="Add"/> on
/// that field; never on a copy from a property or a <c>readonly</c> field, which would update the copy.
/// <c>default(Tally)</c> is an empty tally.</para>
/// <para><see cref="Add"/> is allocation-free and O(1). Not thread safe: one tally belongs to one
/// simulation; combine per-thread tallies with <see cref="Merge(in Tally, in Tally)"/>.</para>
/// </remarks>
public struct Tally
{
    private long _count;
    private double _mean;
    private double _m2;
    private double _min;
    private double _max;
    private double _sum;

    /// <summary>Number of observations added; ≥ 0.</summary>
    public readonly long Count => _count;

    /// <summary>Arithmetic mean of the observations, in their unit; <see cref="double.NaN"/> when empty.</summary>
    public readonly double Mean => _count == 0 ? double.NaN : _mean;

    /// <summary>
    /// Sample variance with divisor n − 1, in the observations' unit squared; ≥ 0.
    /// <see cref="double.NaN"/> when empty, and 0 by convention when <see cref="Count"/> = 1 (no spread is known).
    /// </summary>
    public readonly double Variance => _count switch
    {
        0 => double.NaN,
        1 => 0.0,
        _ => Math.Max(0.0, _m2 / (_count - 1)),
    };

    /// <summary>Square root of <see cref="Variance"/>, in the observations' unit.</summary>
    public readonly double StandardDeviation => Math.Sqrt(Variance);

    /// <summary>Smallest observation; <see cref="double.NaN"/> when empty.</summary>
    public readonly double Min => _count == 0 ? double.NaN : _min;

    /// <summary>Largest observation; <see cref="double.NaN"/> when empty.</summary>
    public readonly double Max => _count == 0 ? double.NaN : _max;

    /// <summary>Sum of the observations, in their unit; 0 when empty.</summary>
    public readonly double Sum => _sum;

    /// <summary>Adds one observation. Allocation-free, O(1).</summary>
    /// <param name="x">The observation; any finite value.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="x"/> is NaN or infinite.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(double x)
    {
        if (!double.IsFinite(x)) ThrowNotFinite(x);
        long n = ++_count;
        if (n == 1)
        {
            _mean = x;
            _m2 = 0.0;
            _min = x;
            _max = x;
            _sum = x;
            return;
        }
        double delta = x - _mean;
        _mean += delta / n;
        _m2 += delta * (x - _mean);
        if (x < _min) _min = x;
        if (x > _max) _max = x;
        _sum += x;
    }

    /// <summary>
    /// The tally of the concatenation of the observations of <paramref name="a"/> and <paramref name="b"/>
    /// (Chan, Golub and LeVeque, 1979): n = nₐ + n_b, δ = x̄_b − x̄ₐ, x̄ = x̄ₐ + δ·n_b/n,
    /// M₂ = M₂ₐ + M₂_b + δ²·nₐ·n_b/n. Equal to adding the observations one by one up to rounding.
    /// </summary>
    /// <param name="a">First tally; may be empty.</param>
    /// <param name="b">Second tally; may be empty.</param>
    /// <returns>A new tally; neither argument changes.</returns>
    public static Tally Merge(in Tally a, in Tally b)
    {
        if (b._count == 0) return a;
        if (a._count == 0) return b;
        long n = a._count + b._count;
        double delta = b._mean - a._mean;
        double na = a._count, nb = b._count;
        return new Tally
        {
            _count = n,
            _mean = a._mean + delta * (nb / n),
            _m2 = a._m2 + b._m2 + delta * delta * (na * nb / n),
            _min = Math.Min(a._min, b._min),
            _max = Math.Max(a._max, b._max),
            _sum = a._sum + b._sum,
        };
    }

    /// <summary>Adds all observations of <paramref name="other"/> to this tally (see <see cref="Merge(in Tally, in Tally)"/>).</summary>
    /// <param name="other">The tally to absorb; unchanged.</param>
    public void Merge(in Tally other) => this = Merge(in this, in other);

    /// <summary>Forgets every observation: the tally becomes empty, as <c>default(Tally)</c>.</summary>
    public void Reset() => this = default;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNotFinite(double x) =>
        throw new ArgumentOutOfRangeException(nameof(x), x, "An observation must be a finite number.");
}
