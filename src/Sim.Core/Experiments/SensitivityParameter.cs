namespace Sim.Experiments;

/// <summary>
/// One scenario parameter a <see cref="SensitivityStudy"/> varies: its path (as for <c>--set</c>), its value in the
/// configuration studied and the two values either side of it. Immutable.
/// </summary>
/// <param name="Path">The dotted path, e.g. <c>dbConnections.connectTime</c> or <c>classes.page.steps[4].cpu</c>.</param>
/// <param name="Unit">
/// What the values measure: <c>s</c> (a duration), <c>B</c> (a size), <c>/s</c> (a rate), <c>bit/s</c> (a bandwidth),
/// <c>count</c> (a whole number), <c>ratio</c> (a share in [0, 1]) or an empty string (a plain number such as a weight).
/// </param>
/// <param name="IsDistribution">
/// The field is a distribution: the values are its means, and low and high scale every value of it that carries a unit
/// (the mean moves by the delta, the coefficient of variation stays).
/// </param>
/// <param name="BaseValue">The value in the configuration studied, in SI units (seconds, bytes, per second, bits per second); the mean for a distribution.</param>
/// <param name="LowValue">The value of the low run: base × (1 − delta), rounded for a count and clamped to the field's range.</param>
/// <param name="HighValue">The value of the high run: base × (1 + delta), rounded and clamped likewise.</param>
/// <param name="LowOverride">The override that makes the low run, <c>path=value</c> as <c>--set</c> takes it.</param>
/// <param name="HighOverride">The override that makes the high run.</param>
public sealed record SensitivityParameter(string Path, string Unit, bool IsDistribution, double BaseValue, double LowValue, double HighValue,
    string LowOverride, string HighOverride)
{
    /// <summary>
    /// A value of this parameter for tables and charts, with a readable unit and three significant digits: "16 ms", "1.2 s",
    /// "1 MB", "45 Mbit/s", "35 %", "8"; a distribution's mean is prefixed "mean ". Invariant culture.
    /// </summary>
    /// <param name="value">A value in the units of <see cref="Unit"/>, e.g. <see cref="BaseValue"/>.</param>
    public string Format(double value)
    {
        static string G(double x) => x.ToString(Math.Abs(x) >= 1000 ? "#,##0" : "0.##", System.Globalization.CultureInfo.InvariantCulture);
        static string Sig(double x) => G(double.Parse(x.ToString("G3", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture));
        string text = Unit switch
        {
            "s" => Math.Abs(value) >= 1 ? Sig(value) + " s" : Math.Abs(value) >= 1e-3 ? Sig(value * 1e3) + " ms" : Sig(value * 1e6) + " µs",
            "B" => Math.Abs(value) >= 1e9 ? Sig(value / 1e9) + " GB" : Math.Abs(value) >= 1e6 ? Sig(value / 1e6) + " MB" : Math.Abs(value) >= 1e3 ? Sig(value / 1e3) + " KB" : Sig(value) + " B",
            "bit/s" => Math.Abs(value) >= 1e9 ? Sig(value / 1e9) + " Gbit/s" : Math.Abs(value) >= 1e6 ? Sig(value / 1e6) + " Mbit/s" : Sig(value / 1e3) + " kbit/s",
            "/s" => Sig(value) + "/s",
            "ratio" => Sig(value * 100) + " %",
            "count" => G(Math.Round(value)),
            _ => value.ToString("G3", System.Globalization.CultureInfo.InvariantCulture),
        };
        return IsDistribution ? "mean " + text : text;
    }
}
