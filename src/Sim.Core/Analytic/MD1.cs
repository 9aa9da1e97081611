namespace Sim.Analytic;

/// <summary>
/// The M/D/1 queue (deterministic service time S = 1/μ): the M/G/1 case Var[S] = 0, so
/// Wq = ρ/(2μ(1 − ρ)) = λS²/(2(1 − ρ)), half the M/M/1 wait at the same load.
/// </summary>
/// <remarks>Reference: Kleinrock, <i>Queueing Systems</i> vol. 1 (1975), §5.6. Pure function; thread safe.</remarks>
public static class MD1
{
    /// <summary>Steady-state means of an M/D/1 queue; unstable (ρ ≥ 1) is reported with <see cref="MG1Result.IsStable"/> = false.</summary>
    /// <param name="arrivalRate">λ, arrivals per second; finite, &gt; 0.</param>
    /// <param name="serviceTime">S, the constant service time in seconds; finite, &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is ≤ 0, NaN or infinite.</exception>
    public static MG1Result Compute(double arrivalRate, double serviceTime)
    {
        Guard.Positive(arrivalRate, nameof(arrivalRate));
        Guard.Positive(serviceTime, nameof(serviceTime));
        return new MG1Result(arrivalRate, serviceTime, 0.0);
    }
}
