using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;
using Sim.Randomness;

namespace Sim.Distributions;

/// <summary>
/// A finite mixture: with probability wᵢ a draw comes from component i (e.g. 35 % cache hits at 1 ms, 65 % misses
/// log-normal around 40 ms). Weights are normalised to sum to 1. Mean = Σ wᵢμᵢ; by the law of total variance,
/// variance = Σ wᵢσᵢ² + Σ wᵢ(μᵢ − μ)². The CDF is Σ wᵢFᵢ when every component has one; the quantile is then found by
/// bisection between the smallest and largest component quantile. Sampling: one uniform picks the component, then
/// the component draws.
/// </summary>
public sealed class Mixture : Distribution
{
    private readonly double[] _weights;
    private readonly double[] _cumulative;
    private readonly Distribution[] _components;

    private Mixture(double[] weights, Distribution[] components)
    {
        _weights = weights;
        _components = components;
        _cumulative = new double[weights.Length];
        double c = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            c += weights[i];
            _cumulative[i] = c;
        }
        double mean = 0;
        for (int i = 0; i < weights.Length; i++) mean += weights[i] * components[i].Mean;
        double variance = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            double dev = components[i].Mean - mean;
            variance += weights[i] * (components[i].Variance + dev * dev);
        }
        Mean = mean;
        Variance = variance;
        HasClosedFormCdf = components.All(d => d.HasClosedFormCdf);
    }

    /// <summary>The normalised weights wᵢ, dimensionless, each in (0, 1], summing to 1; in the order given.</summary>
    public IReadOnlyList<double> Weights => new ReadOnlyCollection<double>(_weights);

    /// <summary>The components, in the order given.</summary>
    public IReadOnlyList<Distribution> Components => new ReadOnlyCollection<Distribution>(_components);

    /// <summary>A mixture of <paramref name="parts"/>.</summary>
    /// <param name="parts">(weight, component) pairs; at least one. Weights are relative (dimensionless, each &gt; 0 and
    /// finite; they need not sum to 1 and are normalised). Components must share a unit; they may themselves be mixtures.</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="parts"/> or a component is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="parts"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A weight is ≤ 0, NaN or infinite.</exception>
    public static Mixture Of(params (double weight, Distribution component)[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Length == 0)
        {
            throw new ArgumentException("At least one component is required.", nameof(parts));
        }
        double total = 0;
        for (int i = 0; i < parts.Length; i++)
        {
            double w = parts[i].weight;
            if (!(w > 0) || !double.IsFinite(w))
            {
                throw new ArgumentOutOfRangeException(nameof(parts), w, $"Weight [{i}] must be finite and > 0.");
            }
            if (parts[i].component is null)
            {
                throw new ArgumentNullException(nameof(parts), $"Component [{i}] is null.");
            }
            total += w;
        }
        if (!double.IsFinite(total))
        {
            throw new ArgumentOutOfRangeException(nameof(parts), total, "The weights' sum overflows.");
        }
        var weights = new double[parts.Length];
        var components = new Distribution[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            weights[i] = parts[i].weight / total;
            components[i] = parts[i].component;
        }
        return new Mixture(weights, components);
    }

    /// <inheritdoc/>
    public override double Sample(RandomStream random)
    {
        double u = random.NextDouble();
        int last = _components.Length - 1;
        for (int i = 0; i < last; i++)
        {
            if (u < _cumulative[i]) return _components[i].Sample(random);
        }
        return _components[last].Sample(random);
    }

    /// <inheritdoc/>
    public override double Mean { get; }

    /// <inheritdoc/>
    internal override (double Min, double Max) DrawRange
    {
        get
        {
            double min = double.PositiveInfinity, max = 0;
            foreach (Distribution c in _components)
            {
                (double lo, double hi) = c.DrawRange;
                min = Math.Min(min, lo);
                max = Math.Max(max, hi);
            }
            return (min, max);
        }
    }

    /// <inheritdoc/>
    public override double Variance { get; }

    /// <inheritdoc/>
    public override bool HasClosedFormCdf { get; }

    /// <inheritdoc/>
    public override double CumulativeDistribution(double x)
    {
        if (!HasClosedFormCdf) return base.CumulativeDistribution(x);
        double f = 0;
        for (int i = 0; i < _components.Length; i++) f += _weights[i] * _components[i].CumulativeDistribution(x);
        return Math.Min(1, f);
    }

    /// <inheritdoc/>
    public override double InverseCumulativeDistribution(double p)
    {
        CheckProbability(p);
        if (!HasClosedFormCdf) return base.InverseCumulativeDistribution(p);
        // F(x) < p below every component's p-quantile and F(x) ≥ p above all of them, so the answer is in [lo, hi].
        double lo = double.PositiveInfinity, hi = 0;
        foreach (Distribution c in _components)
        {
            double q = c.InverseCumulativeDistribution(p);
            lo = Math.Min(lo, q);
            hi = Math.Max(hi, q);
        }
        if (lo >= hi || double.IsPositiveInfinity(hi) || CumulativeDistribution(lo) >= p) return lo >= hi || CumulativeDistribution(lo) >= p ? lo : hi;
        while (true)
        {
            double mid = lo + 0.5 * (hi - lo);
            if (mid <= lo || mid >= hi) return hi;
            if (CumulativeDistribution(mid) >= p) hi = mid; else lo = mid;
        }
    }

    /// <inheritdoc/>
    public override string Describe(DistributionUnit unit)
    {
        var sb = new StringBuilder("mixture(");
        for (int i = 0; i < _components.Length; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(CultureInfo.InvariantCulture, $"{_weights[i]:0.###}×{_components[i].Describe(unit)}");
        }
        return sb.Append(')').ToString();
    }
}
