using System.Globalization;

namespace Sim.Stack;

/// <summary>
/// One latency clause of a service-level objective: the latency at <paramref name="Quantile"/> must be at most
/// <paramref name="Limit"/>. A scenario's <see cref="Scenarios.SloSpec"/> holds one; <see cref="SloVerdict.Judge(Scenarios.SloSpec, IReadOnlyList{StackReplicationResult}, IReadOnlyList{LatencyObjective})"/>
/// judges further ones beside it (e.g. <c>p95 ≤ 500 ms and p99 ≤ 2 s</c>). Immutable.
/// </summary>
/// <param name="Quantile">Quantile in (0, 1), e.g. 0.99.</param>
/// <param name="Limit">Maximum latency at that quantile, seconds, &gt; 0.</param>
public sealed record LatencyObjective(double Quantile, double Limit)
{
    /// <summary>The quantile's name, "p95", "p99.9", "p99.99999999999": with every digit it was given, never rounded up to "p100".</summary>
    public string Name => QuantileName(Quantile);

    /// <summary>A quantile in (0, 1) as a percentile name: "p" and 100 × <paramref name="quantile"/> with up to 15 significant digits (17 when fewer would read 100).</summary>
    /// <param name="quantile">Quantile, in (0, 1).</param>
    public static string QuantileName(double quantile)
    {
        double percent = quantile * 100;
        string text = percent.ToString("G15", CultureInfo.InvariantCulture);
        if (percent < 100 && text == "100") text = percent.ToString("G17", CultureInfo.InvariantCulture);
        return "p" + text;
    }
}
