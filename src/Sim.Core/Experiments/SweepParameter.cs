using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Sim.Experiments;

/// <summary>
/// One axis of a sweep: a scenario field (a dotted path, as for <c>--set</c>) and the values it takes, in order.
/// Immutable.
/// </summary>
/// <param name="Path">The dotted path, e.g. <c>workers.count</c> or <c>load.closed.users</c>.</param>
/// <param name="Values">The values as override texts (JSON when they parse as JSON, else a string such as <c>600s</c>), at least one.</param>
public sealed partial record SweepParameter(string Path, IReadOnlyList<string> Values)
{
    /// <summary>Short names for the paths swept most often: <c>users</c>, <c>workers</c>, <c>servers</c>.</summary>
    public static IReadOnlyDictionary<string, string> Aliases { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["users"] = "load.closed.users",
        ["workers"] = "workers.count",
        ["servers"] = "loadBalancer.servers",
    };

    private const string Allowed = "path=a..b[:step] (numbers with an optional unit, e.g. workers.count=2..16, load.closed.users=100..400:100, "
        + "dbConnections.connMaxAge=0s..600s:300s) or path=v1,v2,v3";

    /// <summary>
    /// Reads <c>path=a..b[:step]</c> (a ≤ b, step &gt; 0, default 1; a, b and step may share a unit suffix such as <c>s</c> or
    /// <c>/s</c>) or <c>path=v1,v2,…</c>. The path may be an alias from <see cref="Aliases"/>. Whether the path exists in a
    /// scenario is checked when the scenario is loaded, not here.
    /// </summary>
    /// <param name="text">The option's value.</param>
    /// <param name="parameter">The parameter, when the text is valid.</param>
    /// <param name="error">Otherwise what is wrong and what is allowed.</param>
    /// <returns>True when the text is valid.</returns>
    public static bool TryParse(string text, [NotNullWhen(true)] out SweepParameter? parameter, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        parameter = null;
        int eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0 || eq == text.Length - 1)
        {
            error = $"'{text}' is not valid — expected {Allowed}";
            return false;
        }
        string path = text[..eq].Trim(), spec = text[(eq + 1)..].Trim();
        if (Aliases.TryGetValue(path, out string? full)) path = full;
        List<string> values;
        int dots = spec.IndexOf("..", StringComparison.Ordinal);
        if (dots >= 0)
        {
            if (!TryRange(spec[..dots], spec[(dots + 2)..], out values, out string why))
            {
                error = $"'{text}' is not valid — {why}; expected {Allowed}";
                return false;
            }
        }
        else
        {
            values = [.. spec.Split(',').Select(v => v.Trim())];
            if (values.Any(v => v.Length == 0))
            {
                error = $"'{text}' is not valid — an empty value in the list; expected {Allowed}";
                return false;
            }
        }
        parameter = new SweepParameter(path, values);
        error = "";
        return true;
    }

    private static bool TryRange(string fromText, string rest, out List<string> values, out string why)
    {
        values = [];
        int colon = rest.LastIndexOf(':');
        string toText = colon < 0 ? rest : rest[..colon];
        string? stepText = colon < 0 ? null : rest[(colon + 1)..];
        if (!TryNumber(fromText, out decimal from, out string unit)) { why = $"the start '{fromText.Trim()}' is not a number (with an optional unit)"; return false; }
        if (!TryNumber(toText, out decimal to, out string toUnit)) { why = $"the end '{toText.Trim()}' is not a number (with an optional unit)"; return false; }
        if (toUnit != unit) { why = $"the start and end have different units ('{unit}' and '{toUnit}')"; return false; }
        decimal step = 1;
        if (stepText is not null)
        {
            if (!TryNumber(stepText, out step, out string stepUnit)) { why = $"the step '{stepText.Trim()}' is not a number (with an optional unit)"; return false; }
            if (stepUnit.Length > 0 && stepUnit != unit) { why = $"the step's unit '{stepUnit}' differs from the range's '{unit}'"; return false; }
        }
        if (step <= 0) { why = $"the step {Format(step)} must be > 0"; return false; }
        if (to < from) { why = $"the end {Format(to)} is below the start {Format(from)}; write a..b with a ≤ b"; return false; }
        decimal count = decimal.Floor((to - from) / step) + 1;
        if (count > SweepGrid.MaxPoints) { why = $"{count:0} values, more than the {SweepGrid.MaxPoints} points a sweep allows"; return false; }
        for (int k = 0; k < (int)count; k++) values.Add(Format(from + k * step) + unit);
        why = "";
        return true;
    }

    private static bool TryNumber(string text, out decimal value, out string unit)
    {
        value = 0;
        unit = "";
        Match m = NumberWithUnit().Match(text.Trim());
        if (!m.Success || !decimal.TryParse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return false;
        unit = m.Groups[2].Value;
        return true;
    }

    private static string Format(decimal v) => v.ToString("0.############################", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)([^\d.+-][^,]*)?$")]
    private static partial Regex NumberWithUnit();
}
