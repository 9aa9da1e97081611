using MathNet.Numerics.Distributions;

namespace Sim.Statistics;

/// <summary>
/// A two-sided confidence interval for a mean: <see cref="Mean"/> ± <see cref="HalfWidth"/> at
/// confidence <see cref="Level"/>, from <see cref="Count"/> independent observations (typically one
/// per replication).
/// </summary>
/// <param name="Mean">Point estimate, in the observations' unit.</param>
/// <param name="HalfWidth">
/// Half-width, in the observations' unit; ≥ 0. 0 when <see cref="Count"/> = 1, which means
/// "no interval" (see <see cref="HasInterval"/>), not "no uncertainty".
/// </param>
/// <param name="Count">Number of observations the interval is built from; ≥ 1.</param>
/// <param name="Level">Confidence level in (0, 1), e.g. 0.95.</param>
/// <remarks>Immutable and thread safe.</remarks>
public readonly record struct ConfidenceInterval(double Mean, double HalfWidth, int Count, double Level)
{
    /// <summary>Lower end, <see cref="Mean"/> − <see cref="HalfWidth"/>.</summary>
    public double Lower => Mean - HalfWidth;

    /// <summary>Upper end, <see cref="Mean"/> + <see cref="HalfWidth"/>.</summary>
    public double Upper => Mean + HalfWidth;

    /// <summary>True when the interval carries information, i.e. it was built from at least two observations.</summary>
    public bool HasInterval => Count >= 2;

    /// <summary>
    /// <see cref="HalfWidth"/> / |<see cref="Mean"/>|, dimensionless (0.05 = ± 5 %). 0 when both are 0,
    /// +∞ when the mean is 0 and the half-width is not.
    /// </summary>
    public double RelativeHalfWidth =>
        HalfWidth == 0.0 ? 0.0 : Mean == 0.0 ? double.PositiveInfinity : HalfWidth / Math.Abs(Mean);

    /// <summary>Whether <paramref name="x"/> lies in the closed interval [<see cref="Lower"/>, <see cref="Upper"/>].</summary>
    /// <param name="x">A value in the observations' unit.</param>
    public bool Contains(double x) => x >= Lower && x <= Upper;

    /// <summary>
    /// The interval widened on both sides by <paramref name="bias"/>, a bound on the estimator's
    /// systematic error that the spread between replications cannot show — e.g. a quantile read from a
    /// histogram with relative accuracy α is off by at most α·|value| in every replication alike, so
    /// replications that agree exactly still leave that much doubt. Without an interval (one
    /// observation) the result is unchanged.
    /// </summary>
    /// <param name="bias">Half-width to add, ≥ 0 and finite.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bias"/> is negative, NaN or infinite.</exception>
    public ConfidenceInterval WidenedBy(double bias)
    {
        if (!(bias >= 0) || double.IsPositiveInfinity(bias))
            throw new ArgumentOutOfRangeException(nameof(bias), bias, "The added half-width must be finite and ≥ 0.");
        return HasInterval ? this with { HalfWidth = HalfWidth + bias } : this;
    }

    /// <summary>
    /// Student-t interval x̄ ± t_{n−1, 1−(1−level)/2} · s/√n from independent, identically distributed
    /// observations (e.g. one per replication), assumed approximately normal.
    /// </summary>
    /// <param name="values">The observations; at least one, all finite.</param>
    /// <param name="level">Confidence level in (0, 1); default 0.95.</param>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is outside (0, 1), or a value is NaN or infinite (ParamName "values").</exception>
    public static ConfidenceInterval FromSamples(ReadOnlySpan<double> values, double level = 0.95)
    {
        RequireLevel(level);
        if (values.IsEmpty) throw new ArgumentException("At least one observation is needed.", nameof(values));
        var tally = new Tally();
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            if (!double.IsFinite(v))
                throw new ArgumentOutOfRangeException(nameof(values), v, $"Observation {i} is not a finite number.");
            tally.Add(v);
        }
        return FromTally(in tally, level);
    }

    /// <summary>The Student-t interval of the observations summarised by <paramref name="tally"/>; see <see cref="FromSamples"/>.</summary>
    /// <param name="tally">A tally with at least one observation.</param>
    /// <param name="level">Confidence level in (0, 1); default 0.95.</param>
    /// <exception cref="ArgumentException"><paramref name="tally"/> is empty, or has more than <see cref="int.MaxValue"/> observations.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is outside (0, 1).</exception>
    public static ConfidenceInterval FromTally(in Tally tally, double level = 0.95)
    {
        RequireLevel(level);
        if (tally.Count == 0) throw new ArgumentException("The tally is empty.", nameof(tally));
        if (tally.Count > int.MaxValue) throw new ArgumentException("Too many observations for a t-interval count.", nameof(tally));
        int n = (int)tally.Count;
        if (n == 1) return new ConfidenceInterval(tally.Mean, 0.0, 1, level);
        double t = StudentTQuantile(level, n - 1);
        return new ConfidenceInterval(tally.Mean, t * tally.StandardDeviation / Math.Sqrt(n), n, level);
    }

    /// <summary>
    /// Interval for the mean difference E[a − b] from paired observations (a[i], b[i]), e.g. two phases
    /// of a scenario run with common random numbers in replication i: the t-interval of dᵢ = aᵢ − bᵢ.
    /// </summary>
    /// <param name="a">First sample; same length as <paramref name="b"/>, at least one, all finite.</param>
    /// <param name="b">Second sample, paired element by element with <paramref name="a"/>.</param>
    /// <param name="level">Confidence level in (0, 1); default 0.95.</param>
    /// <exception cref="ArgumentException">The spans are empty or of different lengths.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is outside (0, 1), or a value is not finite.</exception>
    public static ConfidenceInterval PairedDifference(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double level = 0.95)
    {
        RequireLevel(level);
        if (a.Length != b.Length) throw new ArgumentException($"Paired samples need equal lengths ({a.Length} vs {b.Length}).", nameof(b));
        if (a.IsEmpty) throw new ArgumentException("At least one pair is needed.", nameof(a));
        var tally = new Tally();
        for (int i = 0; i < a.Length; i++)
        {
            if (!double.IsFinite(a[i])) throw new ArgumentOutOfRangeException(nameof(a), a[i], $"Observation {i} is not a finite number.");
            if (!double.IsFinite(b[i])) throw new ArgumentOutOfRangeException(nameof(b), b[i], $"Observation {i} is not a finite number.");
            tally.Add(a[i] - b[i]);
        }
        return FromTally(in tally, level);
    }

    /// <summary>The two-sided Student-t critical value t_{df, 1−(1−level)/2}.</summary>
    /// <param name="level">Confidence level in (0, 1).</param>
    /// <param name="degreesOfFreedom">Degrees of freedom; ≥ 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static double StudentTQuantile(double level, int degreesOfFreedom)
    {
        RequireLevel(level);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(degreesOfFreedom);
        return StudentT.InvCDF(0.0, 1.0, degreesOfFreedom, 1.0 - (1.0 - level) / 2.0);
    }

    private static void RequireLevel(double level)
    {
        if (!(level > 0.0 && level < 1.0))
            throw new ArgumentOutOfRangeException(nameof(level), level, "The confidence level must be in (0, 1).");
    }
}
