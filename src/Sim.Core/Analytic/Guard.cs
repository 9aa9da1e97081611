namespace Sim.Analytic;

/// <summary>Argument checks shared by the closed forms: one message style, the parameter named.</summary>
internal static class Guard
{
    public static void Positive(double value, string name)
    {
        if (!(value > 0.0) || double.IsPositiveInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, "Must be a finite number > 0.");
    }

    public static void NonNegative(double value, string name)
    {
        if (!(value >= 0.0) || double.IsPositiveInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, "Must be a finite number ≥ 0.");
    }

    public static void Probability(double p, string name)
    {
        if (!(p >= 0.0 && p <= 1.0))
            throw new ArgumentOutOfRangeException(name, p, "Must be a probability in [0, 1].");
    }

    public static void Time(double t, string name)
    {
        if (double.IsNaN(t) || t < 0.0)
            throw new ArgumentOutOfRangeException(name, t, "Must be a time in seconds ≥ 0 (+∞ allowed).");
    }

    /// <summary>The smallest t ≥ 0 with <paramref name="survival"/>(t) ≤ 1 − p, for a continuous non-increasing survival function.</summary>
    public static double InvertSurvival(Func<double, double> survival, double p, double scale)
    {
        double target = 1.0 - p;
        if (survival(0.0) <= target) return 0.0;
        double lo = 0.0, hi = scale;
        int guard = 0;
        while (survival(hi) > target)
        {
            lo = hi;
            hi *= 2.0;
            if (++guard > 2000) return double.PositiveInfinity;
        }
        for (int i = 0; i < 200 && hi - lo > 1e-15 * hi; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (survival(mid) > target) lo = mid; else hi = mid;
        }
        return hi;
    }
}
