using System.CommandLine;
using Sim.Scenarios;

namespace Sim.Cli.Commands;

/// <summary><c>sim validate SCENARIO…</c>: schema and semantic checks only; exit 0 when every file is valid, else 2 with every problem.</summary>
internal static class ValidateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var files = new Argument<FileInfo[]>("scenarios") { Description = "Scenario JSON files.", Arity = ArgumentArity.OneOrMore };
        var set = new Option<string[]>("--set") { Description = "Check with these overrides applied: path=value. Repeatable." };
        var command = new Command("validate", "Check scenario files without running them.") { files, set };
        command.SetAction(parse =>
        {
            string[] overrides = parse.GetValue(set) ?? [];
            int bad = 0;
            foreach (FileInfo file in parse.GetValue(files)!)
            {
                // A FIFO or device is refused before it is opened: opening a FIFO with no writer blocks for good.
                ScenarioLoadResult result = RegularFile.Problem(file.FullName) is { } special
                    ? new ScenarioLoadResult([], [special])
                    : ScenarioLoader.LoadFile(file.FullName, overrides);
                if (result.Succeeded)
                {
                    stdout.WriteLine($"{file.FullName}: ok ({result.Phases.Count} configuration{(result.Phases.Count == 1 ? "" : "s")}: {string.Join(", ", result.Phases.Select(p => p.Name))})");
                    continue;
                }
                bad++;
                stderr.WriteLine($"{file.FullName}: {result.Errors.Count} problem(s):");
                foreach (var error in result.Errors) stderr.WriteLine($"  {error}");
            }
            return bad == 0 ? ExitCodes.Success : ExitCodes.BadInput;
        });
        return command;
    }
}
