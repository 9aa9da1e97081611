using Sim.Randomness;

namespace Sim.Distributions;

/// <summary>
/// The continuous uniform distribution on [min, max]. Mean = (min + max)/2, variance = (max − min)²/12.
/// Sampling: min + (max − min)·U with U in [0, 1).
/// </summary>
public sealed class Uniform : Distribution
{
    private Uniform(double min, double max)
    {
        Min = min;
        Max = max;
    }

    /// <summary>The lower bound a, in the distribution's unit; range a ≥ 0.</summary>
    public double Min { get; }

    /// <summary>The upper bound b, in the distribution's unit; range b ≥ a.</summary>
    public double Max { get; }

    /// <summary>The uniform distribution between <paramref name="min"/> and <paramref name="max"/> (equal bounds give a constant).</summary>
    /// <param name="min">Lower bound a, in the distribution's unit; range a ≥ 0, finite.</param>
    /// <param name="max">Upper bound b, in the distribution's unit; range b ≥ a, finite.</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A bound is negative, NaN or infinite, or <paramref name="max"/> &lt; <paramref name="min"/>.</exception>
    public static Uniform Between(double min, double max)
    {
        Guard.NonNegative(min, nameof(min));
        Guard.NonNegative(max, nameof(max));
        if (max < min)
        {
            throw new ArgumentOutOfRangeException(nameof(max), max, $"Must be ≥ min ({min}).");
        }
        return new Uniform(min, max);
    }

    /// <inheritdoc/>
    public override double Sample(RandomStream random) => Min + (Max - Min) * random.NextDouble();

    /// <inheritdoc/>
    public override double Mean => 0.5 * (Min + Max);

    /// <inheritdoc/>
    internal override (double Min, double Max) DrawRange => (Min, Max);

    /// <inheritdoc/>
    public override double Variance => (Max - Min) * (Max - Min) / 12.0;

    /// <inheritdoc/>
    public override bool HasClosedFormCdf => true;

    /// <inheritdoc/>
    public override double CumulativeDistribution(double x) =>
        x < Min ? 0 : x >= Max ? 1 : (x - Min) / (Max - Min);

    /// <inheritdoc/>
    public override double InverseCumulativeDistribution(double p)
    {
        CheckProbability(p);
        return Min + (Max - Min) * p;
    }

    /// <inheritdoc/>
    public override string Describe(DistributionUnit unit) =>
        $"uniform(min={UnitText.Format(Min, unit)}, max={UnitText.Format(Max, unit)})";
}
