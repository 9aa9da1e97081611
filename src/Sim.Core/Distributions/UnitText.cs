using System.Globalization;
using Sim.Units;

namespace Sim.Distributions;

/// <summary>Writes a parameter value in a <see cref="DistributionUnit"/> (durations, sizes or plain numbers).</summary>
internal static class UnitText
{
    public static string Format(double value, DistributionUnit unit) => unit switch
    {
        DistributionUnit.Seconds => Quantity.FormatDuration(value),
        DistributionUnit.Bytes => Quantity.FormatBytes(value),
        _ => Number(value),
    };

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
