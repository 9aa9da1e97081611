using System.Globalization;

namespace Sim.Units;

/// <summary>
/// Parses and formats quantities written with units, as they appear in scenario files:
/// durations (<c>"5ms"</c>), sizes (<c>"500KB"</c>), rates (<c>"200/s"</c>) and bit rates (<c>"20Mbit/s"</c>).
/// </summary>
/// <remarks>
/// <para>Grammar: optional white space, a decimal number in invariant culture (digits, optional
/// fraction, optional exponent, e.g. <c>4.5</c>, <c>1e3</c>), optional white space, a unit. Units are
/// case-sensitive and must be one of those listed on each method. A bare <c>0</c> is accepted without a
/// unit (zero is zero in every unit); any other bare number is an error, because a missing unit is the
/// commonest scenario mistake.</para>
/// <para>Rejected: empty text, negative values, <c>NaN</c>, <c>Infinity</c>, values that overflow a
/// <see cref="double"/>, unknown units. The <c>TryParse…</c> methods never throw on bad text; they
/// return <see langword="false"/> and a one-line reason suitable for a <see cref="Validation.ValidationError"/>.</para>
/// <para>Thread safe: the type is stateless.</para>
/// </remarks>
public static class Quantity
{
    private readonly record struct UnitDef(string Name, double Multiplier, double Divisor);

    // Parsing computes number * Multiplier / Divisor so that "5ms" is exactly 5 / 1000.
    private static readonly UnitDef[] DurationUnits =
    [
        new("ns", 1, 1e9), new("us", 1, 1e6), new("µs", 1, 1e6), new("μs", 1, 1e6),
        new("ms", 1, 1e3), new("s", 1, 1), new("m", 60, 1), new("min", 60, 1), new("h", 3600, 1),
    ];

    private static readonly UnitDef[] ByteUnits =
    [
        new("B", 1, 1), new("kB", 1e3, 1), new("KB", 1e3, 1), new("MB", 1e6, 1), new("GB", 1e9, 1), new("TB", 1e12, 1),
        new("KiB", 1024, 1), new("MiB", 1024.0 * 1024, 1), new("GiB", 1024.0 * 1024 * 1024, 1),
        new("TiB", 1024.0 * 1024 * 1024 * 1024, 1),
    ];

    private static readonly UnitDef[] RateUnits =
    [
        new("/s", 1, 1), new("/ms", 1000, 1), new("/min", 1, 60), new("/m", 1, 60), new("/h", 1, 3600), new("rps", 1, 1),
    ];

    private static readonly UnitDef[] BitRateUnits =
    [
        new("bit/s", 1, 1), new("bps", 1, 1),
        new("kbit/s", 1e3, 1), new("Kbit/s", 1e3, 1), new("kbps", 1e3, 1), new("Kbps", 1e3, 1),
        new("Mbit/s", 1e6, 1), new("Mbps", 1e6, 1), new("Gbit/s", 1e9, 1), new("Gbps", 1e9, 1),
    ];

    private const string DurationUnitList = "ns, us (or µs), ms, s, m (or min), h";
    private const string ByteUnitList = "B, kB/KB, MB, GB, TB (1000-based), KiB, MiB, GiB, TiB (1024-based)";
    private const string RateUnitList = "/s, /ms, /min (or /m), /h, rps";
    private const string BitRateUnitList = "bit/s, kbit/s, Mbit/s, Gbit/s (or bps, kbps, Mbps, Gbps; 1000-based)";

    /// <summary>Parses a duration such as <c>"5ms"</c>, <c>"4.5s"</c>, <c>"1.5 min"</c> or <c>"0"</c>.</summary>
    /// <param name="text">The text; units <c>ns</c>, <c>us</c>/<c>µs</c>, <c>ms</c>, <c>s</c>, <c>m</c>/<c>min</c>, <c>h</c>.</param>
    /// <param name="seconds">The duration in seconds, range [0, ∞) and finite; 0 when parsing fails.</param>
    /// <param name="error">Why parsing failed; empty on success.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a valid non-negative duration.</returns>
    public static bool TryParseDuration(string? text, out double seconds, out string error) =>
        TryParse(text, DurationUnits, DurationUnitList, "\"5ms\"", allowNegative: false, out seconds, out error);

