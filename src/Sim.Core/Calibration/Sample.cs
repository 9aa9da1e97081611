using MathNet.Numerics.Distributions;
using Sim.Randomness;


namespace Sim.Calibration;

/// <summary>
/// Bounded-memory summary of a stream of values: count, running sums of x, x², ln x, (ln x)² over the positive values
/// (the sufficient statistics of the lognormal and gamma fits), min, max, and a uniform reservoir sample of at most
/// <see cref="ReservoirSize"/> values (Vitter's algorithm R, with the project's own generator and a fixed seed) for the
/// Kolmogorov–Smirnov statistic and quantiles. Memory: a fixed ≈ 8 KB whatever the count.
/// </summary>
internal sealed class Sample
{
    /// <summary>Values kept for KS and quantiles.</summary>
    public const int ReservoirSize = 1000;

    private readonly double[] _reservoir = new double[ReservoirSize];
    private readonly RandomStream _random;

    public Sample(string name) => _random = new StreamFactory(20261206).Create(name);

    public long Count { get; private set; }
    public long NonPositive { get; private set; }
    public double Sum { get; private set; }
    public double SumSquares { get; private set; }
    public double SumLog { get; private set; }
    public double SumLogSquares { get; private set; }
    public double Min { get; private set; } = double.PositiveInfinity;
    public double Max { get; private set; } = double.NegativeInfinity;

    public long Positive => Count - NonPositive;
    public double Mean => Count == 0 ? double.NaN : Sum / Count;
    public double Variance => Count < 2 ? 0 : Math.Max(0, (SumSquares - Sum * Sum / Count) / (Count - 1));
    public double StdDev => Math.Sqrt(Variance);

    public void Add(double x)
    {
        if (!double.IsFinite(x)) return;
        Count++;
        Sum += x;
        SumSquares += x * x;
        if (x < Min) Min = x;
        if (x > Max) Max = x;
        if (x > 0)
        {
            double l = Math.Log(x);
            SumLog += l;
            SumLogSquares += l * l;
        }
        else NonPositive++;
        if (Count <= ReservoirSize) _reservoir[Count - 1] = x;
        else
        {
            long j = (long)(_random.NextDouble() * Count);
            if (j < ReservoirSize) _reservoir[j] = x;
        }
    }

    /// <summary>The reservoir's values, sorted (a copy).</summary>
    public double[] Sorted()
    {
        var copy = _reservoir.AsSpan(0, (int)Math.Min(Count, ReservoirSize)).ToArray();
        Array.Sort(copy);
        return copy;
    }

    /// <summary>Nearest-rank quantile of the reservoir, NaN when empty.</summary>
    public double Quantile(double p)
    {
        double[] s = Sorted();
        return s.Length == 0 ? double.NaN : s[Math.Clamp((int)Math.Ceiling(p * s.Length) - 1, 0, s.Length - 1)];
    }

    /// <summary>Half-width of the 95 % Student-t interval of the mean; NaN below 2 values.</summary>
    public double MeanCi95()
    {
        if (Count < 2) return double.NaN;
        double t = Count > 1000 ? 1.959964 : StudentT.InvCDF(0, 1, Count - 1, 0.975);
        return t * StdDev / Math.Sqrt(Count);
    }
}
