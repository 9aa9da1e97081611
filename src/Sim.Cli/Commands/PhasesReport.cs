using System.Globalization;
using System.Text;
using Sim.Io;
using Sim.Scenarios;
using Sim.Stack;

namespace Sim.Cli.Commands;

/// <summary>
/// The report of <c>sim phases --out DIR</c>: a list of blocks (headings, text, tables, lists, charts)
/// rendered twice, as <c>report.md</c> (charts linked) and as a self-contained <c>report.html</c> (every
/// chart embedded as a base64 data URI, inline CSS, no external resource). Both written atomically.
/// </summary>
internal sealed class PhasesReport
{
    private abstract record Block;
    private sealed record Heading(int Level, string Text) : Block;
    private sealed record Paragraph(string Text) : Block;
    private sealed record BulletList(IReadOnlyList<string> Items) : Block;
    /// <summary>A pipe table as PhasesCommand writes it for Markdown (header, separator, rows).</summary>
    private sealed record PipeTable(string Markdown) : Block;
    private sealed record Chart(string Caption, string RelativePath) : Block;
    /// <summary>Links to every level-2 heading of the report, wherever they are.</summary>
    private sealed record Contents : Block;

    private readonly List<Block> _blocks = [];

    public void AddHeading(int level, string text) => _blocks.Add(new Heading(level, text));
    public void AddParagraph(string text) => _blocks.Add(new Paragraph(text));
    public void AddList(IReadOnlyList<string> items) => _blocks.Add(new BulletList(items));

    /// <summary>A list of links to the report's level-2 headings (those added before and after it).</summary>
    public void AddContents() => _blocks.Add(new Contents());

    /// <summary>
    /// The anchor of a heading, as GitHub renders Markdown headings (lower case; letters, digits, '-' and '_' kept,
    /// spaces to '-', everything else dropped), so the same link works in report.md on GitHub and in report.html.
    /// </summary>
    internal static string Anchor(string heading)
    {
        var sb = new StringBuilder();
        foreach (char c in heading.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_') sb.Append(c);
            else if (c == ' ') sb.Append('-');
        }
        return sb.ToString();
    }

    private IEnumerable<Heading> Sections => _blocks.OfType<Heading>().Where(h => h.Level == 2);

    /// <summary>Adds every pipe table in <paramref name="markdown"/> (cells already escaped with <see cref="MarkdownText.Escape"/>); other lines become paragraphs of plain text.</summary>
    public void AddMarkdownTables(string markdown)
    {
        var table = new StringBuilder();
        foreach (string line in markdown.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (line.StartsWith('|')) { table.AppendLine(line); continue; }
            if (table.Length > 0) { _blocks.Add(new PipeTable(table.ToString())); table.Clear(); }
            if (line.Trim().Length > 0) _blocks.Add(new Paragraph(line.Trim()));
        }
        if (table.Length > 0) _blocks.Add(new PipeTable(table.ToString()));
    }

    public void AddChart(string caption, string relativePath) => _blocks.Add(new Chart(caption, relativePath.Replace('\\', '/')));

    /// <summary>Every chart's path relative to the report folder, in order.</summary>
    public IEnumerable<string> ChartPaths => _blocks.OfType<Chart>().Select(c => c.RelativePath);

    /// <summary>Writes <c>report.md</c> and <c>report.html</c> into <paramref name="folder"/>, where the charts already are.</summary>
    public void Write(string folder)
    {
        AtomicFile.WriteAllText(Path.Combine(folder, "report.md"), Markdown());
        AtomicFile.WriteAllText(Path.Combine(folder, "report.html"), Html(folder));
    }

    /// <summary>The report as Markdown. Text blocks hold plain text (names and descriptions from the scenario among it), escaped here; tables arrive escaped.</summary>
    private string Markdown()
    {
        var sb = new StringBuilder();
        foreach (Block block in _blocks)
        {
            switch (block)
            {
                case Heading h: sb.Append('#', h.Level).Append(' ').AppendLine(MarkdownText.Escape(h.Text)); break;
                case Paragraph p: sb.AppendLine(MarkdownText.Escape(p.Text)); break;
                case BulletList l: foreach (string item in l.Items) sb.Append("- ").AppendLine(MarkdownText.Escape(item)); break;
                case PipeTable t: sb.Append(t.Markdown); break;
                case Chart c: sb.Append("![").Append(MarkdownText.Escape(c.Caption)).Append("](").Append(MarkdownText.LinkPath(c.RelativePath)).AppendLine(")"); break;
                case Contents:
                    sb.AppendLine("**Contents**").AppendLine();
                    foreach (Heading h in Sections) sb.Append("- [").Append(MarkdownText.Escape(h.Text)).Append("](#").Append(Anchor(h.Text)).AppendLine(")");
                    break;
            }
            sb.AppendLine();
        }
        return sb.ToString();
    }

