using Sim.Scenarios;
using Sim.Statistics;

namespace Sim.Stack;

/// <summary>
/// Finds the largest closed population (users) or open arrival rate — or, with several populations
/// (<see cref="LoadSpec.Populations"/>), the largest common factor f on all of them — that still meets the scenario's
/// SLO (latency quantile ≤ limit and error rate ≤ maximum), judged on the mean across the scenario's
/// replications. Every load is simulated with the same seeds (common random numbers), so the
/// measured SLO metric changes smoothly with the load and the search does not flip on one noisy
/// replication. The search stops when the capacity (a load that met the SLO) and the first violation
/// (a load that did not) are 1 % (or 1 user) apart, both judged on runs with the scenario's full settings.
/// </summary>
/// <remarks>
/// <para>The fast search (the default, <see cref="CapacitySearchOptions"/>): the analytic estimate
/// (<see cref="StackAnalytic.Estimate"/>) gives the first load; short screening runs
/// (<see cref="CapacitySearchOptions.ScreenDurationFraction"/> of the duration and warm-up,
/// <see cref="CapacitySearchOptions.ScreenReplications"/> replications) bracket the crossing and interpolate it; then
/// full runs at the predicted boundary and its neighbour one resolution step above (simulated side by side) settle it,
/// stepping by the measured latency slope if the prediction missed. A screening verdict is never reported: it only
/// decides where the full runs go, so the result is the exhaustive search's wherever the full-run SLO metric crosses
/// its limit once (with common random numbers it rises smoothly in the load).</para>
/// <para>The exhaustive search (<see cref="CapacitySearchOptions.Exhaustive"/>): doubling or halving from the
/// configured load to a bracket, then bisection, every load on full runs.</para>
/// <para>With populations the searched load is f (1 = the scenario as written): each closed population's users × f rounded
/// (at least 1), each open population's rate, profile and trace speed × f, mixes and think times kept; f is searched like an
/// open rate (to 1 %), from the factor where the analytic estimate reaches the SLO, and the result also gives the offered load
/// at capacity (<see cref="CapacityResult.OfferedUsersAtCapacity"/>, <see cref="CapacityResult.OfferedRateAtCapacity"/>).</para>
/// <para>Deterministic: fixed seeds give the same answer whatever the thread count. Thread safe.</para>
/// </remarks>
public static class CapacitySearch
{
    /// <summary>Runs the fast search with default options and the given load ceiling.</summary>
    /// <param name="scenario">The configuration; its load kind decides what is searched, its SLO what is required.</param>
    /// <param name="maxLoad">Give up above this load (users or requests/s); default 1,000,000.</param>
    /// <param name="cancellationToken">Cooperative cancellation.</param>
    /// <exception cref="ScenarioValidationException"><paramref name="scenario"/> is invalid; the exception lists every problem.</exception>
    public static CapacityResult Find(StackScenario scenario, double maxLoad = 1_000_000, CancellationToken cancellationToken = default) =>
        Run(scenario, new CapacitySearchOptions { MaxLoad = maxLoad }, cancellationToken);

    /// <summary>Runs the search with <paramref name="options"/> (<see cref="Find"/> is this with the defaults and a load ceiling).</summary>
    /// <param name="scenario">The configuration; its load kind decides what is searched, its SLO what is required.</param>
    /// <param name="options">Fast or exhaustive, the load ceiling, the screening runs' settings, threads.</param>
    /// <param name="cancellationToken">Cooperative cancellation.</param>
    /// <exception cref="ScenarioValidationException"><paramref name="scenario"/> is invalid; the exception lists every problem.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of its range.</exception>
    public static CapacityResult Run(StackScenario scenario, CapacitySearchOptions options, CancellationToken cancellationToken = default)
    {
        ScenarioValidator.ThrowIfInvalid(scenario, nameof(scenario));
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid(nameof(options));
        var search = new Search(scenario, options, cancellationToken);
        return options.Exhaustive ? search.Exhaustive() : search.Fast();
    }

