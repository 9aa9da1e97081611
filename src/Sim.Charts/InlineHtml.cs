using System.Net;
using System.Text;
using ScottPlot;
using Sim.Stack;
using static Sim.Charts.ChartStyle;

namespace Sim.Charts;

/// <summary>
/// HTML fragments for showing charts and results inline in a notebook (Polyglot / .NET Interactive,
/// Jupyter) without boilerplate: a <see cref="Plot"/> as an <c>&lt;img&gt;</c> with the PNG embedded as
/// base64, and results as HTML tables. Plain strings, so this assembly does not depend on any notebook
/// kernel; in a notebook, register them once:
/// <code>
/// Formatter.Register&lt;ScottPlot.Plot&gt;((plot, writer) =&gt; writer.Write(plot.ToInlineHtml()), "text/html");
/// Formatter.Register&lt;StackSummary&gt;((summary, writer) =&gt; writer.Write(summary.ToInlineHtml()), "text/html");
/// </code>
/// or wrap a fragment with <c>display(HTML(…))</c>. Every cell's text is HTML-encoded; numbers use
/// three significant digits in the invariant culture. Stateless and thread-safe as long as each
/// <see cref="Plot"/> is used by one thread.
/// </summary>
public static class InlineHtml
{
    /// <summary>Default inline image width, pixels.</summary>
    public const int DefaultWidth = 900;

    /// <summary>Default inline image height, pixels.</summary>
    public const int DefaultHeight = 500;

    /// <summary>
    /// The metrics <see cref="Summaries"/> shows when none are named: throughput, latency (mean, p50, p95,
    /// p99), errors, workers and backlog, database connections, cache hits, CPU, memory, bandwidth and the
    /// bottleneck's capacity — the rows of <c>sim phases</c> (<see cref="StackMetrics.Headline"/>).
    /// </summary>
    public static IReadOnlyList<string> DefaultMetrics { get; } = [.. StackMetrics.Headline.Select(m => m.Name)];

    /// <summary>
    /// <paramref name="plot"/> rendered as PNG and embedded in an <c>&lt;img src="data:image/png;base64,…"&gt;</c>
    /// element that carries its size in pixels.
    /// </summary>
    /// <param name="plot">The chart.</param>
    /// <param name="width">Width, pixels, ≥ 1; default <see cref="DefaultWidth"/>.</param>
    /// <param name="height">Height, pixels, ≥ 1; default <see cref="DefaultHeight"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="plot"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public static string ToInlineHtml(this Plot plot, int width = DefaultWidth, int height = DefaultHeight)
    {
        byte[] png = ChartExport.GetPngBytes(plot, width, height);
        return $"<img width=\"{width}\" height=\"{height}\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\" />";
    }

    /// <summary>One configuration's summary as a two-column table (metric, mean ± 95 % CI); see <see cref="Summaries"/>.</summary>
    /// <param name="summary">The summary.</param>
    /// <param name="metrics">Metric names (see <c>StackMetrics.All</c>); default <see cref="DefaultMetrics"/>.</param>
    /// <exception cref="KeyNotFoundException">A named metric does not exist.</exception>
    public static string ToInlineHtml(this StackSummary summary, IReadOnlyList<string>? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return Summaries([("mean ± 95 % CI", summary)], metrics);
    }