    private const string Css = """
        body{font-family:"DejaVu Sans",Arial,sans-serif;margin:2em auto;max-width:1200px;color:#222;line-height:1.45;padding:0 1em}
        h1{font-size:1.8em;border-bottom:2px solid #1f77b4;padding-bottom:.2em}h2{margin-top:1.8em;border-bottom:1px solid #ccc}
        div.table{overflow-x:auto;max-width:100%}table{border-collapse:collapse;margin:1em 0;font-size:.9em}th,td{border:1px solid #ccc;padding:.3em .6em}
        th{background:#f0f4f8}td.n{text-align:right;font-variant-numeric:tabular-nums}
        figure{margin:1.5em 0}figure img{max-width:100%;height:auto;border:1px solid #ddd}figcaption{color:#555;font-size:.9em}
        figure.wide{width:min(1600px,calc(100vw - 2em));margin-left:calc(50% - min(800px,50vw - 1em))}
        code{background:#f4f4f4;padding:0 .2em;overflow-wrap:anywhere}nav{background:#f7f9fb;border:1px solid #dde3ea;padding:.5em 1em;margin:1em 0}
        nav ul{margin:.3em 0}
        """;

    private string Html(string folder)
    {
        var sb = new StringBuilder();
        string title = _blocks.OfType<Heading>().FirstOrDefault()?.Text ?? "Sim report";
        sb.AppendLine("<!DOCTYPE html>").AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">")
          .Append("<title>").Append(Encode(title)).AppendLine("</title>")
          .Append("<style>").Append(Css).AppendLine("</style></head><body>");
        foreach (Block block in _blocks)
        {
            switch (block)
            {
                case Heading h:
                    sb.Append(CultureInfo.InvariantCulture, $"<h{h.Level} id=\"{Encode(Anchor(h.Text))}\">").Append(Encode(h.Text)).AppendLine(CultureInfo.InvariantCulture, $"</h{h.Level}>");
                    break;
                case Contents:
                    sb.AppendLine("<nav><strong>Contents</strong><ul>");
                    foreach (Heading h in Sections)
                        sb.Append("<li><a href=\"#").Append(Encode(Anchor(h.Text))).Append("\">").Append(Encode(h.Text)).AppendLine("</a></li>");
                    sb.AppendLine("</ul></nav>");
                    break;
                case Paragraph p:
                    sb.Append("<p>").Append(Encode(p.Text)).AppendLine("</p>");
                    break;
                case BulletList l:
                    sb.AppendLine("<ul>");
                    foreach (string item in l.Items) sb.Append("<li>").Append(Encode(item)).AppendLine("</li>");
                    sb.AppendLine("</ul>");
                    break;
                case PipeTable t:
                    AppendTable(sb, t.Markdown);
                    break;
                case Chart c:
                    string path = Path.Combine(folder, c.RelativePath);
                    string mime = path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase) ? "image/svg+xml" : "image/png";
                    // A chart wider than the text column (the dashboards, 1,600 px) breaks out of it up to its own width, so its
                    // panels are not shrunk to three quarters; on a narrow window it still fits the window.
                    sb.Append(PngWidth(path) > 1200 ? "<figure class=\"wide\">" : "<figure>").Append("<img alt=\"").Append(Encode(c.Caption)).Append("\" src=\"data:").Append(mime).Append(";base64,")
                      .Append(Convert.ToBase64String(File.ReadAllBytes(path))).Append("\"><figcaption>").Append(Encode(c.Caption))
                      .AppendLine("</figcaption></figure>");
                    break;
            }
        }
        sb.AppendLine("</body></html>");
        return sb.ToString();
    }

    private static void AppendTable(StringBuilder sb, string markdown)
    {
        string[] lines = markdown.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        sb.AppendLine("<div class=\"table\"><table>");
        for (int i = 0; i < lines.Length; i++)
        {
            if (i == 1) continue; // the | --- | separator
            string[] cells = MarkdownText.Cells(lines[i]); // an escaped '\|' in a phase name stays in its cell
            sb.Append("<tr>");
            for (int c = 0; c < cells.Length; c++)
            {
                if (i == 0) sb.Append("<th>").Append(Encode(cells[c])).Append("</th>");
                else sb.Append(c > 0 && IsNumber(cells[c]) ? "<td class=\"n\">" : "<td>").Append(Encode(cells[c])).Append("</td>");
            }
            sb.AppendLine("</tr>");
        }
        sb.AppendLine("</table></div>");
    }

    /// <summary>The pixel width of a PNG (from its IHDR chunk); 0 for anything else.</summary>
    private static int PngWidth(string path)
    {
        if (!path.EndsWith(".png", StringComparison.OrdinalIgnoreCase)) return 0;
        Span<byte> head = stackalloc byte[24];
        using FileStream f = File.OpenRead(path);
        if (f.Read(head) < 24) return 0;
        return head[16] << 24 | head[17] << 16 | head[18] << 8 | head[19];
    }

    /// <summary>Numbers (and "—" for none) are right-aligned; words such as a verdict or a station's name are not.</summary>
    private static bool IsNumber(string cell) => cell.Length > 0 && (char.IsDigit(cell[0]) || cell[0] is '+' or '-' or '<' or '≤' or '—' or '×' or '.');

    /// <summary>Escapes the HTML metacharacters only (WebUtility.HtmlEncode also turns "±" and "é" into numeric references; the file is UTF-8).</summary>
    private static string Encode(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);

    /// <summary>The key parameters of a scenario and the modelling simplifications, as list items.</summary>
    public static IReadOnlyList<string> Assumptions(StackScenario s)
    {
        var inv = CultureInfo.InvariantCulture;
        string Ms(double seconds) => (seconds * 1000).ToString("G4", inv) + " ms";
        var items = new List<string>
        {
            string.Create(inv, $"Run: {s.Run.DurationSeconds:G6} s observed per replication after {(s.Run.WarmupSeconds is { } w ? w.ToString("G6", inv) + " s" : "an automatic (MSER-5)")} warm-up, {s.Run.Replications} independent replications, seed {s.Run.Seed}; intervals are Student-t 95 % across replications."),
            s.Load.Populations is { } pops
                ? "Load: " + pops.Count.ToString(inv) + " populations side by side, each with its own load and class mix: " + string.Join("; ", pops.Select(p => p.Name + ", " + (p.Closed is { } pc
                    ? string.Create(inv, $"closed, {pc.Users} users, think time mean {pc.ThinkTimeSeconds.Mean:G4} s")
                    : string.Create(inv, $"open, Poisson arrivals at {p.Open!.RatePerSecond:G6} requests/s{(p.Open.Profile.Count > 0 ? " (with a rate profile)" : "")}"))
                    + (p.Mix.Count > 0 ? ", mix " + string.Join(" ", p.Mix.Select(kv => kv.Key + " " + kv.Value.ToString("G4", inv))) : ""))) + "."
            : s.Load.Closed is { } c
                ? string.Create(inv, $"Load: closed, {c.Users} users, think time mean {c.ThinkTimeSeconds.Mean:G4} s between a response and the next request.")
                : s.Load.Open!.Trace is { Arrivals: { } arrivals } trace
                    ? string.Create(inv, $"Load: open, a recorded log replayed ({trace.File}: {arrivals.Count:N0} requests over {arrivals.SpanSeconds:G4} s, at speed {trace.Speed:G4}{(trace.Loop ? ", looped" : "")}; {trace.MeanRatePerSecond:G4} requests/s on average, {trace.PeakRatePerSecond:G4} in its busiest second).")
                    : string.Create(inv, $"Load: open, Poisson arrivals at {s.Load.Open!.RatePerSecond:G6} requests/s{(s.Load.Open.Profile.Count > 0 ? " (with a rate profile)" : "")}."),
            string.Create(inv, $"Web tier (baseline): {s.LoadBalancer.Servers} server(s), {s.Workers.Count} gunicorn sync workers each, backlog {s.Workers.Backlog}, timeout {s.Workers.TimeoutSeconds:G4} s, {s.Host.Cores} CPU cores shared by processor sharing."),
            string.Create(inv, $"Database: {s.Database.Cores} cores, max_connections {s.Database.MaxConnections}; CONN_MAX_AGE {s.DbConnections.ConnMaxAgeSeconds:G4} s{(s.DbConnections.Pool is { } p ? $", pool of {p.Size}" : "")}."),
            s.Cache.Enabled
                ? string.Create(inv, $"Cache: Redis, max {s.Cache.MaxConnections} connections, {(s.Cache.KeySpace is null ? $"fixed hit ratio {s.Cache.HitRatio:P0}" : "hit ratio from a Zipf key space with LRU/TTL")}.")
                : "Cache: disabled.",
            string.Create(inv, $"Network: client round trip {Ms(s.Network.RoundTripSeconds)}, client bandwidth mean {s.Network.ClientBandwidthBitsPerSecond.Mean / 1e6:G3} Mbit/s; nginx gzip {(s.Proxy.Gzip.Enabled ? "on" : "off")}, client keep-alive {(s.Proxy.ClientKeepalive ? "on" : "off")}."),
            string.Create(inv, $"SLO: {LatencyObjective.QuantileName(s.Slo.LatencyQuantile)}{SloClassText.Without(s.Slo)} ≤ {Ms(s.Slo.LatencyLimitSeconds)}{SloClassText.ClauseList(s.Slo)} and errors ≤ {s.Slo.MaxErrorRate:P2}."),
            "Phases are cumulative: each applies its changes on top of all the phases before it (listed with each phase below).",
            "Simplifications: every station is a queue with the documented service-time distributions (no garbage collection pauses, disk I/O or OS scheduling); processor sharing has no context-switch cost; work already handed to a CPU or the database when a worker is killed runs to completion; Celery's database connections are not counted against max_connections; the pool hands out a connection per DB step (transaction pooling). Details: docs/model.md.",
        };
        return items;
    }
}
