using System.CommandLine;
using Sim.AccessLogs;
using Sim.Calibration;
using Sim.Io;
using Spectre.Console;

namespace Sim.Cli.Commands;

/// <summary>
/// <c>sim calibrate ACCESS.LOG [--format stack|combined|auto] [--cpu samples.csv] [-o my-stack.json]</c>: a scenario fitted
/// to an nginx access log (<see cref="AccessLogCalibration"/>), its notes as a table on stdout and in a sibling
/// <c>.calibration.md</c> file.
/// </summary>
internal static class CalibrateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var log = new Argument<FileInfo>("access-log") { Description = "nginx access log: the reference stack's 'stack' format (docs/reference-stack.md) or nginx's default 'combined'." };
        var format = new Option<string>("--format") { Description = "Log format: auto (from the first lines), stack or combined.", DefaultValueFactory = _ => "auto" };
        format.AcceptOnlyFromAmong("auto", "stack", "combined");
        var cpu = new Option<FileInfo?>("--cpu") { Description = "CPU samples (CSV time_unix,component,…,cpu_s, cumulative, as validation/stack/cpu.sh writes) to split app time into CPU and waiting." };
        var output = new Option<FileInfo>("--output", "-o") { Description = "Scenario file to write (atomically); the notes go beside it as NAME.calibration.md.", DefaultValueFactory = _ => new FileInfo("calibrated.json") };
        var classes = new Option<int>("--classes") { Description = "Most request classes kept by count; the rest merge into 'other' (1–100).", DefaultValueFactory = _ => 8 };
        classes.Validators.Add(r =>
        {
            int v = r.GetValueOrDefault<int>();
            if (v is < 1 or > 100) r.AddError($"--classes {v}: allowed 1 to 100.");
        });
        var hostCores = new Option<int?>("--host-cores") { Description = "Cores of the machine the CPU samples describe (default: from their host row, busy + idle per second)." };
        hostCores.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is { } v && v is < 1 or > 4096) r.AddError($"--host-cores {v}: allowed 1 to 4096.");
        });
        var workers = new Option<int?>("--workers") { Description = "The app's worker count (a log cannot show it; default 3, or more to stay below 70 % busy)." };
        workers.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is { } v && v is < 1 or > 1000) r.AddError($"--workers {v}: allowed 1 to 1000.");
        });
        var command = new Command("calibrate", "Fit a scenario to an nginx access log: request classes, service demands, cache hit ratio, sizes, arrival rate.")
        {
            log, format, cpu, output, classes, hostCores, workers,
        };
        command.SetAction(parse =>
        {
            FileInfo file = parse.GetValue(log)!;
            if (Directory.Exists(file.FullName)) throw new UserInputException($"{file.FullName}: a folder; expected an access log file.");
            if (!file.Exists) throw new UserInputException($"{file.FullName}: no such file.");
            FileInfo target = parse.GetValue(output)!;
            if (Directory.Exists(target.FullName)) throw new UserInputException($"--output {target.FullName}: a folder; expected a scenario file name such as my-stack.json.");
            string notesPath = NotesPath(target.FullName);
            var options = new CalibrationOptions
            {
                Format = parse.GetValue(format) switch { "stack" => AccessLogFormat.Stack, "combined" => AccessLogFormat.Combined, _ => AccessLogFormat.Auto },
                CpuSamplesPath = parse.GetValue(cpu)?.FullName,
                MaxClasses = parse.GetValue(classes),
                HostCores = parse.GetValue(hostCores),
                Workers = parse.GetValue(workers),
                Name = ScenarioName(target.Name),
                SourceName = file.Name,
            };
            if (options.CpuSamplesPath is { } cpuPath && !File.Exists(cpuPath)) throw new UserInputException($"--cpu {cpuPath}: no such file.");
            long size = file.Length;
            const long unit = 1 << 20;
            int units = (int)Math.Max(1, Math.Min(int.MaxValue, (2 * size + unit - 1) / unit));
            if (!CliProgress.IsTerminal(stderr)) stderr.WriteLine($"reading {file.Name} ({size / 1e6:F1} MB) twice …");
            CalibrationResult result;
            try
            {
                result = CliProgress.Run(stderr, $"{file.Name}: {size / 1e6:F1} MB × 2 passes", units, tick =>
                {
                    long done = 0;
                    return AccessLogCalibration.Run(file.FullName, options, bytes =>
                    {
                        for (long u = bytes / unit; done < u; done++) tick();
                    }, cancellationToken);
                });
            }
            catch (CalibrationException ex)
            {
                throw new UserInputException(ex.Message);
            }
            Print(result, stdout);
            AtomicFile.WriteAllText(target.FullName, result.ScenarioJson);
            AtomicFile.WriteAllText(notesPath, result.ToMarkdown(target.Name));
            stdout.WriteLine($"wrote {target.FullName}");
            stdout.WriteLine($"wrote {notesPath}");
            stdout.WriteLine($"Next: sim run {target.FullName}");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary><c>dir/my-stack.json</c> → <c>dir/my-stack.calibration.md</c>.</summary>
    internal static string NotesPath(string scenarioPath) =>
        Path.Combine(Path.GetDirectoryName(scenarioPath) ?? ".", Path.GetFileNameWithoutExtension(scenarioPath) + ".calibration.md");

    /// <summary>A scenario name from the output file's name: its letters, digits, '-' and '_'.</summary>
    private static string ScenarioName(string fileName)
    {
        string stem = Path.GetFileNameWithoutExtension(fileName);
        string name = new(stem.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_').ToArray());
        return name.Length == 0 ? "calibrated" : name;
    }

    private static void Print(CalibrationResult result, TextWriter stdout)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stdout) });
        console.Profile.Width = Math.Max(console.Profile.Width, 160);
        stdout.WriteLine($"{result.Lines:N0} lines read as the {(result.Format == AccessLogFormat.Stack ? "stack" : "combined")} format: {result.ParsedLines:N0} used, {result.MalformedCount:N0} malformed.");
        foreach (MalformedLine m in result.Malformed) stdout.WriteLine($"malformed: line {m.LineNumber}: {m.Problem}");
        var table = new Table().Border(TableBorder.Rounded).Title("Calibrated parameters");
        table.AddColumn("Parameter");
        table.AddColumn("Value");
        table.AddColumn(new TableColumn("n").RightAligned());
        table.AddColumn("95 % confidence");
        table.AddColumn("Method");
        foreach (CalibrationNote n in result.Notes)
            table.AddRow(n.Parameter.EscapeMarkup(), n.Value.EscapeMarkup(), n.SampleSize > 0 ? n.SampleSize.ToString("N0") : "", n.Confidence.EscapeMarkup(), n.Method.EscapeMarkup());
        console.Write(table);
        var missing = new Table().Border(TableBorder.Rounded).Title("Not identifiable from the log: defaults used");
        missing.AddColumn("Parameter");
        missing.AddColumn("Value used");
        missing.AddColumn("Why");
        foreach (UnidentifiedParameter u in result.Unidentified) missing.AddRow(u.Parameter.EscapeMarkup(), u.DefaultUsed.EscapeMarkup(), u.Reason.EscapeMarkup());
        console.Write(missing);
        foreach (string w in result.Warnings) stdout.WriteLine("warning: " + w);
    }
}
