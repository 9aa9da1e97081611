using System.Globalization;
using System.Text;
using System.Text.Json;
using Sim.Analytic;
using Sim.Models;
using Sim.Statistics;
using Spectre.Console;

namespace Sim.Cli.Commands;

/// <summary>The M/M/c example's results: each metric's mean and 95 % half-width across replications beside its closed form.</summary>
internal sealed class MmcReport
{
    /// <summary>One metric row.</summary>
    internal sealed record Row(string Label, string JsonName, string Unit, ConfidenceInterval Simulated, double Analytic);

    private MmcReport(IReadOnlyList<Row> rows, string parametersLine, IReadOnlyDictionary<string, object> parameters)
    {
        Rows = rows;
        ParametersLine = parametersLine;
        Parameters = parameters;
    }

    public IReadOnlyList<Row> Rows { get; }

    public string ParametersLine { get; }

    public IReadOnlyDictionary<string, object> Parameters { get; }

    public static MmcReport Create(int servers, double arrivalRate, double serviceTime, double warmup, double duration, ulong seed,
        QueueReplicationResult[] runs, MMcResult theory)
    {
        ConfidenceInterval Ci(Func<QueueReplicationResult, double> metric, double scale = 1)
        {
            var values = new double[runs.Length];
            for (int i = 0; i < runs.Length; i++) values[i] = metric(runs[i]) * scale;
            return ConfidenceInterval.FromSamples(values);
        }

        // Response-time quantiles come from a histogram: each replication's is within α of the exact one.
        ConfidenceInterval QuantileCi(Func<QueueReplicationResult, double> metric)
        {
            ConfidenceInterval ci = Ci(metric, 1000);
            return ci.WidenedBy(LatencyHistogram.DefaultRelativeAccuracy * Math.Abs(ci.Mean));
        }

        var rows = new List<Row>
        {
            new("Throughput", "throughputPerSecond", "req/s", Ci(r => r.Throughput), arrivalRate),
            new("Server utilization", "utilization", "", Ci(r => r.Utilization), theory.Utilization),
            new("P(wait)", "waitProbability", "", Ci(r => r.WaitProbability), theory.WaitProbability),
            new("Mean wait in queue", "waitMs", "ms", Ci(r => r.MeanWait, 1000), theory.Wq * 1000),
            new("Mean response time", "latencyMs.mean", "ms", Ci(r => r.MeanResponse, 1000), theory.W * 1000),
            new("p50 response time", "latencyMs.p50", "ms", QuantileCi(r => r.P50Response), theory.ResponseTimeQuantile(0.50) * 1000),
            new("p95 response time", "latencyMs.p95", "ms", QuantileCi(r => r.P95Response), theory.ResponseTimeQuantile(0.95) * 1000),
            new("p99 response time", "latencyMs.p99", "ms", QuantileCi(r => r.P99Response), theory.ResponseTimeQuantile(0.99) * 1000),
            new("Mean number in system", "numberInSystemMean", "", Ci(r => r.MeanNumberInSystem), theory.L),
            new("Mean queue length", "queueLengthMean", "", Ci(r => r.MeanQueueLength), theory.Lq),
        };
        string line = string.Create(CultureInfo.InvariantCulture,
            $"M/M/{servers}: λ = {arrivalRate:G4}/s, mean service {serviceTime * 1000:G4} ms, ρ = {theory.Utilization:F3}, {runs.Length} replications, seed {seed}");
        var parameters = new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["servers"] = servers,
            ["arrivalRatePerSecond"] = arrivalRate,
            ["meanServiceTimeMs"] = serviceTime * 1000,
            ["warmupSeconds"] = warmup,
            ["durationSeconds"] = duration,
            ["replications"] = runs.Length,
            ["seed"] = seed,
        };
        return new MmcReport(rows, line, parameters);
    }

    private static string Agreement(Row row) =>
        !row.Simulated.HasInterval ? "n/a (1 replication)" : row.Simulated.Contains(row.Analytic) ? "inside CI" : "outside CI";

    /// <summary>
    /// Decimals for a row: the half-width to two significant digits, the mean and the closed form to the same place
    /// ("7.194 ± 0.011", "876 ± 63"); with no interval, four significant digits of the mean.
    /// </summary>
    private static int Decimals(Row row)
    {
        double ci = row.Simulated.HalfWidth, mean = Math.Abs(row.Simulated.Mean);
        if (ci > 0 && double.IsFinite(ci)) return Math.Clamp(1 - (int)Math.Floor(Math.Log10(ci)), 0, 8);
        return mean > 0 && double.IsFinite(mean) ? Math.Clamp(3 - (int)Math.Floor(Math.Log10(mean)), 0, 8) : 0;
    }

    private static string Plain(double value) => value.ToString(Math.Abs(value) >= 100 ? "F1" : "G4", CultureInfo.InvariantCulture);

    private static string Format(double value, int decimals) => value.ToString("#,##0." + new string('0', decimals), CultureInfo.InvariantCulture).TrimEnd('.');

    public Table ToTable()
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("Metric");
        table.AddColumn(new TableColumn("Simulated (95 % CI)").RightAligned());
        table.AddColumn(new TableColumn("Erlang C").RightAligned());
        table.AddColumn("Check");
        foreach (Row row in Rows)
        {
            string unit = row.Unit.Length > 0 ? " " + row.Unit : "";
            table.AddRow(
                row.Label.EscapeMarkup(),
                $"{Format(row.Simulated.Mean, Decimals(row))} ± {Format(row.Simulated.HalfWidth, Decimals(row))}{unit}".EscapeMarkup(),
                $"{Format(row.Analytic, Decimals(row))}{unit}".EscapeMarkup(),
                Agreement(row).EscapeMarkup());
        }
        return table;
    }

    /// <summary>Stable, indented JSON: every metric is {"mean", "ci95", "analytic"}; names carry their units.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("model", "M/M/c");
            w.WriteStartObject("parameters");
            foreach (var (name, value) in Parameters)
            {
                switch (value)
                {
                    case int i: w.WriteNumber(name, i); break;
                    case ulong u: w.WriteNumber(name, u); break;
                    case double d: w.WriteNumber(name, d); break;
                    default: w.WriteString(name, value.ToString()); break;
                }
            }
            w.WriteEndObject();
            w.WriteStartObject("metrics");
            foreach (Row row in Rows)
            {
                w.WriteStartObject(row.JsonName);
                w.WriteNumber("mean", row.Simulated.Mean);
                w.WriteNumber("ci95", row.Simulated.HalfWidth);
                w.WriteNumber("analytic", row.Analytic);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.Append("# ").AppendLine(ParametersLine).AppendLine();
        sb.AppendLine("| metric | simulated (mean ± 95 % half-width) | Erlang C | check |");
        sb.AppendLine("| --- | ---: | ---: | --- |");
        foreach (Row row in Rows)
        {
            string unit = row.Unit.Length > 0 ? " " + row.Unit : "";
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {row.Label} | {Plain(row.Simulated.Mean)} ± {Plain(row.Simulated.HalfWidth)}{unit} | {Plain(row.Analytic)}{unit} | {Agreement(row)} |");
        }
        return sb.ToString();
    }
}
