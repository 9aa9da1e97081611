using System.CommandLine;
using Sim.Io;

namespace Sim.Cli.Commands;

/// <summary><c>sim init [DIR]</c>: writes the shipped scenarios (the seed stack, the textbook ones, the schema) to start from.</summary>
internal static class InitCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var dir = new Argument<DirectoryInfo?>("dir") { Description = "Folder to write into; default: ./scenarios.", Arity = ArgumentArity.ZeroOrOne };
        var force = new Option<bool>("--force") { Description = "Overwrite files that already exist." };
        var command = new Command("init", "Write the shipped scenarios to a folder to start from.") { dir, force };
        command.SetAction(parse =>
        {
            DirectoryInfo folder = parse.GetValue(dir) ?? new DirectoryInfo("scenarios");
            OutputFolder.Prepare(folder, what: "init");
            string root = folder.FullName;
            bool overwrite = parse.GetValue(force);
            var files = BuiltInScenarios.All().ToList();
            var existing = files.Select(f => Path.Combine(root, f.Path)).Where(File.Exists).ToList();
            if (existing.Count > 0 && !overwrite)
                throw new UserInputException($"{existing.Count} file(s) already exist in {root} (e.g. {existing[0]}); use --force to overwrite them.");
            foreach (var (path, text) in files)
            {
                string target = Path.Combine(root, path);
                AtomicFile.WriteAllText(target, text);
                stdout.WriteLine($"wrote {target}");
            }
            stdout.WriteLine($"Next: sim phases {Path.Combine(root, BuiltInScenarios.SeedStackName)}");
            return ExitCodes.Success;
        });
        return command;
    }
}
