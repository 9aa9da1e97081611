using System.Text;
using System.Text.Json;
using Sim.Stack;
using Sim.Statistics;

namespace Sim.Cli;

/// <summary>
/// Errors by <see cref="ErrorKind"/> across a configuration's replications, as <c>sim run</c> (its "Errors by kind" table
/// and <c>errorsByKind</c>) and the <c>sim phases</c> report show them: each kind that occurred, per second of the
/// observation window and as a share of the window's arrivals, one value per replication.
/// </summary>
internal static class ErrorKinds
{
    /// <summary>The error kinds that occurred in any replication's window, in <see cref="ErrorKind"/> order.</summary>
    public static List<ErrorKind> Seen(IReadOnlyList<StackReplicationResult> runs) =>
        [.. Enum.GetValues<ErrorKind>().Where(k => runs.Any(r => (int)k < r.ErrorsByKind.Count && r.ErrorsByKind[(int)k] > 0))];

    /// <summary>A kind's count in one replication's window per second of the window (NaN for an empty window).</summary>
    public static double PerSecond(StackReplicationResult r, ErrorKind k) => r.WindowSeconds > 0 ? r.ErrorsByKind[(int)k] / r.WindowSeconds : double.NaN;

    /// <summary>A kind's count in one replication's window as a share of the window's arrivals (NaN without arrivals).</summary>
    public static double Share(StackReplicationResult r, ErrorKind k) => r.Arrivals > 0 ? (double)r.ErrorsByKind[(int)k] / r.Arrivals : double.NaN;

    /// <summary>The kind as JSON names it: <c>backlogFull</c>, <c>timeout</c>, <c>outOfMemory</c> …</summary>
    public static string Name(ErrorKind kind) => JsonNamingPolicy.CamelCase.ConvertName(kind.ToString());

    /// <summary>What each error kind means, as a reader of the table needs it (<see cref="ErrorKind"/>'s docs, shortened).</summary>
    public static string Meaning(ErrorKind kind) => kind switch
    {
        ErrorKind.ProxyConnections => "nginx out of connections (refused)",
        ErrorKind.BacklogFull => "listen backlog full (503)",
        ErrorKind.Timeout => "worker timeout (504, worker restarted)",
        ErrorKind.DbMaxConnections => "database max_connections reached",
        ErrorKind.DbPoolTimeout => "no pooled DB connection in time",
        ErrorKind.CacheConnections => "cache operation without a connection (request went on)",
        ErrorKind.OutOfMemory => "worker OOM-killed (host.memoryLimit)",
        ErrorKind.ClientTimeout => "client gave up waiting (clients.timeout)",
        ErrorKind.Abandoned => "client left the backlog (clients.patience)",
        _ => kind.ToString(),
    };

    /// <summary>The line a phase without any error gets instead of its table.</summary>
    public const string None = "No errors: no request failed in any replication's window.";

    /// <summary>
    /// The one line for the phases in which nothing failed, so that a report whose phases mostly ran clean does not repeat
    /// a heading and <see cref="None"/> for each: "in any phase" when that is all of them.
    /// </summary>
    public static string NoneIn(IReadOnlyList<string> phases, int phaseCount) =>
        phases.Count == phaseCount
            ? "No errors: no request failed in any replication's window of any phase."
            : $"No errors in {string.Join(", ", phases)}: no request failed in any of their replications' windows.";

    /// <summary>
    /// A phase's "errors by kind" as a Markdown pipe table (cells escaped): one row per kind that occurred — its name, what it
    /// means, per second and % of arrivals, each "mean ± 95 % half-width" across replications; null when nothing failed.
    /// </summary>
    public static string? Markdown(IReadOnlyList<StackReplicationResult> runs)
    {
        List<ErrorKind> kinds = Seen(runs);
        if (kinds.Count == 0) return null;
        var sb = new StringBuilder("| kind | meaning | per second | % of arrivals |\n| --- | --- | ---: | ---: |\n");
        foreach (ErrorKind k in kinds)
        {
            sb.Append("| ").Append(Name(k)).Append(" | ").Append(MarkdownText.Escape(Meaning(k))).Append(" | ")
              .Append(Cell(runs.Select(r => PerSecond(r, k)))).Append(" | ").Append(Cell(runs.Select(r => 100 * Share(r, k)))).Append(" |\n");
        }
        return sb.ToString();
    }

    /// <summary>"mean ± half-width" of the finite values (Markdown's number format), just the mean from one replication, "—" when none is finite.</summary>
    private static string Cell(IEnumerable<double> values)
    {
        double[] finite = [.. values.Where(double.IsFinite)];
        if (finite.Length == 0) return "—";
        ConfidenceInterval ci = ConfidenceInterval.FromSamples(finite);
        return StackMetrics.FormatCell(ci.Mean, ci.HalfWidth);
    }
}
