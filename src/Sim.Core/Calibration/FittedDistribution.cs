using System.Globalization;
using System.Text.Json.Nodes;
using MathNet.Numerics;
using MathNet.Numerics.Distributions;


namespace Sim.Calibration;

/// <summary>Kinds of distributions a fit may produce.</summary>
internal enum FitKind
{
    Constant,
    LogNormal,
    Gamma,
}

/// <summary>
/// A fitted distribution of a positive quantity (seconds or bytes), with the method that gave it, and how to write it in
/// the scenario's JSON form (docs/distributions.md).
/// </summary>
internal sealed record FittedDistribution(FitKind Kind, double A, double B, string Method, long SampleSize)
{
    /// <summary>A constant <paramref name="value"/>.</summary>
    public static FittedDistribution Constant(double value, string method, long n) => new(FitKind.Constant, value, 0, method, n);

    /// <summary>Mean in the quantity's unit.</summary>
    public double Mean => Kind switch
    {
        FitKind.LogNormal => Math.Exp(A + B * B / 2),
        FitKind.Gamma => A * B,
        _ => A,
    };

    /// <summary>Median.</summary>
    public double Median => Kind switch
    {
        FitKind.LogNormal => Math.Exp(A),
        FitKind.Gamma => Gamma.InvCDF(A, 1 / B, 0.5),
        _ => A,
    };

    /// <summary>The same shape with every value multiplied by <paramref name="factor"/> &gt; 0.</summary>
    public FittedDistribution Scale(double factor, string why) => Kind switch
    {
        FitKind.LogNormal => this with { A = A + Math.Log(factor), Method = Method + why },
        FitKind.Gamma => this with { B = B * factor, Method = Method + why },
        _ => this with { A = A * factor, Method = Method + why },
    };

    /// <summary>CDF at <paramref name="x"/>.</summary>
    public double Cdf(double x) => Kind switch
    {
        FitKind.LogNormal => x <= 0 ? 0 : LogNormal.CDF(A, B, x),
        FitKind.Gamma => x <= 0 ? 0 : Gamma.CDF(A, 1 / B, x),
        _ => x < A ? 0 : 1,
    };

    /// <summary>The scenario JSON: <paramref name="unit"/> is "s" for durations or "B" for sizes.</summary>
    public JsonNode ToJson(string unit) => Kind switch
    {
        FitKind.LogNormal => new JsonObject { ["lognormal"] = new JsonObject { ["median"] = Quantity(Math.Exp(A), unit), ["p95"] = Quantity(Math.Exp(A + 1.6448536269514722 * B), unit) } },
        // Mean and cv rather than shape and scale: a scale below the unit's resolution (1 B) would be rounded away.
        FitKind.Gamma => new JsonObject { ["gamma"] = new JsonObject { ["mean"] = Quantity(A * B, unit), ["cv"] = Round(1 / Math.Sqrt(A)) } },
        _ => JsonValue.Create(Quantity(A, unit))!,
    };

    /// <summary>Human-readable summary, e.g. "lognormal median 12.3 ms, p95 40.1 ms (mean 15 ms)".</summary>
    public string Describe(string unit) => Kind switch
    {
        FitKind.LogNormal => $"lognormal median {Text(Math.Exp(A), unit)}, p95 {Text(Math.Exp(A + 1.6448536269514722 * B), unit)} (σ {B.ToString("G3", CultureInfo.InvariantCulture)}, mean {Text(Mean, unit)})",
        FitKind.Gamma => $"gamma mean {Text(Mean, unit)}, cv {(1 / Math.Sqrt(A)).ToString("G3", CultureInfo.InvariantCulture)} (shape {A.ToString("G3", CultureInfo.InvariantCulture)})",
        _ => $"constant {Text(A, unit)}",
    };

