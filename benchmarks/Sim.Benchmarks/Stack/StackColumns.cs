using System.Collections.Concurrent;
using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Sim.Stack;

namespace Sim.Benchmarks.Stack;

/// <summary>
/// Puts the stack targets' own units in the BenchmarkDotNet table: requests simulated per
/// replication, millions of simulated requests per second on one core (requests / mean time), and
/// allocated bytes per request — so the table answers "≥ 1 M requests/s, a few bytes per request"
/// directly instead of leaving the division to the reader.
/// </summary>
internal sealed class StackColumnsConfig : ManualConfig
{
    public StackColumnsConfig()
    {
        AddColumn(new StackColumn("Requests", "Requests simulated in one replication (completed + failed)", (requests, _, _) => requests.ToString("N0", CultureInfo.InvariantCulture)));
        AddColumn(new StackColumn("M req/s", "Simulated requests per second of wall time on one core, in millions: requests / Mean", (requests, meanNs, _) =>
            (requests / (meanNs / 1e9) / 1e6).ToString("F3", CultureInfo.InvariantCulture)));
        AddColumn(new StackColumn("B/request", "Allocated bytes per simulated request: Allocated / Requests", (requests, _, bytes) =>
            bytes is { } b ? (b / (double)requests).ToString("F2", CultureInfo.InvariantCulture) : "?"));
    }
}

/// <summary>One derived column; the request count of a phase is measured once per host process (one extra replication).</summary>
internal sealed class StackColumn(string name, string legend, Func<long, double, long?, string> format) : IColumn
{
    private static readonly ConcurrentDictionary<string, long> Requests = new();

    public string Id => "Stack." + name;
    public string ColumnName => name;
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => legend;

    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        BenchmarkReport? report = summary[benchmarkCase];
        if (report?.ResultStatistics is not { } stats || benchmarkCase.Parameters["Phase"] is not string phase) return "-";
        long requests = Requests.GetOrAdd(phase, p =>
        {
            StackReplicationResult r = StackExperiment.RunOne(SeedStackBenchmarks.Scenario(p), 0);
            return r.Completed + r.Failed;
        });
        return format(requests, stats.Mean, report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase));
    }
}
