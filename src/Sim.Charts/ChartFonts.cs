namespace Sim.Charts;

/// <summary>
/// Font checks for chart rendering. ScottPlot draws charts without any text — and without an
/// error — on a machine with no fonts; Sim refuses to do that silently.
/// </summary>
public static class ChartFonts
{
    /// <summary>The sans-serif family Sim's charts use when the machine has it.</summary>
    public const string PreferredSans = "DejaVu Sans";

    /// <summary>
    /// The font family charts should use: <see cref="PreferredSans"/> when installed, else ScottPlot's
    /// default. Throws when the machine has no usable font at all.
    /// </summary>
    /// <exception cref="InvalidOperationException">No fonts are installed (on Debian/Ubuntu: <c>apt-get install fonts-dejavu-core</c>).</exception>
    public static string Resolve()
    {
        var typeface = SkiaSharp.SKTypeface.FromFamilyName(PreferredSans);
        if (typeface is not null && string.Equals(typeface.FamilyName, PreferredSans, StringComparison.OrdinalIgnoreCase))
            return PreferredSans;
        string fallback = ScottPlot.Fonts.Default;
        if (string.IsNullOrEmpty(fallback) || SkiaSharp.SKFontManager.Default.FontFamilyCount == 0)
            throw new InvalidOperationException("No fonts are installed, so chart text would be missing. On Debian/Ubuntu: apt-get install fonts-dejavu-core.");
        return fallback;
    }
}
