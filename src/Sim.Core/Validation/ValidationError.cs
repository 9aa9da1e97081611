namespace Sim.Validation;

/// <summary>
/// One problem found in user input (a scenario file, a <c>--set</c> override): where it is, what was
/// written, and what would have been accepted. Validators collect these instead of throwing, so that
/// every problem is reported in one pass.
/// </summary>
/// <param name="Path">JSON path of the offending value, e.g. <c>$.stations.db.queryTime.lognormal.p95</c>.</param>
/// <param name="Value">The value as written (raw JSON text), or <c>(missing)</c> when a required value is absent.</param>
/// <param name="Allowed">What is allowed instead, in words, e.g. <c>a duration &gt; 0 with a unit, e.g. "5ms"</c>.</param>
public sealed record ValidationError(string Path, string Value, string Allowed)
{
    /// <summary>Longest value shown by <see cref="ToString"/>; longer values (whole objects) are cut with "…".</summary>
    public const int MaxShownValueLength = 120;

    /// <summary>Human-readable form: <c>{Path}: {Value} — {Allowed}</c>, the value cut to <see cref="MaxShownValueLength"/> characters.</summary>
    /// <returns>One line, suitable for a console or a log.</returns>
    public override string ToString() =>
        $"{Path}: {(Value.Length > MaxShownValueLength ? Value[..(MaxShownValueLength - 1)] + "…" : Value)} — {Allowed}";
}
