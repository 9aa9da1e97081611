using System.Globalization;

namespace Sim.Cli;

/// <summary>How the tool prints numbers in tables: about three significant digits, "—" for a missing value.</summary>
internal static class CliFormat
{
    public static string Number(double v) =>
        double.IsNaN(v) ? "—" : v.ToString(Math.Abs(v) >= 100 ? "F0" : Math.Abs(v) >= 10 ? "F1" : "G3", CultureInfo.InvariantCulture);
}
