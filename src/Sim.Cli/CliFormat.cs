using System.Globalization;

namespace Sim.Cli;

/// <summary>How the tool prints numbers in tables: about three significant digits, "—" for a missing value.</summary>
internal static class CliFormat
{
    /// <summary>The legend under every table of means with 95 % intervals across replications.</summary>
    public const string IntervalNote = "Percentile intervals include the histogram's 0.5 % resolution.";

    public static string Number(double v) =>
        double.IsNaN(v) ? "—" : v.ToString(Math.Abs(v) >= 100 ? "F0" : Math.Abs(v) >= 10 ? "F1" : "G3", CultureInfo.InvariantCulture);
}