    private static double Round(double x) => double.Parse(x.ToString("G6", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>A value with its unit for the scenario: durations in ms or s, sizes in B.</summary>
    public static string Quantity(double value, string unit)
    {
        if (value <= 0) return "0";
        if (unit == "B") return Math.Max(1, Math.Round(value)).ToString("0", CultureInfo.InvariantCulture) + "B";
        return value < 1
            ? (value * 1000).ToString("G6", CultureInfo.InvariantCulture) + "ms"
            : value.ToString("G6", CultureInfo.InvariantCulture) + "s";
    }

    /// <summary>A value for people: "12.3 ms", "1.2 s", "58 KB".</summary>
    public static string Text(double value, string unit)
    {
        if (unit == "B")
            return value >= 1e6 ? $"{(value / 1e6).ToString("G3", CultureInfo.InvariantCulture)} MB"
                : value >= 1e3 ? $"{(value / 1e3).ToString("G3", CultureInfo.InvariantCulture)} KB"
                : $"{value.ToString("G3", CultureInfo.InvariantCulture)} B";
        return value < 1 ? $"{(value * 1000).ToString("G3", CultureInfo.InvariantCulture)} ms" : $"{value.ToString("G3", CultureInfo.InvariantCulture)} s";
    }

    /// <summary>
    /// Fits <paramref name="sample"/>: lognormal by maximum likelihood (μ, σ = mean and standard deviation of ln x) and gamma by
    /// maximum likelihood (shape from ln k − ψ(k) = ln x̄ − mean(ln x), Newton's method), both from the running sums of every
    /// value; the one with the higher log-likelihood is kept, and its Kolmogorov–Smirnov distance to the reservoir sample is
    /// reported. A constant (the mean) when there are fewer than 2 values, no spread, or more than 5 % values ≤ 0
    /// (times logged as 0.000); otherwise values ≤ 0 are left out of the fit.
    /// </summary>
    public static FittedDistribution? Fit(Sample sample)
    {
        long n = sample.Count;
        if (n == 0) return null;
        if (n < 2 || sample.Max - sample.Min <= 1e-12 * Math.Abs(sample.Max))
            return Constant(sample.Mean, n < 2 ? "one value" : "all values equal", n);
        if (sample.StdDev < 0.01 * Math.Abs(sample.Mean))
            return Constant(sample.Mean, $"mean of {n:N0} values (standard deviation below 1 % of the mean)", n);
        if (sample.NonPositive > 0.05 * n)
            return Constant(sample.Mean, $"mean of all values ({sample.NonPositive:N0} of {n:N0} are 0, so no continuous fit on positive values)", n);
        long m = sample.Positive;
        double meanLog = sample.SumLog / m;
        double varLog = Math.Max(0, sample.SumLogSquares / m - meanLog * meanLog);
        double sigma = Math.Sqrt(varLog);
        if (sigma < 1e-6) return Constant(sample.Mean, "no spread", n);
        double sumPos = sample.Sum; // non-positive values contribute ≤ 0; with ≤ 5 % of them this is the positive sum up to their total
        double mean = sumPos / m;
        double llLog = -sample.SumLog - m * Math.Log(sigma * Math.Sqrt(2 * Math.PI)) - m / 2.0;
        double s = Math.Log(mean) - meanLog;
        double k = s > 0 ? (3 - s + Math.Sqrt((s - 3) * (s - 3) + 24 * s)) / (12 * s) : 1e6;
        for (int i = 0; i < 20 && s > 0; i++)
        {
            double f = Math.Log(k) - SpecialFunctions.DiGamma(k) - s;
            double h = Math.Max(1e-6, k * 1e-5);
            double d = 1 / k - (SpecialFunctions.DiGamma(k + h) - SpecialFunctions.DiGamma(k - h)) / (2 * h);
            double next = k - f / d;
            if (!(next > 0) || !double.IsFinite(next)) next = k / 2;
            if (Math.Abs(next - k) < 1e-10 * k) { k = next; break; }
            k = next;
        }
        double theta = mean / k;
        double llGamma = (k - 1) * sample.SumLog - m * k - m * k * Math.Log(theta) - m * SpecialFunctions.GammaLn(k);
        var logNormal = new FittedDistribution(FitKind.LogNormal, meanLog, sigma, "", n);
        var gamma = new FittedDistribution(FitKind.Gamma, k, theta, "", n);
        bool pickLog = !(llGamma > llLog);
        FittedDistribution best = pickLog ? logNormal : gamma;
        double ks = KolmogorovSmirnov(best, sample.Sorted());
        string excluded = sample.NonPositive > 0 ? $"; {sample.NonPositive:N0} values ≤ 0 left out" : "";
        string method = string.Create(CultureInfo.InvariantCulture,
            $"{(pickLog ? "lognormal" : "gamma")} by maximum likelihood on {m:N0} values (log-likelihood per value {(pickLog ? llLog : llGamma) / m:G4} vs {(pickLog ? "gamma" : "lognormal")} {(pickLog ? llGamma : llLog) / m:G4}; KS distance {ks:F3} on a {Math.Min(n, Sample.ReservoirSize)}-value sample{excluded})");
        return best with { Method = method };
    }

    /// <summary>Largest gap between the empirical CDF of sorted values and <paramref name="d"/>'s CDF.</summary>
    public static double KolmogorovSmirnov(FittedDistribution d, double[] sorted)
    {
        double worst = 0;
        int n = sorted.Length;
        for (int i = 0; i < n; i++)
        {
            double c = d.Cdf(sorted[i]);
            worst = Math.Max(worst, Math.Max(c - (double)i / n, (double)(i + 1) / n - c));
        }
        return worst;
    }

    /// <summary>
    /// Method of moments from a mean and a variance (for a difference of two fitted quantities, where no values exist to fit):
    /// lognormal with that mean and variance, a constant when the variance is not positive.
    /// </summary>
    public static FittedDistribution FromMoments(double mean, double variance, string method, long n)
    {
        if (!(variance > 0)) return Constant(mean, method + "; variance not positive, so constant", n);
        double s2 = Math.Log(1 + variance / (mean * mean));
        return new FittedDistribution(FitKind.LogNormal, Math.Log(mean) - s2 / 2, Math.Sqrt(s2), method, n);
    }
}
