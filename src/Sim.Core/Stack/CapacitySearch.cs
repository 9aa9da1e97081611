using Sim.Scenarios;
using Sim.Statistics;

namespace Sim.Stack;

/// <summary>
/// Finds the largest closed population (users) or open arrival rate that still meets the scenario's
/// SLO (latency quantile ≤ limit and error rate ≤ maximum), judged on the mean across the scenario's
/// replications. Every load is simulated with the same seeds (common random numbers), so the
/// measured SLO metric changes smoothly with the load and the search does not flip on one noisy
/// replication. Bracketing by doubling, then bisection to 1 % (or 1 user).
/// </summary>
public static class CapacitySearch
{
    /// <summary>Runs the search.</summary>
    /// <param name="scenario">The configuration; its load kind decides what is searched, its SLO what is required.</param>
    /// <param name="maxLoad">Give up above this load (users or requests/s); default 1,000,000.</param>
    /// <param name="cancellationToken">Cooperative cancellation.</param>
    /// <exception cref="ScenarioValidationException"><paramref name="scenario"/> is invalid; the exception lists every problem.</exception>
    public static CapacityResult Find(StackScenario scenario, double maxLoad = 1_000_000, CancellationToken cancellationToken = default)
    {
        ScenarioValidator.ThrowIfInvalid(scenario, nameof(scenario));
        bool closed = scenario.Load.Closed is not null;
        var cache = new Dictionary<double, Evaluation>();
        Evaluation Evaluate(double load)
        {
            load = closed ? Math.Max(1, Math.Round(load)) : load;
            if (cache.TryGetValue(load, out Evaluation? known)) return known;
            StackScenario s = closed
                ? scenario with { Load = new LoadSpec { Open = null, Closed = scenario.Load.Closed! with { Users = (int)load } } }
                : scenario with { Load = new LoadSpec { Open = new OpenLoad { RatePerSecond = load, Profile = Array.Empty<RatePoint>() }, Closed = null } };
            StackReplicationResult[] runs = StackExperiment.RunValidated(s, cancellationToken: cancellationToken);
            var e = new Evaluation(load, runs, scenario.Slo);
            cache[load] = e;
            return e;
        }

        double start = closed ? scenario.Load.Closed!.Users : Math.Max(scenario.Load.Open!.RatePerSecond, 1);
        double lo = 0, hi = double.NaN;
        Evaluation? best = null;
        Evaluation first = Evaluate(start);
        if (first.Met)
        {
            lo = first.Load;
            best = first;
            double next = lo * 2;
            while (next <= maxLoad)
            {
                Evaluation e = Evaluate(next);
                if (!e.Met)
                {
                    hi = e.Load;
                    break;
                }
                lo = e.Load;
                best = e;
                next = lo * 2;
            }
            if (double.IsNaN(hi)) hi = double.PositiveInfinity;
        }
        else
        {
            hi = first.Load;
            double next = hi / 2;
            while (next >= (closed ? 1 : 1e-3))
            {
                Evaluation e = Evaluate(next);
                if (e.Met)
                {
                    lo = e.Load;
                    best = e;
                    break;
                }
                hi = e.Load;
                next = hi / 2;
            }
        }
        while (best is not null && !double.IsPositiveInfinity(hi) && hi - lo > Math.Max(closed ? 1 : 0, 0.01 * lo))
        {
            double mid = (lo + hi) / 2;
            Evaluation e = Evaluate(mid);
            if (e.Load <= lo || e.Load >= hi) break; // integer users: nothing left between
            if (e.Met)
            {
                lo = e.Load;
                best = e;
            }
            else
            {
                hi = e.Load;
            }
        }
        return best is null
            ? new CapacityResult(closed ? "users" : "rate", 0, hi, 0, double.NaN, double.NaN, double.NaN, cache.Count)
            : new CapacityResult(closed ? "users" : "rate", lo, hi, best.Throughput, best.Latency.Mean, best.Latency.HalfWidth, best.ErrorRate, cache.Count,
                CapacityHalfWidth(cache.Values, lo, hi, best.Latency.HalfWidth));
    }

    /// <summary>
    /// The capacity's own uncertainty by the delta method: a latency known to ±h where it rises by s per unit
    /// of load puts the crossing within about ±h/s. The slope is a least-squares fit over the loads tried within
    /// ±25 % of the capacity (common random numbers make that curve smooth); the result is at least the bracket.
    /// </summary>
    private static double CapacityHalfWidth(IEnumerable<Evaluation> tried, double capacity, double firstViolation, double latencyHalfWidth)
    {
        if (double.IsInfinity(firstViolation) || !double.IsFinite(latencyHalfWidth)) return double.NaN;
        var near = tried.Where(e => double.IsFinite(e.Latency.Mean) && e.Load >= 0.75 * capacity && e.Load <= 1.25 * capacity).ToArray();
        if (near.Length < 2) return double.NaN;
        double mx = near.Average(e => e.Load), my = near.Average(e => e.Latency.Mean);
        double sxx = near.Sum(e => (e.Load - mx) * (e.Load - mx)), sxy = near.Sum(e => (e.Load - mx) * (e.Latency.Mean - my));
        if (sxx <= 0 || sxy <= 0) return double.NaN;
        return Math.Max(latencyHalfWidth / (sxy / sxx), firstViolation - capacity);
    }

    private sealed class Evaluation
    {
        public Evaluation(double load, StackReplicationResult[] runs, SloSpec slo)
        {
            Load = load;
            var latency = new double[runs.Length];
            double errors = 0, throughput = 0;
            bool unstable = false;
            for (int i = 0; i < runs.Length; i++)
            {
                StackReplicationResult r = runs[i];
                latency[i] = r.LatencyHistogram.Count > 0 ? r.LatencyHistogram.Quantile(slo.LatencyQuantile) : double.PositiveInfinity;
                errors += r.ErrorRate / runs.Length;
                throughput += r.ThroughputPerSecond / runs.Length;
                unstable |= r.Unstable;
            }
            // The SLO quantile is read from each replication's histogram, so its interval carries the histogram's
            // resolution as StackSummary's percentiles do.
            if (latency.All(double.IsFinite))
            {
                ConfidenceInterval ci = ConfidenceInterval.FromSamples(latency);
                Latency = ci.WidenedBy(runs[0].LatencyHistogram.RelativeAccuracy * Math.Abs(ci.Mean));
            }
            else Latency = new ConfidenceInterval(double.PositiveInfinity, 0, runs.Length, 0.95);
            ErrorRate = errors;
            Throughput = throughput;
            Met = !unstable && Latency.Mean <= slo.LatencyLimitSeconds && ErrorRate <= slo.MaxErrorRate;
        }

        public double Load { get; }

        public ConfidenceInterval Latency { get; }

        public double ErrorRate { get; }

        public double Throughput { get; }

        public bool Met { get; }
    }
}
