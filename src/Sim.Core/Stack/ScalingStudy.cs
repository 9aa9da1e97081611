using System.Globalization;
using Sim.Statistics;
using Sim.Scenarios;

namespace Sim.Stack;

/// <summary>
/// The seed's "Scaling Strategy" measured: one configuration run at several server counts (load scaled
/// with the servers, so each server sees the same load) and at several worker counts on one server
/// (load fixed at one server's share), each with the scenario's run settings and replications, and
/// the Universal Scalability Law (<see cref="UslFit"/>) fitted to the replications' throughputs. With several populations
/// (<see cref="LoadSpec.Populations"/>) the load is a common factor f on all of them (1 = the scenario as written: closed users
/// × f rounded, at least 1; open rates and profiles × f; mixes and think times kept).
/// Stateless; each call runs its own simulations.
/// </summary>
public static class ScalingStudy
{
    /// <summary>Runs <paramref name="scenario"/> with 1 load-balanced server per entry of <paramref name="servers"/>.</summary>
    /// <param name="scenario">The configuration (typically the last phase) and its run settings.</param>
    /// <param name="servers">Server counts, each ≥ 1, distinct.</param>
    /// <param name="loadPerServer">Closed users (or open requests/s, or with populations the factor on them) per server; null: the scenario's load divided by its servers.</param>
    /// <param name="cancellationToken">Cooperative cancellation.</param>
    /// <exception cref="ScenarioValidationException"><paramref name="scenario"/> is invalid; the exception lists every problem.</exception>
    public static ScalingSeries Servers(StackScenario scenario, IReadOnlyList<int> servers, double? loadPerServer = null, CancellationToken cancellationToken = default) =>
        Servers(scenario, servers, loadPerServer, runs: null, cancellationToken);

    /// <summary><see cref="Servers(StackScenario, IReadOnlyList{int}, double?, CancellationToken)"/> sharing the configurations already simulated in <paramref name="runs"/> (null: none).</summary>
    internal static ScalingSeries Servers(StackScenario scenario, IReadOnlyList<int> servers, double? loadPerServer, Dictionary<StackScenario, StackReplicationResult[]>? runs,
        CancellationToken cancellationToken)
    {
        Check(scenario, servers, loadPerServer);
        double perServer = loadPerServer ?? TotalLoad(scenario) / scenario.LoadBalancer.Servers;
        var points = new List<ScalingPoint>();
        foreach (int k in servers.Order())
        {
            StackScenario s = WithLoad(scenario with { LoadBalancer = scenario.LoadBalancer with { Servers = k } }, perServer * k);
            points.Add(Measure(k, s, perServer * k, runs, cancellationToken));
        }
        string unit = Unit(scenario);
        return Finish("servers", string.Create(CultureInfo.InvariantCulture, $"Servers behind the load balancer, {perServer:G4} {unit} per server."), points);
    }

    /// <summary>Runs <paramref name="scenario"/> on one server with each worker count of <paramref name="workers"/>, the load fixed.</summary>
    /// <param name="scenario">The configuration (typically the last phase) and its run settings.</param>
    /// <param name="workers">Worker counts per server, each ≥ 1, distinct.</param>
    /// <param name="loadPerServer">Closed users (or open requests/s, or with populations the factor on them) on the one server; null: the scenario's load divided by its servers.</param>
    /// <param name="cancellationToken">Cooperative cancellation.</param>
    /// <exception cref="ScenarioValidationException"><paramref name="scenario"/> is invalid; the exception lists every problem.</exception>
    public static ScalingSeries Workers(StackScenario scenario, IReadOnlyList<int> workers, double? loadPerServer = null, CancellationToken cancellationToken = default) =>
        Workers(scenario, workers, loadPerServer, runs: null, cancellationToken);

    /// <summary><see cref="Workers(StackScenario, IReadOnlyList{int}, double?, CancellationToken)"/> sharing the configurations already simulated in <paramref name="runs"/> (null: none).</summary>
    internal static ScalingSeries Workers(StackScenario scenario, IReadOnlyList<int> workers, double? loadPerServer, Dictionary<StackScenario, StackReplicationResult[]>? runs,
        CancellationToken cancellationToken)
    {
        Check(scenario, workers, loadPerServer);
        double load = loadPerServer ?? TotalLoad(scenario) / scenario.LoadBalancer.Servers;
        StackScenario oneServer = WithLoad(scenario with { LoadBalancer = scenario.LoadBalancer with { Servers = 1 } }, load);
        var points = new List<ScalingPoint>();
        foreach (int w in workers.Order())
            points.Add(Measure(w, oneServer with { Workers = oneServer.Workers with { Count = w } }, load, runs, cancellationToken));
        string unit = Unit(scenario);
        return Finish("workers", string.Create(CultureInfo.InvariantCulture, $"Workers on one server, {load:G4} {unit}."), points);
    }