    private sealed class Search
    {
        private const int MaxScreens = 16;
        private const int MaxFullRounds = 40;
        private const double ScreenBracketRatio = 1.04;
        private readonly StackScenario _scenario;
        private readonly CapacitySearchOptions _options;
        private readonly CancellationToken _token;
        private readonly bool _closed;
        private readonly bool _populations;
        private readonly Dictionary<double, Evaluation> _full = new();
        private readonly Dictionary<double, Evaluation> _screen = new();

        public Search(StackScenario scenario, CapacitySearchOptions options, CancellationToken token)
        {
            _scenario = scenario;
            _options = options;
            _token = token;
            _closed = scenario.Load.Closed is not null;
            _populations = scenario.Load.Populations is not null;
        }

        private double Limit => _scenario.Slo.LatencyLimitSeconds;

        private double MinLoad => _closed ? 1 : 1e-3;

        private double Round(double load) => _closed ? Math.Max(1, Math.Round(load)) : load;

        /// <summary>The load one resolution step above <paramref name="load"/>: the bracket [load, Next(load)] is narrow enough to stop.</summary>
        private double Next(double load) => _closed ? load + Math.Max(1, Math.Floor(0.01 * load)) : load + 0.01 * load * (1 - 1e-9);

        private bool Narrow(Evaluation lo, Evaluation hi) =>
            hi.Load - lo.Load <= Math.Max(_closed ? 1 : 0, 0.01 * lo.Load) || (_closed && hi.Load - lo.Load <= 1);

        private StackScenario AtLoad(StackScenario s, double load) => _populations ? PopulationScale.AtFactor(s, load) : _closed
            ? s with { Load = new LoadSpec { Open = null, Closed = s.Load.Closed! with { Users = (int)load } } }
            : s with { Load = new LoadSpec { Open = s.Load.Open!.AtMeanRate(load), Closed = null } };

        private StackScenario ScreenSettings()
        {
            double f = _options.ScreenDurationFraction;
            RunSettings run = _scenario.Run;
            return _scenario with
            {
                Run = run with
                {
                    DurationSeconds = run.DurationSeconds * f,
                    WarmupSeconds = run.WarmupSeconds is { } w ? w * f : null,
                    Replications = Math.Min(run.Replications, _options.ScreenReplications),
                },
            };
        }

        private Evaluation Full(double load) => Many([load], full: true)[0];

        private Evaluation Screen(double load) => Many([load], full: false)[0];

        /// <summary>Simulates the loads not simulated before, side by side; results in the order given.</summary>
        private Evaluation[] Many(double[] loads, bool full)
        {
            Dictionary<double, Evaluation> cache = full ? _full : _screen;
            StackScenario settings = full ? _scenario : ScreenSettings();
            var rounded = loads.Select(Round).ToArray();
            var missing = rounded.Distinct().Where(l => !cache.ContainsKey(l)).ToArray();
            var runs = new StackReplicationResult[missing.Length][];
            if (missing.Length == 1) runs[0] = StackExperiment.RunValidated(AtLoad(settings, missing[0]), _options.MaxDegreeOfParallelism, _token);
            else if (missing.Length > 1)
            {
                Parallel.For(0, missing.Length, new ParallelOptions { CancellationToken = _token },
                    i => runs[i] = StackExperiment.RunValidated(AtLoad(settings, missing[i]), _options.MaxDegreeOfParallelism, _token));
            }
            for (int i = 0; i < missing.Length; i++) cache[missing[i]] = new Evaluation(missing[i], runs[i], _scenario.Slo, full);
            return rounded.Select(l => cache[l]).ToArray();
        }

