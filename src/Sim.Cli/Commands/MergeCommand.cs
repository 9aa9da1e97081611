using System.CommandLine;
using Sim.Experiments;
using Sim.Io;

namespace Sim.Cli.Commands;

/// <summary>
/// <c>sim merge DIR… --out DIR</c>: joins the outputs of <c>sim sweep --shard i/n</c> into the result of the whole
/// grid — byte for byte what one unsharded run writes.
/// </summary>
internal static class MergeCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var inputs = new Argument<DirectoryInfo[]>("shards") { Description = "The --out folders of the shards (each holds a sweep.json).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Folder for the merged sweep.json, sweep.csv and points/ (written atomically).", Required = true };
        var format = new Option<string>("--format", "-f") { Description = "Output: table, json or csv.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "csv");
        var command = new Command("merge", "Join the outputs of sharded sweeps into one result, identical to an unsharded run.") { inputs, output, format };
        command.SetAction(parse =>
        {
            DirectoryInfo[] dirs = parse.GetValue(inputs) ?? [];
            var parts = new List<SweepResult>();
            foreach (DirectoryInfo dir in dirs)
            {
                string path = Path.Combine(dir.FullName, "sweep.json");
                if (!File.Exists(path)) throw new UserInputException($"{dir.FullName}: no sweep.json — give the --out folders of 'sim sweep --shard i/n' runs.");
                try
                {
                    parts.Add(SweepResult.Parse(File.ReadAllText(path)));
                }
                catch (FormatException ex)
                {
                    throw new UserInputException($"{path}: {ex.Message}.");
                }
            }
            SweepResult merged;
            try
            {
                merged = SweepResult.Merge(parts, [.. dirs.Select(d => d.FullName)]);
            }
            catch (ArgumentException ex)
            {
                throw new UserInputException($"merge: {ex.Message.Split(" (Parameter", 2)[0]}");
            }
            OutputFolder.Prepare(parse.GetValue(output)!, "points");
            string outDir = parse.GetValue(output)!.FullName;
            string json = merged.ToJson();
            // The result first, then the files (the summaries before the points): a write that fails (exit 4) loses nothing printed.
            switch (parse.GetValue(format))
            {
                case "json": stdout.Write(json); break;
                case "csv": stdout.Write(merged.ToCsv()); break;
                default: SweepCommand.Print(merged, stdout); break;
            }
            AtomicFile.WriteAllText(Path.Combine(outDir, "sweep.json"), json);
            AtomicFile.WriteAllText(Path.Combine(outDir, "sweep.csv"), merged.ToCsv());
            foreach (SweepPoint point in merged.Points)
                AtomicFile.WriteAllText(Path.Combine(outDir, "points", $"{point.Index}.json"), point.ToFileJson(merged.Fingerprint));
            if (parse.GetValue(format) == "table") stdout.WriteLine($"Merged {parts.Count} shard(s) into {outDir}/sweep.json and sweep.csv.");
            return ExitCodes.Success;
        });
        return command;
    }
}
