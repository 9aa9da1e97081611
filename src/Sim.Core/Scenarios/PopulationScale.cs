using System.Globalization;

namespace Sim.Scenarios;

/// <summary>
/// Several populations (<see cref="LoadSpec.Populations"/>) scaled by one common factor f, as the capacity search and the
/// scaling study vary them: a closed population's users × f rounded (at least 1), an open population's rate, profile points
/// and trace speed × f; each population's mix and think time unchanged. f = 1 is the scenario as written. Pure; thread safe.
/// </summary>
public static class PopulationScale
{
    /// <summary><paramref name="scenario"/> with every population scaled by <paramref name="factor"/>; the scenario itself at 1.</summary>
    /// <param name="scenario">A scenario with <see cref="LoadSpec.Populations"/>.</param>
    /// <param name="factor">The common factor, &gt; 0.</param>
    /// <exception cref="ArgumentException"><paramref name="scenario"/> has no populations.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="factor"/> is not positive and finite.</exception>
    public static StackScenario AtFactor(StackScenario scenario, double factor)
    {
        Check(scenario, factor);
        IReadOnlyList<PopulationSpec> pops = scenario.Load.Populations!;
        if (factor == 1) return scenario;
        return scenario with { Load = new LoadSpec { Populations = [.. pops.Select(p => Scale(p, factor))] } };
    }

    private static PopulationSpec Scale(PopulationSpec p, double factor)
    {
        if (p.Closed is { } c) return p with { Closed = c with { Users = Users(c, factor) } };
        OpenLoad o = p.Open!;
        if (o.Trace is { Arrivals: not null }) return p with { Open = o.AtMeanRate(o.NominalRatePerSecond * factor) };
        return p with
        {
            Open = o with
            {
                RatePerSecond = o.RatePerSecond * factor,
                Profile = [.. o.Profile.Select(r => r with { RatePerSecond = r.RatePerSecond * factor })],
            },
        };
    }

    private static int Users(ClosedLoad c, double factor) => (int)Math.Max(1, Math.Round(c.Users * factor));

    private static void Check(StackScenario scenario, double factor)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (scenario.Load.Populations is null) throw new ArgumentException("The scenario has no load.populations.", nameof(scenario));
        if (!(factor > 0) || !double.IsFinite(factor)) throw new ArgumentOutOfRangeException(nameof(factor), factor, "Must be positive and finite.");
    }

    /// <summary>Users of the closed populations at <paramref name="factor"/>, summed; 0 when none is closed.</summary>
    /// <param name="scenario">A scenario with <see cref="LoadSpec.Populations"/>.</param>
    /// <param name="factor">The common factor, &gt; 0.</param>
    /// <exception cref="ArgumentException"><paramref name="scenario"/> has no populations.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="factor"/> is not positive and finite.</exception>
    public static double OfferedUsers(StackScenario scenario, double factor)
    {
        Check(scenario, factor);
        return scenario.Load.Populations!.Where(p => p.Closed is not null).Sum(p => (double)Users(p.Closed!, factor));
    }

    /// <summary>
    /// Mean rates of the open populations at <paramref name="factor"/>, requests/s, summed (a profile's time average over the
    /// observation window, after the configured warm-up or from 0 when it is automatic; a trace's mean rate over one pass); 0 when none is open.
    /// </summary>
    /// <param name="scenario">A scenario with <see cref="LoadSpec.Populations"/>.</param>
    /// <param name="factor">The common factor, &gt; 0.</param>
    /// <exception cref="ArgumentException"><paramref name="scenario"/> has no populations.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="factor"/> is not positive and finite.</exception>
    public static double OfferedRate(StackScenario scenario, double factor)
    {
        Check(scenario, factor);
        double from = scenario.Run.WarmupSeconds ?? 0, to = from + scenario.Run.DurationSeconds;
        return scenario.Load.Populations!.Where(p => p.Open is not null).Sum(p => MeanRate(p.Open!, from, to) * factor);
    }

    private static double MeanRate(OpenLoad o, double from, double to) =>
        o.Trace is not null ? o.NominalRatePerSecond : o.IsConstantRate ? o.RatePerSecond : o.MeanRate(from, to);

    /// <summary>The populations at 1× in words, e.g. "browsers 400 users, api 20/s" (open: the mean rate of <see cref="OfferedRate"/>).</summary>
    /// <param name="scenario">A scenario with <see cref="LoadSpec.Populations"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="scenario"/> has no populations.</exception>
    public static string Describe(StackScenario scenario)
    {
        Check(scenario, 1);
        double from = scenario.Run.WarmupSeconds ?? 0, to = from + scenario.Run.DurationSeconds;
        return string.Join(", ", scenario.Load.Populations!.Select(p => p.Closed is { } c
            ? string.Create(CultureInfo.InvariantCulture, $"{p.Name} {c.Users} users")
            : $"{p.Name} {Rate(MeanRate(p.Open!, from, to))}/s"));
    }

    // "20", "0.5", "12.35", "1235": as written, four significant digits, whole from 1,000.
    private static string Rate(double v) => v.ToString(v >= 1000 ? "F0" : "G4", CultureInfo.InvariantCulture);
}
