using Sim.Randomness;

namespace Sim.Distributions;

/// <summary>
/// The bounded (truncated) Pareto distribution on [L, H] with tail index α: density αL^α x^(−α−1) / (1 − (L/H)^α).
/// A heavy-tailed size or time model whose moments all exist because of the upper bound.
/// </summary>
/// <remarks>
/// <para>With R = H/L and D = 1 − R^(−α), the n-th raw moment is E[Xⁿ] = Lⁿ · α · ln R · g((n − α) ln R) / D with
/// g(t) = (eᵗ − 1)/t and g(0) = 1; this is exact for every α, including α = 1 (E[X] = L ln R / D) and α = 2
/// (E[X²] = 2L² ln R / D), and is evaluated without cancellation near them. Variance = E[X²] − E[X]².</para>
/// <para>Sampling by inversion: x = L·(1 − U·D)^(−1/α).</para>
/// </remarks>
public sealed class BoundedPareto : Distribution
{
    private readonly double _logRatio;   // ln(H/L)
    private readonly double _d;          // 1 − (L/H)^α

    private BoundedPareto(double alpha, double lower, double upper)
    {
        Alpha = alpha;
        Lower = lower;
        Upper = upper;
        _logRatio = Math.Log(upper / lower);
        _d = -MathUtil.Expm1(-alpha * _logRatio);
        Mean = RawMoment(1);
        Variance = Math.Max(0, RawMoment(2) - Mean * Mean);
    }

    /// <summary>The tail index α, dimensionless; range α &gt; 0 (smaller is heavier).</summary>
    public double Alpha { get; }

    /// <summary>The lower bound L, in the distribution's unit; range L &gt; 0.</summary>
    public double Lower { get; }

    /// <summary>The upper bound H, in the distribution's unit; range H &gt; L.</summary>
    public double Upper { get; }

    /// <summary>A bounded Pareto distribution.</summary>
    /// <param name="alpha">Tail index α, dimensionless; range α &gt; 0, finite.</param>
    /// <param name="lower">Lower bound L, in the distribution's unit (seconds, bytes); range L &gt; 0, finite.</param>
    /// <param name="upper">Upper bound H, in the distribution's unit; range H &gt; L, finite.</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is ≤ 0, NaN or infinite, or <paramref name="upper"/> ≤ <paramref name="lower"/>.</exception>
    public static BoundedPareto From(double alpha, double lower, double upper)
    {
        Guard.Positive(alpha, nameof(alpha));
        Guard.Positive(lower, nameof(lower));
        Guard.Positive(upper, nameof(upper));
        if (!(upper > lower))
        {
            throw new ArgumentOutOfRangeException(nameof(upper), upper, $"Must be > lower ({lower}).");
        }
        var d = new BoundedPareto(alpha, lower, upper);
        if (!(d._d > 0) || !double.IsFinite(d.Variance))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "α·ln(upper/lower) is outside the representable range.");
        }
        return d;
    }

    private double RawMoment(int n) =>
        Math.Pow(Lower, n) * Alpha * _logRatio * MathUtil.Expm1OverX((n - Alpha) * _logRatio) / _d;

    /// <inheritdoc/>
    public override double Sample(RandomStream random) =>
        Math.Min(Upper, Lower * Math.Exp(-MathUtil.Log1p(-random.NextDouble() * _d) / Alpha));

    /// <inheritdoc/>
    public override double Mean { get; }

    /// <inheritdoc/>
    /// <remarks>The largest uniform (1 − 2⁻⁵³) reaches Upper only when α is small; otherwise the draws stop well below it.</remarks>
    internal override (double Min, double Max) DrawRange =>
        (Lower, Math.Min(Upper, Lower * Math.Exp(-MathUtil.Log1p(-(1 - 1.0 / (1UL << 53)) * _d) / Alpha)));

    /// <inheritdoc/>
    public override double Variance { get; }

    /// <inheritdoc/>
    public override bool HasClosedFormCdf => true;

    /// <inheritdoc/>
    public override double CumulativeDistribution(double x) =>
        x <= Lower ? 0 : x >= Upper ? 1 : -MathUtil.Expm1(-Alpha * Math.Log(x / Lower)) / _d;

    /// <inheritdoc/>
    public override double InverseCumulativeDistribution(double p)
    {
        CheckProbability(p);
        return Math.Min(Upper, Lower * Math.Exp(-MathUtil.Log1p(-p * _d) / Alpha));
    }

    /// <inheritdoc/>
    public override string Describe(DistributionUnit unit) =>
        $"boundedPareto(alpha={UnitText.Number(Alpha)}, min={UnitText.Format(Lower, unit)}, max={UnitText.Format(Upper, unit)})";
}