    /// <summary>As <see cref="TryParseDuration"/>, but also accepts a leading minus sign (e.g. a truncated normal's location).</summary>
    internal static bool TryParseSignedDuration(string? text, out double seconds, out string error) =>
        TryParse(text, DurationUnits, DurationUnitList, "\"5ms\"", allowNegative: true, out seconds, out error);

    /// <summary>As <see cref="TryParseBytes"/>, but also accepts a leading minus sign.</summary>
    internal static bool TryParseSignedBytes(string? text, out double bytes, out string error) =>
        TryParse(text, ByteUnits, ByteUnitList, "\"500KB\"", allowNegative: true, out bytes, out error);

    /// <summary>
    /// Parses a size such as <c>"500KB"</c>, <c>"1.5MB"</c> or <c>"2MiB"</c>. <c>kB</c>/<c>KB</c>, <c>MB</c>, <c>GB</c>,
    /// <c>TB</c> are decimal (1000-based: 1 KB = 1000 B); <c>KiB</c>, <c>MiB</c>, <c>GiB</c>, <c>TiB</c> are binary
    /// (1024-based: 1 KiB = 1024 B).
    /// </summary>
    /// <param name="text">The text, with unit <c>B</c>, <c>kB</c>, <c>KB</c>, <c>MB</c>, <c>GB</c>, <c>TB</c>, <c>KiB</c>, <c>MiB</c>, <c>GiB</c> or <c>TiB</c>.</param>
    /// <param name="bytes">The size in bytes, range [0, ∞) and finite; 0 when parsing fails.</param>
    /// <param name="error">Why parsing failed; empty on success.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a valid non-negative size.</returns>
    public static bool TryParseBytes(string? text, out double bytes, out string error) =>
        TryParse(text, ByteUnits, ByteUnitList, "\"500KB\"", allowNegative: false, out bytes, out error);

    /// <summary>Parses an event rate such as <c>"200/s"</c>, <c>"12/min"</c> or <c>"5 rps"</c> (requests per second).</summary>
    /// <param name="text">The text, with unit <c>/s</c>, <c>/ms</c>, <c>/min</c> (or <c>/m</c>), <c>/h</c> or <c>rps</c>.</param>
    /// <param name="perSecond">The rate in events per second, range [0, ∞) and finite; 0 when parsing fails.</param>
    /// <param name="error">Why parsing failed; empty on success.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a valid non-negative rate.</returns>
    public static bool TryParseRate(string? text, out double perSecond, out string error) =>
        TryParse(text, RateUnits, RateUnitList, "\"200/s\"", allowNegative: false, out perSecond, out error);

    /// <summary>Parses a bit rate (bandwidth) such as <c>"20Mbit/s"</c>, <c>"1Gbit/s"</c> or <c>"100kbit/s"</c>; prefixes are decimal (1 kbit = 1000 bit).</summary>
    /// <param name="text">The text, with unit <c>bit/s</c>, <c>kbit/s</c>, <c>Mbit/s</c>, <c>Gbit/s</c> or <c>bps</c>, <c>kbps</c>, <c>Mbps</c>, <c>Gbps</c>.</param>
    /// <param name="bitsPerSecond">The rate in bits per second, range [0, ∞) and finite; 0 when parsing fails.</param>
    /// <param name="error">Why parsing failed; empty on success.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a valid non-negative bit rate.</returns>
    public static bool TryParseBitRate(string? text, out double bitsPerSecond, out string error) =>
        TryParse(text, BitRateUnits, BitRateUnitList, "\"20Mbit/s\"", allowNegative: false, out bitsPerSecond, out error);

