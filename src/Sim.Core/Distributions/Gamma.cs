using MathNet.Numerics;
using Sim.Randomness;

namespace Sim.Distributions;

/// <summary>
/// The gamma distribution with shape k and scale θ. Mean = kθ, variance = kθ², c² = 1/k: a flexible service-time model
/// between the exponential (k = 1) and nearly constant (large k). Sampling: Marsaglia–Tsang (2000), with the
/// U^(1/k) boost for k &lt; 1.
/// </summary>
public sealed class Gamma : Distribution
{
    private Gamma(double shape, double scale)
    {
        Shape = shape;
        Scale = scale;
    }

    /// <summary>The shape k, dimensionless; range k &gt; 0.</summary>
    public double Shape { get; }

    /// <summary>The scale θ, in the distribution's unit; range θ &gt; 0.</summary>
    public double Scale { get; }

    /// <summary>A gamma distribution with the given shape and scale.</summary>
    /// <param name="shape">Shape k, dimensionless; range k &gt; 0, finite.</param>
    /// <param name="scale">Scale θ, in the distribution's unit (seconds for times); range θ &gt; 0, finite.</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is ≤ 0, NaN or infinite, or the mean kθ overflows.</exception>
    public static Gamma FromShapeAndScale(double shape, double scale)
    {
        Guard.Positive(shape, nameof(shape));
        Guard.Positive(scale, nameof(scale));
        Guard.Positive(shape * scale, nameof(scale));
        return new Gamma(shape, scale);
    }

    /// <summary>A gamma distribution with the given mean and coefficient of variation: k = 1/cv², θ = mean·cv².</summary>
    /// <param name="mean">Mean, in the distribution's unit; range &gt; 0, finite.</param>
    /// <param name="cv">Coefficient of variation SD/mean, dimensionless; range cv &gt; 0, finite (cv = 1 is the exponential).</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is ≤ 0, NaN or infinite, or k or θ is not representable.</exception>
    public static Gamma FromMeanAndCv(double mean, double cv)
    {
        Guard.Positive(mean, nameof(mean));
        Guard.Positive(cv, nameof(cv));
        double shape = 1.0 / (cv * cv);
        double scale = mean * cv * cv;
        Guard.Positive(shape, nameof(cv));
        Guard.Positive(scale, nameof(cv));
        return new Gamma(shape, scale);
    }

    /// <inheritdoc/>
    public override double Sample(RandomStream random) => GammaSampler.Sample(random, Shape) * Scale;

    /// <inheritdoc/>
    public override double Mean => Shape * Scale;

    /// <inheritdoc/>
    internal override (double Min, double Max) DrawRange => (0, GammaSampler.MaxSample(Shape) * Scale);

    /// <inheritdoc/>
    public override double Variance => Shape * Scale * Scale;

    /// <inheritdoc/>
    public override bool HasClosedFormCdf => true;

    /// <inheritdoc/>
    public override double CumulativeDistribution(double x) =>
        x <= 0 ? 0 : SpecialFunctions.GammaLowerRegularized(Shape, x / Scale);

    /// <inheritdoc/>
    public override double InverseCumulativeDistribution(double p)
    {
        CheckProbability(p);
        if (p == 0) return 0;
        if (p == 1) return double.PositiveInfinity;
        return SpecialFunctions.GammaLowerRegularizedInv(Shape, p) * Scale;
    }

    /// <inheritdoc/>
    public override string Describe(DistributionUnit unit) =>
        $"gamma(shape={UnitText.Number(Shape)}, scale={UnitText.Format(Scale, unit)}, mean={UnitText.Format(Mean, unit)})";
}
