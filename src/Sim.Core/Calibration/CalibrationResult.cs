using System.Text;
using Sim.AccessLogs;

namespace Sim.Calibration;

/// <summary>
/// What <see cref="AccessLogCalibration"/> produced: a scenario (JSON text that <c>sim run</c> accepts and that validates
/// against <c>scenario.schema.json</c>), a note per calibrated parameter, the parameters the log cannot identify with the
/// defaults taken, and what was skipped. Immutable.
/// </summary>
public sealed class CalibrationResult
{
    internal CalibrationResult(string scenarioJson, AccessLogFormat format, long lines, long parsed, long malformedCount,
        IReadOnlyList<MalformedLine> malformed, IReadOnlyList<CalibrationNote> notes, IReadOnlyList<UnidentifiedParameter> unidentified,
        IReadOnlyList<string> warnings)
    {
        ScenarioJson = scenarioJson;
        Format = format;
        Lines = lines;
        ParsedLines = parsed;
        MalformedCount = malformedCount;
        Malformed = malformed;
        Notes = notes;
        Unidentified = unidentified;
        Warnings = warnings;
    }

    /// <summary>The calibrated scenario, as indented JSON.</summary>
    public string ScenarioJson { get; }

    /// <summary>The format the log was read as (never <see cref="AccessLogFormat.Auto"/>).</summary>
    public AccessLogFormat Format { get; }

    /// <summary>Non-empty lines read.</summary>
    public long Lines { get; }

    /// <summary>Lines parsed and used.</summary>
    public long ParsedLines { get; }

    /// <summary>Lines skipped as malformed.</summary>
    public long MalformedCount { get; }

    /// <summary>The first few malformed lines (at most 5), with line numbers and the problem.</summary>
    public IReadOnlyList<MalformedLine> Malformed { get; }

    /// <summary>One note per calibrated parameter (and per figure reported but not part of the scenario).</summary>
    public IReadOnlyList<CalibrationNote> Notes { get; }

    /// <summary>Parameters the log cannot identify, with the default used.</summary>
    public IReadOnlyList<UnidentifiedParameter> Unidentified { get; }

    /// <summary>Things the user should know (a class merged, few low-load requests, a poor fit).</summary>
    public IReadOnlyList<string> Warnings { get; }
    /// <summary>
    /// The notes as Markdown: what was read, every calibrated parameter with its method, sample size and confidence, the
    /// parameters the log cannot identify with the defaults used, warnings and the first malformed lines.
    /// </summary>
    /// <param name="scenarioFileName">The scenario file the notes belong to, named in the heading.</param>
    public string ToMarkdown(string scenarioFileName)
    {
        var sb = new StringBuilder();
        sb.Append("# Calibration of ").Append(Cell(scenarioFileName)).Append("\n\n");
        sb.Append($"Read {Lines:N0} lines in the {(Format == AccessLogFormat.Stack ? "stack" : "combined")} format: {ParsedLines:N0} used, {MalformedCount:N0} malformed. ")
          .Append("Method and formats: docs/calibration.md.\n\n");
        sb.Append("## Calibrated parameters\n\n| parameter | value | method | n | 95 % confidence |\n| --- | --- | --- | ---: | --- |\n");
        foreach (CalibrationNote n in Notes)
            sb.Append($"| {Cell(n.Parameter)} | {Cell(n.Value)} | {Cell(n.Method)} | {(n.SampleSize > 0 ? n.SampleSize.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "")} | {Cell(n.Confidence)} |\n");
        sb.Append("\n## Not identifiable from the log\n\n| parameter | value used | why |\n| --- | --- | --- |\n");
        foreach (UnidentifiedParameter u in Unidentified) sb.Append($"| {Cell(u.Parameter)} | {Cell(u.DefaultUsed)} | {Cell(u.Reason)} |\n");
        if (Warnings.Count > 0)
        {
            sb.Append("\n## Warnings\n\n");
            foreach (string w in Warnings) sb.Append("- ").Append(Cell(w)).Append('\n');
        }
        if (Malformed.Count > 0)
        {
            sb.Append("\n## First malformed lines\n\n");
            foreach (MalformedLine m in Malformed) sb.Append($"- line {m.LineNumber}: {Cell(m.Problem)}\n");
        }
        return sb.ToString();
    }

    /// <summary>Text for one Markdown table cell: no line breaks, '|' and HTML metacharacters escaped.</summary>
    private static string Cell(string text) =>
        text.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal).Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal);
}