    /// <summary>
    /// Formats a duration in its shortest readable unit: <c>"5ms"</c>, <c>"1.2s"</c>, <c>"250us"</c>, <c>"1.5min"</c>.
    /// The text parses back (with <see cref="TryParseDuration"/>) to exactly the same <see cref="double"/>; when the
    /// readable unit cannot guarantee that, the value is written in seconds with all needed digits.
    /// </summary>
    /// <param name="seconds">The duration in seconds; any finite value (negative values get a leading minus).</param>
    /// <returns>The formatted duration; <c>"0"</c> for zero.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="seconds"/> is NaN or infinite.</exception>
    public static string FormatDuration(double seconds)
    {
        double a = Math.Abs(seconds);
        UnitDef unit =
            a < 1e-6 ? DurationUnits[0] :
            a < 1e-3 ? DurationUnits[1] :
            a < 1 ? DurationUnits[4] :
            a < 60 ? DurationUnits[5] :
            a < 3600 ? DurationUnits[7] : DurationUnits[8];
        return Format(seconds, unit, DurationUnits[5], nameof(seconds));
    }

    /// <summary>
    /// Formats a size in its shortest readable decimal unit: <c>"512B"</c>, <c>"150KB"</c>, <c>"1.5MB"</c>. The text parses
    /// back (with <see cref="TryParseBytes"/>) to exactly the same <see cref="double"/>; otherwise it is written in bytes.
    /// </summary>
    /// <param name="bytes">The size in bytes; any finite value.</param>
    /// <returns>The formatted size; <c>"0"</c> for zero.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bytes"/> is NaN or infinite.</exception>
    public static string FormatBytes(double bytes)
    {
        double a = Math.Abs(bytes);
        UnitDef unit =
            a < 1e3 ? ByteUnits[0] :
            a < 1e6 ? ByteUnits[2] :
            a < 1e9 ? ByteUnits[3] :
            a < 1e12 ? ByteUnits[4] : ByteUnits[5];
        return Format(bytes, unit, ByteUnits[0], nameof(bytes));
    }

    private static string Format(double value, UnitDef readable, UnitDef exact, string paramName)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(paramName, value, "Only finite values can be formatted.");
        }
        if (value == 0) return "0";
        string text = Number(value * readable.Divisor / readable.Multiplier) + readable.Name;
        if (TryParse(text, [readable], readable.Name, "", allowNegative: true, out double back, out _) && back == value)
        {
            return text;
        }
        return Number(value * exact.Divisor / exact.Multiplier) + exact.Name;
    }

    private static string Number(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    private static bool TryParse(
        string? text, UnitDef[] units, string unitList, string example, bool allowNegative,
        out double value, out string error)
    {
        value = 0;
        string s = (text ?? "").Trim();
        if (s.Length == 0)
        {
            error = $"empty; write a number with a unit, e.g. {example}";
            return false;
        }

        int end = NumberEnd(s);
        string numberText = s[..end];
        string unitText = s[end..].Trim();
        if (end == 0 || !double.TryParse(numberText, NumberStyles.Float, CultureInfo.InvariantCulture, out double number))
        {
            error = $"not a number; write a number with a unit, e.g. {example}";
            return false;
        }
        if (!double.IsFinite(number))
        {
            error = $"too large; must be finite";
            return false;
        }
        if (number < 0 && !allowNegative)
        {
            error = "must not be negative";
            return false;
        }
        if (unitText.Length == 0)
        {
            if (number == 0)
            {
                error = "";
                return true;
            }
            error = $"missing unit; write e.g. {example} (units: {unitList})";
            return false;
        }
        foreach (UnitDef u in units)
        {
            if (string.Equals(u.Name, unitText, StringComparison.Ordinal))
            {
                value = number * u.Multiplier / u.Divisor;
                if (!double.IsFinite(value))
                {
                    value = 0;
                    error = "too large; must be finite";
                    return false;
                }
                error = "";
                return true;
            }
        }
        error = $"unknown unit '{unitText}'; use one of {unitList}";
        return false;
    }

    // End of the leading decimal number: sign, digits, '.', and an exponent only when digits follow it.
    private static int NumberEnd(string s)
    {
        int i = 0;
        if (i < s.Length && (s[i] == '-' || s[i] == '+')) i++;
        while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            int j = i + 1;
            if (j < s.Length && (s[j] == '-' || s[j] == '+')) j++;
            if (j < s.Length && char.IsAsciiDigit(s[j]))
            {
                while (j < s.Length && char.IsAsciiDigit(s[j])) j++;
                i = j;
            }
        }
        return i;
    }
}