    /// <summary>
    /// Configurations side by side: one row per metric (its label, with unit), one column per configuration,
    /// each cell "mean ± 95 % half-width" ("mean" alone when the half-width is 0, "—" when the metric does
    /// not apply). Below the metrics: a row with the bottleneck of each configuration, and its diagnosis
    /// when a run was unstable.
    /// </summary>
    /// <param name="phases">Configurations in column order, each with a name; at least one.</param>
    /// <param name="metrics">Metric names (see <c>StackMetrics.All</c>); default <see cref="DefaultMetrics"/>.</param>
    /// <exception cref="ArgumentException">No configurations.</exception>
    /// <exception cref="KeyNotFoundException">A named metric does not exist.</exception>
    public static string Summaries(IReadOnlyList<(string Phase, StackSummary Summary)> phases, IReadOnlyList<string>? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(phases);
        if (phases.Count == 0) throw new ArgumentException("At least one configuration is needed.", nameof(phases));
        metrics ??= DefaultMetrics;
        var header = new List<string> { "metric" };
        header.AddRange(phases.Select(p => p.Phase));
        var rows = new List<IReadOnlyList<string>>();
        foreach (string name in metrics)
        {
            var row = new List<string> { StackMetrics.Get(name).Label };
            row.AddRange(phases.Select(p => Cell(p.Summary[name].Mean, p.Summary[name].Ci95, signed: false)));
            rows.Add(row);
        }
        var bottleneck = new List<string> { "Bottleneck" };
        bottleneck.AddRange(phases.Select(p => p.Summary.Unstable ? $"{p.Summary.Bottleneck} ({p.Summary.Diagnosis})" : p.Summary.Bottleneck));
        rows.Add(bottleneck);
        return Table(header, rows);
    }

    /// <summary>
    /// Changes between configurations (after − before), one row per metric and one column per comparison,
    /// each cell "+difference ± paired 95 % half-width" from <see cref="PhaseDifference"/>; "—" where a
    /// comparison lacks the metric or has no pairs.
    /// </summary>
    /// <param name="comparisons">Comparisons in column order, each with a name (e.g. the later phase) and its differences; at least one.</param>
    /// <exception cref="ArgumentException">No comparisons.</exception>
    public static string Changes(IReadOnlyList<(string Phase, IReadOnlyList<PhaseDifference> Differences)> comparisons)
    {
        ArgumentNullException.ThrowIfNull(comparisons);
        if (comparisons.Count == 0) throw new ArgumentException("At least one comparison is needed.", nameof(comparisons));
        var names = comparisons.SelectMany(c => c.Differences.Select(d => d.Metric)).Distinct(StringComparer.Ordinal).ToArray();
        var header = new List<string> { "change (paired 95 % CI)" };
        header.AddRange(comparisons.Select(c => c.Phase));
        var rows = new List<IReadOnlyList<string>>();
        foreach (string name in names)
        {
            var row = new List<string> { StackMetrics.Get(name).Label };
            foreach ((_, IReadOnlyList<PhaseDifference> differences) in comparisons)
            {
                PhaseDifference? d = differences.FirstOrDefault(x => x.Metric == name);
                row.Add(d is null || d.Replications == 0 ? "—" : Cell(d.Difference, d.PairedCi95, signed: true));
            }
            rows.Add(row);
        }
        return Table(header, rows);
    }

    /// <summary>
    /// Any rows as an HTML table: the first column left-aligned (labels), the others right-aligned
    /// (numbers). Every cell is HTML-encoded; a short row is padded with empty cells.
    /// </summary>
    /// <param name="header">Column headings.</param>
    /// <param name="rows">Rows of cell texts.</param>
    public static string Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        var sb = new StringBuilder("<table>\n<thead><tr>");
        for (int i = 0; i < header.Count; i++)
            sb.Append(i == 0 ? "<th style=\"text-align:left\">" : "<th style=\"text-align:right\">").Append(WebUtility.HtmlEncode(header[i])).Append("</th>");
        sb.Append("</tr></thead>\n<tbody>\n");
        foreach (IReadOnlyList<string> row in rows)
        {
            ArgumentNullException.ThrowIfNull(row, nameof(rows));
            sb.Append("<tr>");
            for (int i = 0; i < Math.Max(header.Count, row.Count); i++)
                sb.Append(i == 0 ? "<td style=\"text-align:left\">" : "<td style=\"text-align:right\">")
                  .Append(WebUtility.HtmlEncode(i < row.Count ? row[i] : "")).Append("</td>");
            sb.Append("</tr>\n");
        }
        return sb.Append("</tbody>\n</table>").ToString();
    }

    private static string Cell(double mean, double ci95, bool signed)
    {
        if (double.IsNaN(mean)) return "—";
        string value = (signed && mean >= 0 ? "+" : "") + Num(mean);
        return double.IsFinite(ci95) && ci95 > 0 ? $"{value} ± {Num(ci95)}" : value;
    }
}