    /// <summary>
    /// A closed load heavy enough to keep one server saturated, so that throughput measures capacity rather
    /// than the offered load: <paramref name="factor"/> × the bottleneck's capacity C (requests/s, measured at
    /// one server with the scenario's per-server load) × (think time Z + response time R), the users a
    /// server at capacity would hold (N = X·(R + Z)). For an open load: the scenario's rate per server; with several
    /// populations: the scenario's populations per server (factor 1 ÷ servers).
    /// </summary>
    /// <param name="scenario">The configuration and its run settings.</param>
    /// <param name="factor">Multiple of the saturating population, &gt; 0; default 1.5.</param>
    /// <param name="cancellationToken">Cooperative cancellation.</param>
    /// <returns>Users (closed), requests/s (open) or the populations' factor per server.</returns>
    /// <exception cref="ScenarioValidationException"><paramref name="scenario"/> is invalid; the exception lists every problem.</exception>
    public static double SaturatingLoadPerServer(StackScenario scenario, double factor = 1.5, CancellationToken cancellationToken = default)
    {
        ScenarioValidator.ThrowIfInvalid(scenario, nameof(scenario));
        if (!(factor > 0)) throw new ArgumentOutOfRangeException(nameof(factor), factor, "Must be positive.");
        double perServer = TotalLoad(scenario) / scenario.LoadBalancer.Servers;
        if (scenario.Load.Closed is not { } closed) return perServer; // open, or populations (mixed think times: no one N = X·(R + Z))
        StackScenario one = WithLoad(scenario with { LoadBalancer = scenario.LoadBalancer with { Servers = 1 } }, perServer);
        StackSummary s = StackSummary.From(StackExperiment.RunValidated(one, cancellationToken: cancellationToken));
        double capacity = s["capacityPerSecond"].Mean, response = s["latencyMs.mean"].Mean / 1000;
        if (!double.IsFinite(capacity) || !double.IsFinite(response)) return perServer;
        return Math.Max(1, Math.Round(factor * capacity * (closed.ThinkTimeSeconds.Mean + response)));
    }

    /// <summary>
    /// One point. A run is a pure function of its configuration, so a configuration already in <paramref name="simulated"/> (by
    /// record equality) is not simulated again: one server at the scenario's own worker count is both the servers series' first
    /// point and a point of the workers series.
    /// </summary>
    private static ScalingPoint Measure(int n, StackScenario s, double load, Dictionary<StackScenario, StackReplicationResult[]>? simulated, CancellationToken cancellationToken)
    {
        if (simulated is null || !simulated.TryGetValue(s, out StackReplicationResult[]? runs))
        {
            runs = StackExperiment.RunValidated(s, cancellationToken: cancellationToken);
            simulated?.Add(s, runs);
        }
        return new ScalingPoint(n, s.Load.Populations is not null ? load : TotalLoad(s), StackSummary.From(runs), runs.Select(r => r.ThroughputPerSecond).ToArray());
    }

    private static string Unit(StackScenario s) =>
        s.Load.Populations is not null ? "× the scenario's populations (" + PopulationScale.Describe(s) + " at 1×)"
        : s.Load.Closed is not null ? "users" : "requests/s";

    private static ScalingSeries Finish(string parameter, string description, List<ScalingPoint> points)
    {
        if (points.Count < 3) return new ScalingSeries(parameter, description, points, null, "no fit: the scalability law needs at least 3 values of N.");
        var n = new List<double>();
        var x = new List<double>();
        foreach (ScalingPoint p in points)
            foreach (double t in p.Throughputs)
                if (t > 0 && double.IsFinite(t)) { n.Add(p.N); x.Add(t); }
        if (n.Distinct().Count() < 3) return new ScalingSeries(parameter, description, points, null, "no fit: fewer than 3 values of N had any throughput.");
        UslFit fit = UslFit.Fit(n, x);
        if (!double.IsFinite(fit.Lambda) || !double.IsFinite(fit.Sigma) || !double.IsFinite(fit.Kappa))
            return new ScalingSeries(parameter, description, points, null, "no fit: the least-squares fit did not converge.");
        return new ScalingSeries(parameter, description, points, fit, fit.PeakNote);
    }

    // With populations the load is the factor on them: 1 for the scenario as written.
    private static double TotalLoad(StackScenario s) => s.Load.Populations is not null ? 1 : s.Load.Closed is { } c ? c.Users : s.Load.Open!.NominalRatePerSecond;

    private static StackScenario WithLoad(StackScenario s, double load) => s.Load.Populations is not null ? PopulationScale.AtFactor(s, load) : s.Load.Closed is { } c
        ? s with { Load = new LoadSpec { Open = null, Closed = c with { Users = Math.Max(1, (int)Math.Round(load)) } } }
        : s with { Load = new LoadSpec { Open = s.Load.Open!.AtMeanRate(load), Closed = null } };

    private static void Check(StackScenario scenario, IReadOnlyList<int> counts, double? loadPerServer)
    {
        ScenarioValidator.ThrowIfInvalid(scenario, nameof(scenario));
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.Count == 0) throw new ArgumentException("At least one count is needed.", nameof(counts));
        foreach (int c in counts) ArgumentOutOfRangeException.ThrowIfNegativeOrZero(c, nameof(counts));
        if (counts.Distinct().Count() != counts.Count) throw new ArgumentException("Counts must be distinct.", nameof(counts));
        if (loadPerServer is { } l && !(l > 0)) throw new ArgumentOutOfRangeException(nameof(loadPerServer), l, "Must be positive.");
    }
}
