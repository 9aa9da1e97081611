namespace Sim.Distributions;

/// <summary>Small numerical helpers that the BCL lacks in an accurate form.</summary>
internal static class MathUtil
{
    /// <summary>eˣ − 1, accurate near 0 (Kahan's trick: (u − 1)·x / ln u with u = eˣ).</summary>
    public static double Expm1(double x)
    {
        double u = Math.Exp(x);
        if (u == 1.0) return x;
        double um1 = u - 1.0;
        if (um1 == -1.0) return -1.0;
        if (double.IsPositiveInfinity(u)) return u;
        return um1 * x / Math.Log(u);
    }

    /// <summary>(eᵗ − 1)/t, with its limit 1 at t = 0; accurate for every t.</summary>
    public static double Expm1OverX(double t) => t == 0 ? 1.0 : Expm1(t) / t;

    /// <summary>ln(1 + x), accurate near 0.</summary>
    public static double Log1p(double x)
    {
        double u = 1.0 + x;
        return u == 1.0 ? x : Math.Log(u) * x / (u - 1.0);
    }
}
