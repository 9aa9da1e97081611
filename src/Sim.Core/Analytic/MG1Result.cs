namespace Sim.Analytic;

/// <summary>
/// Steady-state means of an M/G/1 queue by the Pollaczek–Khinchine formula, as returned by
/// <see cref="MG1.Compute"/> and <see cref="MD1.Compute"/>. Times in seconds, rates per second.
/// </summary>
/// <remarks>When <see cref="IsStable"/> is false (ρ ≥ 1) the means are +∞. Immutable; thread safe.</remarks>
public readonly record struct MG1Result
{
    internal MG1Result(double arrivalRate, double meanService, double serviceVariance)
    {
        ArrivalRate = arrivalRate;
        MeanServiceTime = meanService;
        ServiceTimeVariance = serviceVariance;
        Utilization = arrivalRate * meanService;
        IsStable = Utilization < 1.0;
        if (!IsStable)
        {
            Lq = L = Wq = W = double.PositiveInfinity;
            return;
        }
        double secondMoment = serviceVariance + meanService * meanService;
        Wq = arrivalRate * secondMoment / (2.0 * (1.0 - Utilization));
        W = Wq + meanService;
        Lq = arrivalRate * Wq;
        L = arrivalRate * W;
    }

    /// <summary>λ, arrivals per second.</summary>
    public double ArrivalRate { get; }

    /// <summary>E[S], mean service time, seconds.</summary>
    public double MeanServiceTime { get; }

    /// <summary>Var[S], service-time variance, seconds²; 0 for deterministic service.</summary>
    public double ServiceTimeVariance { get; }

    /// <summary>Squared coefficient of variation of service, Var[S]/E[S]², dimensionless (1 for exponential, 0 for deterministic).</summary>
    public double ServiceScv => ServiceTimeVariance / (MeanServiceTime * MeanServiceTime);

    /// <summary>ρ = λ·E[S], server utilization; in [0, 1) when stable.</summary>
    public double Utilization { get; }

    /// <summary>True when ρ &lt; 1.</summary>
    public bool IsStable { get; }

    /// <summary>Wq = λ·E[S²]/(2(1 − ρ)), mean waiting time, seconds (Pollaczek–Khinchine).</summary>
    public double Wq { get; }

    /// <summary>W = Wq + E[S], mean response time, seconds.</summary>
    public double W { get; }

    /// <summary>Lq = λ·Wq, mean number waiting, customers.</summary>
    public double Lq { get; }

    /// <summary>L = λ·W, mean number in the system, customers.</summary>
    public double L { get; }
}
