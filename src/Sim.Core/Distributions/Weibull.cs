using MathNet.Numerics;
using Sim.Randomness;

namespace Sim.Distributions;

/// <summary>
/// The Weibull distribution with shape k and scale λ: F(x) = 1 − exp(−(x/λ)^k). Mean = λΓ(1 + 1/k),
/// variance = λ²[Γ(1 + 2/k) − Γ(1 + 1/k)²]. k &lt; 1 gives a heavier tail than the exponential, k = 1 is the exponential,
/// k &gt; 1 a lighter one. Sampling by inversion: λ(−ln U)^(1/k).
/// </summary>
public sealed class Weibull : Distribution
{
    private Weibull(double shape, double scale)
    {
        Shape = shape;
        Scale = scale;
        double g1 = SpecialFunctions.Gamma(1 + 1 / shape);
        double g2 = SpecialFunctions.Gamma(1 + 2 / shape);
        Mean = scale * g1;
        double v = scale * scale * (g2 - g1 * g1);
        Variance = double.IsFinite(v) ? Math.Max(0, v) : double.PositiveInfinity;
    }

    /// <summary>The shape k, dimensionless; range k &gt; 0.</summary>
    public double Shape { get; }

    /// <summary>The scale λ (the 63.2th percentile), in the distribution's unit; range λ &gt; 0.</summary>
    public double Scale { get; }

    /// <summary>A Weibull distribution with the given shape and scale.</summary>
    /// <param name="shape">Shape k, dimensionless; range k &gt; 0, finite, and large enough that the mean λΓ(1+1/k) is finite (k ≳ 0.006).</param>
    /// <param name="scale">Scale λ, in the distribution's unit (seconds for times); range λ &gt; 0, finite.</param>
    /// <returns>The distribution. Its variance is +∞ when Γ(1 + 2/k) overflows (k ≲ 0.012).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is ≤ 0, NaN or infinite, or the mean overflows.</exception>
    public static Weibull FromShapeAndScale(double shape, double scale)
    {
        Guard.Positive(shape, nameof(shape));
        Guard.Positive(scale, nameof(scale));
        var d = new Weibull(shape, scale);
        if (!double.IsFinite(d.Mean))
        {
            throw new ArgumentOutOfRangeException(nameof(shape), shape, "Too small: the mean λΓ(1 + 1/k) overflows.");
        }
        return d;
    }

    /// <inheritdoc/>
    public override double Sample(RandomStream random) =>
        Scale * Math.Pow(-Math.Log(random.NextOpenDouble()), 1 / Shape);

    /// <inheritdoc/>
    public override double Mean { get; }

    /// <inheritdoc/>
    /// <remarks>0 included: −ln U is 0 when U rounds to 1, and a small power underflows.</remarks>
    internal override (double Min, double Max) DrawRange => (0, Scale * Math.Pow(StandardNormal.MaxMinusLogUniform, 1 / Shape));

    /// <inheritdoc/>
    public override double Variance { get; }

    /// <inheritdoc/>
    public override bool HasClosedFormCdf => true;

    /// <inheritdoc/>
    public override double CumulativeDistribution(double x) =>
        x <= 0 ? 0 : -MathUtil.Expm1(-Math.Pow(x / Scale, Shape));

    /// <inheritdoc/>
    public override double InverseCumulativeDistribution(double p)
    {
        CheckProbability(p);
        if (p == 1) return double.PositiveInfinity;
        return Scale * Math.Pow(-MathUtil.Log1p(-p), 1 / Shape);
    }

    /// <inheritdoc/>
    public override string Describe(DistributionUnit unit) =>
        $"weibull(shape={UnitText.Number(Shape)}, scale={UnitText.Format(Scale, unit)}, mean={UnitText.Format(Mean, unit)})";
}
