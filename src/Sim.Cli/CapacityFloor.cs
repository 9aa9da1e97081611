using System.Globalization;
using Sim.Scenarios;
using Sim.Stack;

namespace Sim.Cli;

/// <summary>
/// Why a capacity search found no load that meets the SLO: the phase is run once more at the lowest load the search
/// tried (1 user, or a near-idle rate), and the SLO's latency there is set against the time a request spends with
/// nothing queued — the service part of the latency breakdown, its biggest parts named ("the floor is network +
/// transfer ≈ 350 ms").
/// </summary>
internal static class CapacityFloor
{
    /// <summary>
    /// A reason for every phase whose search found no capacity (<see cref="CapacityResult.Capacity"/> 0); others are
    /// skipped, and so is the rest once <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public static List<(string Phase, string Reason)> Explain(IReadOnlyList<ScenarioPhase> phases, IReadOnlyList<CapacityResult?> results, CancellationToken cancellationToken)
    {
        var reasons = new List<(string, string)>();
        for (int i = 0; i < phases.Count && i < results.Count; i++)
        {
            if (results[i] is not { Capacity: <= 0 } none || cancellationToken.IsCancellationRequested) continue;
            try
            {
                reasons.Add((phases[i].Name, Reason(phases[i].Scenario, none, cancellationToken)));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl-C or SIGTERM after the result: the reasons are an explanation, not part of it; what is printed stands.
                break;
            }
        }
        return reasons;
    }

    /// <summary>The reason for one phase: "p95 is already 380 ms at 1 user, above the SLO's 300 ms; the floor …".</summary>
    public static string Reason(StackScenario scenario, CapacityResult result, CancellationToken cancellationToken)
    {
        bool closed = scenario.Load.Closed is not null;
        if (scenario.Load.Populations is not null) return Reason(scenario, Math.Max(double.IsFinite(result.FirstViolation) ? result.FirstViolation : 1, 1e-3), cancellationToken);
        double load = closed
            ? Math.Max(1, Math.Round(double.IsFinite(result.FirstViolation) ? result.FirstViolation : 1))
            : Math.Max(double.IsFinite(result.FirstViolation) ? result.FirstViolation : 0, 50 / scenario.Run.DurationSeconds); // enough requests to measure
        StackScenario at = closed
            ? scenario with { Load = new LoadSpec { Open = null, Closed = scenario.Load.Closed! with { Users = (int)load } } }
            : scenario with { Load = new LoadSpec { Open = new OpenLoad { RatePerSecond = load, Profile = Array.Empty<RatePoint>() }, Closed = null } };
        string where = closed ? (load == 1 ? "1 user" : $"{CliFormat.TableNumber(load)} users") : $"{CliFormat.TableNumber(load)} req/s";
        return Reason(at, where, cancellationToken);
    }

    // Several populations: the lowest factor the search tried, all populations scaled by it.
    private static string Reason(StackScenario scenario, double factor, CancellationToken cancellationToken) =>
        Reason(PopulationScale.AtFactor(scenario, factor), $"{CliFormat.TableNumber(factor)} × the scenario's populations", cancellationToken);

    private static string Reason(StackScenario at, string where, CancellationToken cancellationToken)
    {
        StackReplicationResult[] runs = StackExperiment.Run(at, cancellationToken: cancellationToken);
        SloSpec slo = at.Slo;
        string quantile = LatencyObjective.QuantileName(slo.LatencyQuantile);
        if (runs.Any(r => r.Unstable)) return $"the system is unstable already at {where}, the lowest load tried.";
        if (SloClassText.Any(slo) && SloVerdict.Judge(slo, runs) is { LatencyMet: false } verdict)
        {
            // A per-class clause (or the overall one without the excluded classes): name the one furthest past its limit.
            SloClauseVerdict worst = verdict.Binding;
            return $"{worst.Name} is already {Ms(worst.Measured)} at {where}, the lowest load tried — above the SLO's {Ms(worst.Limit)}; {Floor(runs)}.";
        }
        double[] latencies = [.. runs.Where(r => r.LatencyHistogram.Count > 0).Select(r => r.LatencyHistogram.Quantile(slo.LatencyQuantile))];
        double latency = latencies.Length > 0 ? latencies.Average() : double.NaN;
        double errors = runs.Average(r => r.ErrorRate);
        if (latency > slo.LatencyLimitSeconds)
            return $"{quantile} is already {Ms(latency)} at {where}, the lowest load tried — above the SLO's {Ms(slo.LatencyLimitSeconds)}; {Floor(runs)}.";
        if (errors > slo.MaxErrorRate)
            return string.Create(CultureInfo.InvariantCulture, $"errors are already {errors:P2} at {where}, the lowest load tried — above the SLO's {slo.MaxErrorRate:P2}.");
        return $"at {where}, the lowest load tried, a fresh run meets it ({quantile} {Ms(latency)}, errors {errors.ToString("P2", CultureInfo.InvariantCulture)}): the search's verdict there was noise; run with more replications.";
    }

    /// <summary>"the floor, with nothing queued, is network + transfer ≈ 350 ms (network 300 ms, transfer 45 ms, app CPU 5 ms)".</summary>
    private static string Floor(StackReplicationResult[] runs)
    {
        var parts = runs[0].Breakdown.Select((b, i) => (b.Category, Service: runs.Average(r => r.Breakdown[i].ServiceSeconds)))
            .Where(p => p.Service > 0).OrderByDescending(p => p.Service).ToList();
        double total = parts.Sum(p => p.Service);
        if (total <= 0) return "no part of a request's time could be measured there";
        var biggest = new List<(BreakdownCategory Category, double Service)>();
        foreach (var p in parts)
        {
            if (biggest.Count == 3 || biggest.Sum(b => b.Service) >= 0.8 * total) break;
            biggest.Add(p);
        }
        string named = string.Join(" + ", biggest.Select(b => Name(b.Category)));
        string all = string.Join(", ", parts.Where(p => p.Service >= 0.01 * total).Select(p => $"{Name(p.Category)} {Ms(p.Service)}"));
        return $"the floor, with nothing queued, is {named} ≈ {Ms(biggest.Sum(b => b.Service))} of a request's {Ms(total)} on average ({all})";
    }

    private static string Ms(double seconds) => CliFormat.TableNumber(seconds * 1000) + " ms";

    private static string Name(BreakdownCategory category) => category switch
    {
        BreakdownCategory.Network => "network",
        BreakdownCategory.WorkerQueue => "worker queue",
        BreakdownCategory.Cpu => "app CPU",
        BreakdownCategory.Cache => "cache",
        BreakdownCategory.DbConnect => "DB connect",
        BreakdownCategory.DbQuery => "DB queries",
        BreakdownCategory.External => "external calls",
        BreakdownCategory.Transfer => "transfer",
        BreakdownCategory.Proxy => "proxy",
        _ => category.ToString(),
    };
}
