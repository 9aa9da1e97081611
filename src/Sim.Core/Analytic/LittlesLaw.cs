namespace Sim.Analytic;

/// <summary>
/// Little's law L = λ·W (Little, 1961), used as a consistency check on simulation output: the
/// time-average number in a system must equal its throughput times its mean time in the system.
/// </summary>
/// <remarks>Pure functions; thread safe.</remarks>
public static class LittlesLaw
{
    /// <summary>
    /// |L − λW| / max(L, λW), dimensionless in [0, 1]; 0 when both sides are 0. Over a finite run the
    /// law holds up to end effects (customers present at the start or end), so expect a small, not a zero, value.
    /// </summary>
    /// <param name="averageNumber">L, time-average number in the system, customers; finite, ≥ 0.</param>
    /// <param name="throughput">λ, completions (or arrivals) per second; finite, ≥ 0.</param>
    /// <param name="averageTime">W, mean time in the system, seconds; finite, ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is negative, NaN or infinite.</exception>
    public static double RelativeError(double averageNumber, double throughput, double averageTime)
    {
        Guard.NonNegative(averageNumber, nameof(averageNumber));
        Guard.NonNegative(throughput, nameof(throughput));
        Guard.NonNegative(averageTime, nameof(averageTime));
        double rhs = throughput * averageTime;
        double scale = Math.Max(averageNumber, rhs);
        return scale == 0.0 ? 0.0 : Math.Abs(averageNumber - rhs) / scale;
    }

    /// <summary>
    /// (L − λW) / max(L, λW), dimensionless in [−1, 1]; 0 when both sides are 0. Signed, so that over independent
    /// replications its mean estimates the bias of the measurement: an unbiased one has 0 inside its interval.
    /// </summary>
    /// <param name="averageNumber">L, time-average number in the system, customers; finite, ≥ 0.</param>
    /// <param name="throughput">λ, completions (or arrivals) per second; finite, ≥ 0.</param>
    /// <param name="averageTime">W, mean time in the system, seconds; finite, ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is negative, NaN or infinite.</exception>
    public static double SignedRelativeError(double averageNumber, double throughput, double averageTime)
    {
        Guard.NonNegative(averageNumber, nameof(averageNumber));
        Guard.NonNegative(throughput, nameof(throughput));
        Guard.NonNegative(averageTime, nameof(averageTime));
        double rhs = throughput * averageTime;
        double scale = Math.Max(averageNumber, rhs);
        return scale == 0.0 ? 0.0 : (averageNumber - rhs) / scale;
    }
}
