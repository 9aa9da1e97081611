using System.Globalization;
using Sim.Scenarios;
using Sim.Stack;

namespace Sim.Cli;

/// <summary>The analytic estimate as a sanity check on a simulation: relative gaps and the warning when they are wild.</summary>
internal static class AnalyticCheck
{
    /// <summary>Relative gap beyond which the two are said to disagree (30 %).</summary>
    public const double Threshold = 0.30;

    /// <summary>The estimate, or null when the formulas cannot be applied to this scenario.</summary>
    public static StackEstimate? TryEstimate(StackScenario scenario)
    {
        try
        {
            return StackAnalytic.Estimate(scenario);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>(analytic − simulated) / simulated; NaN when either is missing or the simulated value is 0.</summary>
    public static double Gap(double analytic, double simulated) =>
        double.IsFinite(analytic) && double.IsFinite(simulated) && simulated != 0 ? (analytic - simulated) / Math.Abs(simulated) : double.NaN;

    /// <summary>"+4.2 %", or "—".</summary>
    public static string Percent(double gap) =>
        double.IsNaN(gap) ? "—" : (gap >= 0 ? "+" : "") + (gap * 100).ToString(Math.Abs(gap) >= 0.1 ? "F0" : "F1", CultureInfo.InvariantCulture) + " %";

    /// <summary>
    /// One line per metric (throughput; mean latency too when <paramref name="latency"/>) whose gap exceeds
    /// <see cref="Threshold"/>, and one when a rate profile exceeds the capacity only at its peak; none for an unstable simulation.
    /// </summary>
    public static List<string> Warnings(StackEstimate? estimate, StackSummary summary, bool latency)
    {
        var warnings = new List<string>();
        if (estimate is null || summary.Unstable) return warnings;
        void Check(string what, double analytic, double simulated, string unit)
        {
            double gap = Gap(analytic, simulated);
            if (Math.Abs(gap) > Threshold || (double.IsInfinity(analytic) && double.IsFinite(simulated)))
                warnings.Add($"analytic and simulated {what} disagree: {CliFormat.Number(analytic)} vs {CliFormat.Number(simulated)} {unit} ({Percent(gap)}, more than {Threshold:P0}); "
                    + "check the scenario or the model — 'sim analyze' shows both and what the formulas ignore.");
        }
        // A rate profile is estimated at its time average over the window; a burst above the capacity is said as such.
        if (!estimate.Unstable && estimate.PeakRatePerSecond > estimate.CapacityPerSecond)
            warnings.Add($"at its peak the rate profile offers {CliFormat.Number(estimate.PeakRatePerSecond)} req/s, above the capacity of ~{CliFormat.Number(estimate.CapacityPerSecond)} req/s "
                + "(its time average over the window is within it): requests queue during the peak and drain after it.");
                Check("throughput", estimate.ThroughputPerSecond, summary["throughputPerSecond"].Mean, "req/s");
        if (latency) Check("mean latency", estimate.LatencyMeanSeconds * 1000, summary["latencyMs.mean"].Mean, "ms");
        return warnings;
    }
}
