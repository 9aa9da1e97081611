using System.Collections.ObjectModel;
using Sim.Randomness;

namespace Sim.Distributions;

/// <summary>
/// The empirical distribution of a data set: each draw is one of the observed values, chosen uniformly at random
/// (resampling, as in the bootstrap). It reproduces the data exactly, ties and gaps included, and never invents values
/// outside the observed range. Mean is the data mean; variance is the population variance (divisor n), which is the
/// exact variance of this resampling scheme. The CDF is the empirical step function.
/// </summary>
public sealed class Empirical : Distribution
{
    private readonly double[] _sorted;

    private Empirical(double[] sorted)
    {
        _sorted = sorted;
        double sum = 0;
        foreach (double x in sorted) sum += x;
        double mean = sum / sorted.Length;
        double ss = 0;
        foreach (double x in sorted) ss += (x - mean) * (x - mean);
        Mean = mean;
        Variance = ss / sorted.Length;
    }

    /// <summary>The observed values in ascending order, in the distribution's unit.</summary>
    public IReadOnlyList<double> Values => new ReadOnlyCollection<double>(_sorted);

    /// <summary>The empirical distribution of <paramref name="samples"/> (the sequence is copied).</summary>
    /// <param name="samples">Observed values, in the distribution's unit; at least one; each ≥ 0 and finite.</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="samples"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="samples"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative, NaN or infinite.</exception>
    public static Empirical FromSamples(IEnumerable<double> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        double[] data = samples.ToArray();
        if (data.Length == 0)
        {
            throw new ArgumentException("At least one sample is required.", nameof(samples));
        }
        for (int i = 0; i < data.Length; i++)
        {
            if (!(data[i] >= 0) || !double.IsFinite(data[i]))
            {
                throw new ArgumentOutOfRangeException(nameof(samples), data[i], $"Sample [{i}] must be finite and ≥ 0.");
            }
        }
        Array.Sort(data);
        return new Empirical(data);
    }

    /// <inheritdoc/>
    public override double Sample(RandomStream random) => _sorted[random.NextInt(_sorted.Length)];

    /// <inheritdoc/>
    public override double Mean { get; }

    /// <inheritdoc/>
    internal override (double Min, double Max) DrawRange => (_sorted[0], _sorted[^1]);

    /// <inheritdoc/>
    public override double Variance { get; }

    /// <inheritdoc/>
    public override bool HasClosedFormCdf => true;

    /// <inheritdoc/>
    public override double CumulativeDistribution(double x)
    {
        // Number of values ≤ x: first index whose value is > x.
        int lo = 0, hi = _sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_sorted[mid] <= x) lo = mid + 1; else hi = mid;
        }
        return (double)lo / _sorted.Length;
    }

    /// <inheritdoc/>
    public override double InverseCumulativeDistribution(double p)
    {
        CheckProbability(p);
        int k = (int)Math.Ceiling(p * _sorted.Length) - 1;
        return _sorted[Math.Clamp(k, 0, _sorted.Length - 1)];
    }

    /// <inheritdoc/>
    public override string Describe(DistributionUnit unit) =>
        $"empirical(n={_sorted.Length}, mean={UnitText.Format(Mean, unit)}, min={UnitText.Format(_sorted[0], unit)}, max={UnitText.Format(_sorted[^1], unit)})";
}
