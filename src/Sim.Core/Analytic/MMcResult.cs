namespace Sim.Analytic;

/// <summary>
/// Steady-state measures of an M/M/c queue (Poisson arrivals at rate λ, exponential service at rate μ
/// per server, c servers, unlimited FIFO waiting room), as returned by <see cref="MMc.Compute"/> and
/// <see cref="MM1.Compute"/>. Times in seconds, rates per second, counts in customers.
/// </summary>
/// <remarks>
/// When <see cref="IsStable"/> is false (ρ ≥ 1) the queue grows without bound: <see cref="WaitProbability"/>
/// is 1, the means are +∞, every CDF is 0 and every quantile with p &gt; 0 is +∞. Immutable; thread safe.
/// </remarks>
public readonly record struct MMcResult
{
    internal MMcResult(double arrivalRate, double serviceRate, int servers)
    {
        ArrivalRate = arrivalRate;
        ServiceRate = serviceRate;
        Servers = servers;
        OfferedLoad = arrivalRate / serviceRate;
        Utilization = OfferedLoad / servers;
        IsStable = Utilization < 1.0;
        if (!IsStable)
        {
            WaitProbability = 1.0;
            Lq = L = Wq = W = double.PositiveInfinity;
            return;
        }
        WaitProbability = ErlangC.WaitProbability(OfferedLoad, servers);
        Wq = WaitProbability / (servers * serviceRate - arrivalRate);
        W = Wq + 1.0 / serviceRate;
        Lq = arrivalRate * Wq;
        L = arrivalRate * W;
    }

    /// <summary>λ, arrival rate in customers per second; &gt; 0.</summary>
    public double ArrivalRate { get; }

    /// <summary>μ, service rate of one server in customers per second (1/mean service time); &gt; 0.</summary>
    public double ServiceRate { get; }

    /// <summary>c, number of servers; ≥ 1.</summary>
    public int Servers { get; }

    /// <summary>E = λ/μ, offered load in erlangs (mean number of busy servers when stable).</summary>
    public double OfferedLoad { get; }

    /// <summary>ρ = λ/(cμ), utilization of each server; in [0, 1) when stable.</summary>
    public double Utilization { get; }

    /// <summary>True when ρ &lt; 1, i.e. a steady state exists.</summary>
    public bool IsStable { get; }

    /// <summary>Erlang C: probability that an arrival waits (all servers busy); in [0, 1].</summary>
    public double WaitProbability { get; }

    /// <summary>Lq, mean number waiting (not in service), customers.</summary>
    public double Lq { get; }

    /// <summary>L, mean number in the system, customers (L = Lq + λ/μ).</summary>
    public double L { get; }

    /// <summary>Wq, mean waiting time before service, seconds.</summary>
    public double Wq { get; }

    /// <summary>W, mean response (sojourn) time = Wq + 1/μ, seconds.</summary>
    public double W { get; }

    /// <summary>P(Wq ≤ t) = 1 − C·e^{−(cμ−λ)t}, FIFO waiting-time distribution.</summary>
    /// <param name="t">Seconds; ≥ 0 (+∞ allowed).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="t"/> is negative or NaN.</exception>
    public double WaitingTimeCdf(double t)
    {
        Guard.Time(t, nameof(t));
        return 1.0 - WaitingTimeSurvival(t);
    }

    /// <summary>
    /// P(T ≤ t) for the response time T = Wq + S (FIFO), S ~ Exp(μ) independent of Wq. With θ = cμ − λ:
    /// P(T &gt; t) = (1 − C)·e^{−μt} + C·H(t), where H is the survival function of Exp(θ) + Exp(μ):
    /// H(t) = (θe^{−μt} − μe^{−θt})/(θ − μ), and H(t) = (1 + μt)e^{−μt} in the special case θ = μ.
    /// Evaluated in a form without cancellation near θ = μ.
    /// </summary>
    /// <param name="t">Seconds; ≥ 0 (+∞ allowed).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="t"/> is negative or NaN.</exception>
    public double ResponseTimeCdf(double t)
    {
        Guard.Time(t, nameof(t));
        return 1.0 - ResponseTimeSurvival(t);
    }

    /// <summary>The p-quantile of the waiting time: 0 when p ≤ 1 − C, else ln(C/(1 − p))/(cμ − λ).</summary>
    /// <param name="p">Probability in [0, 1]; p = 1 gives +∞.</param>
    /// <returns>Seconds.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1] or NaN.</exception>
    public double WaitingTimeQuantile(double p)
    {
        Guard.Probability(p, nameof(p));
        if (p == 0.0) return 0.0;
        if (!IsStable || p == 1.0) return double.PositiveInfinity;
        double c = WaitProbability;
        if (p <= 1.0 - c) return 0.0;
        return Math.Log(c / (1.0 - p)) / (Servers * ServiceRate - ArrivalRate);
    }

    /// <summary>
    /// The p-quantile of the response time: exactly −ln(1 − p)/(μ − λ) for one server, otherwise the
    /// root of <see cref="ResponseTimeCdf"/>(t) = p found by bisection to relative precision 10⁻¹⁵.
    /// </summary>
    /// <param name="p">Probability in [0, 1]; p = 1 gives +∞.</param>
    /// <returns>Seconds.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1] or NaN.</exception>
    public double ResponseTimeQuantile(double p)
    {
        Guard.Probability(p, nameof(p));
        if (p == 0.0) return 0.0;
        if (!IsStable || p == 1.0) return double.PositiveInfinity;
        if (Servers == 1) return -Math.Log(1.0 - p) / (ServiceRate - ArrivalRate);
        var self = this;
        return Guard.InvertSurvival(self.ResponseTimeSurvival, p, W);
    }

    private double WaitingTimeSurvival(double t)
    {
        if (!IsStable) return 1.0;
        if (double.IsPositiveInfinity(t)) return 0.0;
        return WaitProbability * Math.Exp(-(Servers * ServiceRate - ArrivalRate) * t);
    }

    private double ResponseTimeSurvival(double t)
    {
        if (!IsStable) return 1.0;
        if (double.IsPositiveInfinity(t)) return 0.0;
        double mu = ServiceRate;
        double theta = Servers * ServiceRate - ArrivalRate;
        double c = WaitProbability;
        return (1.0 - c) * Math.Exp(-mu * t) + c * HypoexponentialSurvival(theta, mu, t);
    }

    /// <summary>
    /// P(Exp(a) + Exp(b) &gt; t) = e^{−r₁t}(1 + r₁t·f((r₂ − r₁)t)) with r₁ = min(a, b), r₂ = max(a, b) and
    /// f(z) = (1 − e^{−z})/z (f(0) = 1): symmetric in the rates and free of cancellation when a ≈ b.
    /// </summary>
    private static double HypoexponentialSurvival(double a, double b, double t)
    {
        double r1 = Math.Min(a, b), r2 = Math.Max(a, b);
        double z = (r2 - r1) * t;
        double f = z < 1e-5 ? 1.0 - z / 2.0 + z * z / 6.0 : -ExpM1(-z) / z;
        return Math.Exp(-r1 * t) * (1.0 + r1 * t * f);
    }

    /// <summary>e^x − 1 without cancellation for small |x| (the BCL has no expm1).</summary>
    private static double ExpM1(double x)
    {
        if (Math.Abs(x) < 1e-5) return x + x * x / 2.0 + x * x * x / 6.0;
        // Kahan's trick: u = e^x; (u − 1)·x / ln u is accurate to a few ulps.
        double u = Math.Exp(x);
        if (u == 1.0) return x;
        double um1 = u - 1.0;
        if (um1 == -1.0) return -1.0;
        return um1 * x / Math.Log(u);
    }
}
