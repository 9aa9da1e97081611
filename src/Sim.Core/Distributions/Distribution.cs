using Sim.Randomness;

namespace Sim.Distributions;

/// <summary>
/// A probability distribution of a non-negative quantity — a service time, a think time, a response size —
/// that can be sampled from a <see cref="RandomStream"/> and knows its own moments.
/// </summary>
/// <remarks>
/// <para>Create instances with the named factories of the concrete families (<see cref="Exponential.FromMean"/>,
/// <see cref="LogNormal.FromMedianAndP95"/>, …); read them from JSON with <see cref="DistributionJson"/>.
/// Values are in the distribution's unit: seconds for times, bytes for sizes. A distribution does not
/// record its unit; <see cref="Describe(DistributionUnit)"/> and <see cref="DistributionJson.ToJson(Distribution, DistributionUnit)"/> take it as an argument.</para>
/// <para>Instances are immutable and thread safe; all randomness comes from the stream passed to
/// <see cref="Sample"/>, so the same stream state always gives the same draw.</para>
/// </remarks>
public abstract class Distribution
{
    /// <summary>Prevents derivation outside Sim.Core: the set of families is closed so that JSON can round-trip them.</summary>
    private protected Distribution()
    {
    }

    /// <summary>Draws one value. Does not allocate.</summary>
    /// <param name="random">The stream to draw from; advanced by one or more steps.</param>
    /// <returns>A value in the distribution's unit (seconds for times, bytes for sizes); always ≥ 0 and finite.</returns>
    public abstract double Sample(RandomStream random);

    /// <summary>The exact mean E[X], in the distribution's unit; ≥ 0.</summary>
    public abstract double Mean { get; }

    /// <summary>The exact variance Var[X], in the distribution's unit squared; ≥ 0, or <see cref="double.PositiveInfinity"/> where it does not exist or overflows.</summary>
    public abstract double Variance { get; }

    /// <summary>
    /// The smallest and largest values <see cref="Sample"/> can return with the project's generator — not the
    /// mathematical support, but what the sampler can reach: a log-normal's support starts at 0, yet its draws never go
    /// below e^(μ − 8.65σ), because a normal draw is at most <see cref="StandardNormal.MaxAbsSample"/> from 0; an
    /// exponential can draw exactly 0 (its uniform can round to 1). The scenario validator uses it to refuse a
    /// bandwidth that can be 0 and transfer times that overflow. Conservative where a sampler is not analysed: (0, +∞).
    /// </summary>
    internal virtual (double Min, double Max) DrawRange => (0, double.PositiveInfinity);

    /// <summary>The standard deviation √Var[X], in the distribution's unit; ≥ 0, possibly +∞.</summary>
    public double StandardDeviation => Math.Sqrt(Variance);

    /// <summary>
    /// The squared coefficient of variation c² = Var[X] / E[X]², dimensionless (1 for the exponential, 0 for a constant).
    /// When the mean is 0 the distribution is the point mass at 0 and c² is defined as 0.
    /// </summary>
    public double CoefficientOfVariationSquared => Mean == 0 ? 0 : Variance / (Mean * Mean);

    /// <summary>Whether <see cref="CumulativeDistribution"/> and <see cref="InverseCumulativeDistribution"/> are available.</summary>
    public virtual bool HasClosedFormCdf => false;

    /// <summary>The cumulative distribution function F(x) = P(X ≤ x).</summary>
    /// <param name="x">A value in the distribution's unit; any real (F is 0 below the support).</param>
    /// <returns>P(X ≤ x), in [0, 1].</returns>
    /// <exception cref="NotSupportedException">The family has no closed-form CDF (<see cref="HasClosedFormCdf"/> is false).</exception>
    public virtual double CumulativeDistribution(double x) =>
        throw new NotSupportedException($"{Describe()} has no closed-form cumulative distribution function.");

    /// <summary>The quantile function F⁻¹(p) = inf { x : F(x) ≥ p }.</summary>
    /// <param name="p">A probability, range [0, 1].</param>
    /// <returns>The p-quantile, in the distribution's unit; may be +∞ for p = 1 on an unbounded support.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1] or NaN.</exception>
    /// <exception cref="NotSupportedException">The family has no closed-form CDF (<see cref="HasClosedFormCdf"/> is false).</exception>
    public virtual double InverseCumulativeDistribution(double p) =>
        throw new NotSupportedException($"{Describe()} has no closed-form quantile function.");

    /// <summary>Human-readable text for reports, with parameters written as durations, e.g. <c>exponential(mean=5ms)</c>.</summary>
    /// <returns>One line naming the family and its parameters.</returns>
    public string Describe() => Describe(DistributionUnit.Seconds);

    /// <summary>Human-readable text for reports, with parameters written in <paramref name="unit"/>, e.g. <c>exponential(mean=150KB)</c>.</summary>
    /// <param name="unit">How to write parameters that carry the distribution's unit.</param>
    /// <returns>One line naming the family and its parameters.</returns>
    public abstract string Describe(DistributionUnit unit);

    /// <summary>Returns <see cref="Describe()"/>.</summary>
    /// <returns>The description with parameters written as durations.</returns>
    public override string ToString() => Describe();

    /// <summary>Throws unless <paramref name="p"/> is a probability in [0, 1].</summary>
    private protected static void CheckProbability(double p)
    {
        if (!(p >= 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "Must be a probability in [0, 1].");
        }
    }
}
