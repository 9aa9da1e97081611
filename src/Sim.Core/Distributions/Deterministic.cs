using Sim.Randomness;

namespace Sim.Distributions;

/// <summary>A constant: every draw is <see cref="Value"/>. Mean = value, variance = 0.</summary>
public sealed class Deterministic : Distribution
{
    private Deterministic(double value) => Value = value;

    /// <summary>The constant value, in the distribution's unit; range ≥ 0.</summary>
    public double Value { get; }

    /// <summary>A distribution that always returns <paramref name="value"/>.</summary>
    /// <param name="value">The constant, in the distribution's unit (seconds, bytes); range value ≥ 0, finite.</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative, NaN or infinite.</exception>
    public static Deterministic Of(double value)
    {
        Guard.NonNegative(value, nameof(value));
        return new Deterministic(value);
    }

    /// <inheritdoc/>
    public override double Sample(RandomStream random) => Value;

    /// <inheritdoc/>
    public override double Mean => Value;

    /// <inheritdoc/>
    internal override (double Min, double Max) DrawRange => (Value, Value);

    /// <inheritdoc/>
    public override double Variance => 0;

    /// <inheritdoc/>
    public override bool HasClosedFormCdf => true;

    /// <inheritdoc/>
    public override double CumulativeDistribution(double x) => x < Value ? 0 : 1;

    /// <inheritdoc/>
    public override double InverseCumulativeDistribution(double p)
    {
        CheckProbability(p);
        return Value;
    }

    /// <inheritdoc/>
    public override string Describe(DistributionUnit unit) => $"deterministic({UnitText.Format(Value, unit)})";
}
