using System.Globalization;

namespace Sim.Cli;

/// <summary>How the tool prints numbers in tables: about three significant digits, "—" for a missing value.</summary>
internal static class CliFormat
{
    /// <summary>
    /// The load of a run's header: "500 users", "50 req/s offered", or for a rate profile its time average over the
    /// observed window (warm-up to warm-up + duration) with its peak — never the 0 a profile's unused constant rate holds.
    /// </summary>
    public static string Load(Sim.Scenarios.StackScenario s, double warmupSeconds) => s.Load.Closed is { } c
        ? $"{c.Users} users"
        : s.Load.Open!.Profile.Count == 0
            ? $"{Number(s.Load.Open.RatePerSecond)} req/s offered"
            : $"{Number(OfferedRate(s, warmupSeconds))} req/s offered on average over the window (rate profile, peak {Number(s.Load.Open.PeakRatePerSecond)} req/s)";

    /// <summary>An open load's time-average rate over the observed window, requests/s.</summary>
    public static double OfferedRate(Sim.Scenarios.StackScenario s, double warmupSeconds) => s.Load.Open!.MeanRate(warmupSeconds, warmupSeconds + s.Run.DurationSeconds);

    /// <summary>"users", or "offeredRatePerSecond" (the window's time average) and, for a rate profile, "offeredPeakRatePerSecond".</summary>
    public static void WriteLoad(System.Text.Json.Utf8JsonWriter w, Sim.Scenarios.StackScenario s, double warmupSeconds)
    {
        if (s.Load.Closed is { } closed)
        {
            w.WriteNumber("users", closed.Users);
            return;
        }
        w.WriteNumber("offeredRatePerSecond", OfferedRate(s, warmupSeconds));
        if (s.Load.Open!.Profile.Count > 0) w.WriteNumber("offeredPeakRatePerSecond", s.Load.Open.PeakRatePerSecond);
    }

    /// <summary>The legend under every table of means with 95 % intervals across replications.</summary>
    public const string IntervalNote = "Percentile intervals include the histogram's 0.5 % resolution.";

    /// <summary>
    /// A number for a table cell: whole numbers from 100, one decimal from 10, else three significant digits —
    /// written out in decimals down to 10⁻⁶ (a near-empty backlog reads "0.0000238 ± 0.000024", not "2.38E-05 ±
    /// 2.4E-05"), in E notation only below that; "∞" for an infinity, "—" for NaN.
    /// </summary>
    public static string Number(double v) => Sim.Stack.StackMetrics.FormatNumber(v);
}