        /// <summary>The exhaustive search: doubling or halving to a bracket, then bisection, every load on full runs.</summary>
        public CapacityResult Exhaustive()
        {
            double maxLoad = _options.MaxLoad;
            double start = Configured;
            double lo = 0, hi = double.NaN;
            Evaluation? best = null;
            Evaluation first = Full(start);
            if (first.Met)
            {
                lo = first.Load;
                best = first;
                double next = lo * 2;
                while (next <= maxLoad)
                {
                    Evaluation e = Full(next);
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
                while (next >= MinLoad)
                {
                    Evaluation e = Full(next);
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
            while (best is not null && !double.IsPositiveInfinity(hi) && hi - lo > Math.Max(_closed ? 1 : 0, 0.01 * lo))
            {
                double mid = (lo + hi) / 2;
                Evaluation e = Full(mid);
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
            return Result(best, lo, hi);
        }

        /// <summary>The configured load: the users, the open rate (at least 1/s), or factor 1 for populations.</summary>
        private double Configured => _populations ? 1 : _closed ? _scenario.Load.Closed!.Users : Math.Max(_scenario.Load.Open!.NominalRatePerSecond, 1);

        /// <summary>A first load from the analytic estimate: where the mean latency would reach the limit.</summary>
        private double AnalyticStart()
        {
            double configured = Configured;
            try
            {
                if (_populations) return PopulationsStart();
                if (_closed)
                {
                    // Saturated, a closed load's mean latency is N/X − Z: it reaches the limit L at N = X_max·(Z + L).
                    StackEstimate e = StackAnalytic.Estimate(_scenario);
                    double guess = e.CapacityPerSecond * (_scenario.Load.Closed!.ThinkTimeSeconds.Mean + Limit);
                    return double.IsFinite(guess) && guess >= 1 ? guess : configured;
                }
                // Open: the rate where the analytic mean latency is a third of the limit (an exponential-like
                // latency's p95 is about three times its mean), by bisection below the bottleneck's capacity.
                double cap = StackAnalytic.Estimate(AtLoad(_scenario, configured)).CapacityPerSecond;
                if (!double.IsFinite(cap) || cap <= 0) return configured;
                double lo = 0, hi = cap;
                for (int i = 0; i < 30; i++)
                {
                    double mid = (lo + hi) / 2;
                    StackEstimate e = StackAnalytic.Estimate(AtLoad(_scenario, mid));
                    if (!e.Unstable && e.LatencyMeanSeconds * 3 <= Limit && e.ErrorRate <= _scenario.Slo.MaxErrorRate) lo = mid;
                    else hi = mid;
                }
                return lo > 0 ? lo : configured;
            }
            catch (ArgumentException)
            {
                return configured; // a derived load outside what the estimate accepts: start where configured
            }
        }

        /// <summary>
        /// Populations: the factor f where the estimate's mean latency reaches the limit when every population is closed (as
        /// N = X_max·(Z + L) for one closed load), a third of it when any is open (as for an open rate), or the estimate
        /// becomes unstable or its error rate passes the maximum — by doubling or halving from f = 1, then bisection.
        /// </summary>
        private double PopulationsStart()
        {
            double bound = _scenario.Load.Populations!.Any(p => p.Open is not null) ? Limit / 3 : Limit;
            bool Met(double f)
            {
                try
                {
                    StackEstimate e = StackAnalytic.Estimate(AtLoad(_scenario, f));
                    return !e.Unstable && e.LatencyMeanSeconds <= bound && e.ErrorRate <= _scenario.Slo.MaxErrorRate;
                }
                catch (ArgumentException)
                {
                    return false; // a factor past what a scenario may hold (a rate above 10⁷/s): beyond the start
                }
            }
            double lo = 1, hi = 1, top = Math.Max(_options.MaxLoad, 1);
            if (Met(1))
            {
                while (hi < top && Met(Math.Min(2 * hi, top))) lo = hi = Math.Min(2 * hi, top);
                if (hi >= top) return top;
                hi = Math.Min(2 * hi, top);
            }
            else
            {
                while (lo > MinLoad && !Met(lo / 2)) hi = lo /= 2;
                if (lo <= MinLoad) return Configured;
                lo /= 2;
            }
            for (int i = 0; i < 20; i++)
            {
                double mid = 0.5 * (lo + hi);
                if (Met(mid)) lo = mid;
                else hi = mid;
            }
            return lo;
        }

        /// <summary>The fast search: analytic start, screening runs to locate the crossing, full runs at the boundary.</summary>
        public CapacityResult Fast()
        {
            double maxLoad = Math.Max(_options.MaxLoad, MinLoad);
            double Clamp(double x) => Math.Min(Round(maxLoad) > maxLoad && _closed ? Math.Floor(maxLoad) : maxLoad, Math.Max(MinLoad, Round(x)));

            // 1. Screening: gallop from the analytic start to a bracket, then interpolate (the Illinois variant of
            // regula falsi: the latency is convex in the load, so plain regula falsi would creep up from one side).
            Evaluation? sLo = null, sHi = null;
            double x = Clamp(AnalyticStart()), growth = 1.25, scaleLo = 1, scaleHi = 1;
            int lastSide = 0;
            for (int i = 0; i < MaxScreens; i++)
            {
                Evaluation e = Screen(x);
                bool bracketed = sLo is not null && sHi is not null;
                if (e.Met)
                {
                    if (sLo is null || e.Load > sLo.Load) sLo = e;
                    if (bracketed && lastSide == 1) scaleHi /= 2;
                    scaleLo = 1;
                    lastSide = 1;
                }
                else
                {
                    if (sHi is null || e.Load < sHi.Load) sHi = e;
                    if (bracketed && lastSide == -1) scaleLo /= 2;
                    scaleHi = 1;
                    lastSide = -1;
                }
                if (sLo is not null && sHi is not null)
                {
                    if (sLo.Load >= sHi.Load || sHi.Load <= sLo.Load * ScreenBracketRatio || Narrow(sLo, sHi)) break;
                    double w = sHi.Load - sLo.Load;
                    double next = Round(Math.Clamp(Interpolate(sLo, sHi, scaleLo, scaleHi), sLo.Load + 0.05 * w, sHi.Load - 0.05 * w));
                    if (next <= sLo.Load || next >= sHi.Load) break;
                    x = next;
                }
                else if (sHi is null)
                {
                    if (e.Load >= Clamp(maxLoad)) break;
                    x = Clamp(_closed ? Math.Max(e.Load + 1, Math.Ceiling(e.Load * growth)) : e.Load * growth);
                    growth *= growth;
                }
                else
                {
                    if (e.Load <= MinLoad) break;
                    x = Clamp(_closed ? Math.Min(e.Load - 1, Math.Floor(e.Load / growth)) : e.Load / growth);
                    growth *= growth;
                }
            }
            double predicted = sLo is not null && sHi is not null && sLo.Load < sHi.Load ? Interpolate(sLo, sHi) : (sLo ?? sHi)!.Load;

            // 2. Full runs: the loads half a step either side of the predicted crossing, side by side (when the prediction
            // is good, they are the answer); then one at a time: from the last full run's latency
            // and the local slope, the crossing again, and a run just beyond it (galloping if predictions keep falling
            // short); inside a bracket, the neighbour of the end the interpolated crossing is within a step of, else the
            // interpolated crossing.
            Evaluation? lo = null, hi = null;
            void Take(Evaluation e)
            {
                if ((lo is not null && e.Load <= lo.Load) || (hi is not null && e.Load >= hi.Load)) return;
                if (e.Met) lo = e;
                else hi = e;
            }
            double Floor(double v) => _closed ? Math.Max(MinLoad, Math.Floor(v)) : Math.Max(MinLoad, v);
            double HalfStep(double load) => (Next(load) - load) / 2;
            double first = Clamp(Floor(predicted - HalfStep(predicted))), second = Clamp(Next(first));
            foreach (Evaluation e in Many(second > first ? [first, second] : [first], full: true)) Take(e);
            double reach = 1;
            for (int round = 0; round < MaxFullRounds; round++)
            {
                if (lo is not null && hi is not null)
                {
                    if (Narrow(lo, hi)) break;
                    double w = hi.Load - lo.Load;
                    double c = Interpolate(lo, hi);
                    double inside = c - lo.Load <= Next(lo.Load) - lo.Load ? Next(lo.Load)
                        : hi.Load - c <= hi.Load - Prev(hi.Load) ? Prev(hi.Load)
                        : Round(Math.Clamp(c, lo.Load + 0.1 * w, hi.Load - 0.1 * w));
                    if (inside <= lo.Load || inside >= hi.Load) inside = Round((lo.Load + hi.Load) / 2);
                    if (inside <= lo.Load || inside >= hi.Load) break; // integer users: nothing left between
                    Take(Full(inside));
                }
                else if (hi is null)
                {
                    Evaluation l = lo!;
                    if (l.Load >= Clamp(maxLoad)) break;
                    double slope = LocalSlope(l.Load, sLo, sHi);
                    double gap = double.IsFinite(l.Latency.Mean) && slope > 0 ? (Limit - l.Latency.Mean) / slope : l.Load;
                    // A screening violation the metric does not explain (an unstable run, or one whose followed metric was
                    // within the limit): the metric's slope says nothing about where that happens, so step towards it instead.
                    if (sHi is not null && (sHi.Unstable || !(sHi.Latency.Mean > Limit))) gap = Math.Max(sHi.Load - l.Load, Next(l.Load) - l.Load);
                    // Just above the predicted crossing, so that a violation there most likely closes the bracket.
                    Take(Full(Clamp(Math.Max(Next(l.Load), Round(l.Load + gap * reach + HalfStep(l.Load))))));
                    reach *= 2;
                }
                else
                {
                    Evaluation h = hi;
                    if (h.Load <= MinLoad) break;
                    double slope = LocalSlope(h.Load, sLo, sHi);
                    bool byLatency = double.IsFinite(h.Latency.Mean) && h.Latency.Mean > Limit && slope > 0;
                    double gap = byLatency ? (h.Latency.Mean - Limit) / slope : h.Load / 2;
                    Take(Full(Clamp(Math.Min(Prev(h.Load), Floor(h.Load - gap * reach - HalfStep(h.Load))))));
                    reach *= 2;
                }
            }
            return Result(lo, lo?.Load ?? 0, hi?.Load ?? double.PositiveInfinity);
        }

        /// <summary>The load one resolution step below <paramref name="load"/>: the bracket [Prev(load), load] is narrow enough to stop.</summary>
        private double Prev(double load)
        {
            if (!_closed) return Math.Max(MinLoad, load / (1.01 * (1 - 1e-9)));
            double a = load - Math.Max(1, Math.Floor(0.01 * load / 1.01));
            return Math.Max(MinLoad, a);
        }

        /// <summary>
        /// Where the SLO metric crosses the limit between two loads, by linear interpolation of the latency (each end's
        /// distance from the limit scaled by <paramref name="scaleLo"/>, <paramref name="scaleHi"/>); the midpoint when
        /// the latencies cannot say (a violation by errors, an unstable run).
        /// </summary>
        private double Interpolate(Evaluation lo, Evaluation hi, double scaleLo = 1, double scaleHi = 1)
        {
            double yLo = Limit - (Limit - lo.Latency.Mean) * scaleLo, yHi = Limit + (hi.Latency.Mean - Limit) * scaleHi;
            if (double.IsFinite(yLo) && double.IsFinite(yHi) && yLo <= Limit && yHi > Limit && yHi > yLo)
                return lo.Load + (Limit - yLo) * (hi.Load - lo.Load) / (yHi - yLo);
            return (lo.Load + hi.Load) / 2;
        }

        /// <summary>
        /// The latency's slope at the boundary, for stepping from a full run to the predicted crossing: least squares over
        /// the full runs within ±5 % of <paramref name="load"/> (common random numbers make their differences precise);
        /// else the secant of the screening bracket around the crossing; else the slope over ±25 %. The latency is
        /// convex in the load, so only a local slope does not undershoot from below (or overshoot from above).
        /// </summary>
        private double LocalSlope(double load, Evaluation? screenLo, Evaluation? screenHi)
        {
            var near = _full.Values.Where(e => double.IsFinite(e.Latency.Mean) && e.Load >= 0.95 * load && e.Load <= 1.05 * load).ToArray();
            if (near.Length >= 2)
            {
                double mx = near.Average(e => e.Load), my = near.Average(e => e.Latency.Mean);
                double sxx = near.Sum(e => (e.Load - mx) * (e.Load - mx)), sxy = near.Sum(e => (e.Load - mx) * (e.Latency.Mean - my));
                if (sxx > 0 && sxy > 0) return sxy / sxx;
            }
            if (screenLo is not null && screenHi is not null && screenHi.Load > screenLo.Load
                && double.IsFinite(screenLo.Latency.Mean) && double.IsFinite(screenHi.Latency.Mean) && screenHi.Latency.Mean > screenLo.Latency.Mean)
                return (screenHi.Latency.Mean - screenLo.Latency.Mean) / (screenHi.Load - screenLo.Load);
            return Slope(load);
        }

        /// <summary>
        /// How fast the SLO latency rises with the load near <paramref name="load"/>: a least-squares slope over the loads
        /// tried within ±25 %, pooled within each run length (screens and full runs may differ in level, not in slope).
        /// NaN when it cannot be measured.
        /// </summary>
        private double Slope(double load)
        {
            double sxy = 0, sxx = 0;
            foreach (Dictionary<double, Evaluation> group in new[] { _full, _screen })
            {
                var near = group.Values.Where(e => double.IsFinite(e.Latency.Mean) && e.Load >= 0.75 * load && e.Load <= 1.25 * load).ToArray();
                if (near.Length < 2) continue;
                double mx = near.Average(e => e.Load), my = near.Average(e => e.Latency.Mean);
                sxx += near.Sum(e => (e.Load - mx) * (e.Load - mx));
                sxy += near.Sum(e => (e.Load - mx) * (e.Latency.Mean - my));
            }
            return sxx > 0 && sxy > 0 ? sxy / sxx : double.NaN;
        }

        private CapacityResult Result(Evaluation? best, double lo, double hi)
        {
            var all = _full.Values.Concat(_screen.Values).ToArray();
            int count = all.Length;
            string kind = _populations ? "factor" : _closed ? "users" : "rate";
            var result = best is null
                ? new CapacityResult(kind, 0, hi, 0, double.NaN, double.NaN, double.NaN, count)
                : new CapacityResult(kind, lo, hi, best.Throughput, best.OverallLatency.Mean, best.OverallLatency.HalfWidth, best.ErrorRate, count,
                    CapacityHalfWidth(lo, hi, best.Latency.HalfWidth));
            // The binding clause: the one the first violation breaks (the furthest past its limit there; "unstable" when that
            // run was), else the one closest to its limit at capacity.
            Evaluation? violation = _full.TryGetValue(hi, out Evaluation? v) ? v : null;
            Evaluation? judged = violation ?? best;
            return result with
            {
                BindingClause = judged is null ? "" : judged == violation && judged.Unstable ? "unstable" : SloVerdict.MostBinding(judged.Clauses).Name,
                ClausesAtCapacity = best?.Clauses ?? [],
                FullEvaluations = _full.Count,
                ReplicationSeconds = all.Sum(e => e.ReplicationSeconds),
                ObservedRequests = all.Sum(e => e.ObservedRequests),
                Populations = _populations ? PopulationScale.Describe(_scenario) : "",
                OfferedUsersAtCapacity = _populations && best is not null ? PopulationScale.OfferedUsers(_scenario, lo) : 0,
                OfferedRateAtCapacity = _populations && best is not null ? PopulationScale.OfferedRate(_scenario, lo) : 0,
            };
        }

        /// <summary>
        /// The capacity's own uncertainty by the delta method: a latency known to ±h where it rises by s per unit
        /// of load puts the crossing within about ±h/s. The slope is a least-squares fit over the loads tried within
        /// ±25 % of the capacity (common random numbers make that curve smooth; screens and full runs pooled within
        /// each run length); the result is at least the bracket.
        /// </summary>
        private double CapacityHalfWidth(double capacity, double firstViolation, double latencyHalfWidth)
        {
            if (double.IsInfinity(firstViolation) || !double.IsFinite(latencyHalfWidth)) return double.NaN;
            double slope = Slope(capacity);
            if (!double.IsFinite(slope)) return double.NaN;
            return Math.Max(latencyHalfWidth / slope, firstViolation - capacity);
        }
    }

    private sealed class Evaluation
    {
        public Evaluation(double load, StackReplicationResult[] runs, SloSpec slo, bool full)
        {
            Load = load;
            Full = full;
            var latency = new double[runs.Length];
            double errors = 0, throughput = 0;
            bool unstable = false;
            for (int i = 0; i < runs.Length; i++)
            {
                StackReplicationResult r = runs[i];
                latency[i] = SloVerdict.OverallQuantile(slo, r, slo.LatencyQuantile);
                errors += r.ErrorRate / runs.Length;
                throughput += r.ThroughputPerSecond / runs.Length;
                unstable |= r.Unstable;
                ReplicationSeconds += r.WarmupSeconds + r.WindowSeconds + r.DrainSeconds;
                ObservedRequests += r.Arrivals;
            }
            // The SLO quantile is read from each replication's histogram, so its interval carries the histogram's
            // resolution as StackSummary's percentiles do.
            OverallLatency = SloVerdict.Interval(latency, runs[0].LatencyHistogram.RelativeAccuracy);
            ErrorRate = errors;
            Throughput = throughput;
            Unstable = unstable;
            // Per class, then (with populations) per population: none without them, so other scenarios' searches are unchanged.
            var classes = slo.Classes.Select(c => SloVerdict.ClassClause(c, runs)).Concat(slo.Populations.Select(p => SloVerdict.PopulationClause(p, runs))).ToArray();
            Clauses =
            [
                new SloClauseVerdict(LatencyObjective.QuantileName(slo.LatencyQuantile), null, slo.LatencyQuantile, OverallLatency.Mean, OverallLatency.HalfWidth, slo.LatencyLimitSeconds),
                .. classes,
                new SloClauseVerdict("errors", null, double.NaN, ErrorRate, double.NaN, slo.MaxErrorRate),
            ];
            // What the search follows: the overall latency, or — when a class clause is closer to its limit — that class's
            // latency on the overall limit's scale (latency × overall limit ÷ class limit), so the crossing of the binding
            // clause is where the scaled latency crosses the overall limit.
            Latency = OverallLatency;
            SloClauseVerdict binding = SloVerdict.MostBinding([Clauses[0], .. classes]);
            if (!ReferenceEquals(binding, Clauses[0]) && classes.Length > 0)
            {
                double k = slo.LatencyLimitSeconds / binding.Limit;
                Latency = new ConfidenceInterval(binding.Measured * k, binding.Ci95 * k, runs.Length, 0.95);
            }
            Met = !unstable && OverallLatency.Mean <= slo.LatencyLimitSeconds && classes.All(c => c.Met) && ErrorRate <= slo.MaxErrorRate;
        }

        public double Load { get; }

        public bool Full { get; }

        public double ReplicationSeconds { get; }

        public long ObservedRequests { get; }

        /// <summary>The overall latency clause's quantile (mean and 95 % half-width).</summary>
        public ConfidenceInterval OverallLatency { get; }

        /// <summary>The latency the search follows against the overall limit: <see cref="OverallLatency"/>, or the binding class clause's scaled to it.</summary>
        public ConfidenceInterval Latency { get; }

        /// <summary>Every clause: overall latency, per class, errors.</summary>
        public SloClauseVerdict[] Clauses { get; }

        public double ErrorRate { get; }

        public double Throughput { get; }

        public bool Unstable { get; }

        public bool Met { get; }
    }
}
