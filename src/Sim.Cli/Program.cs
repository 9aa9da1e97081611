using System.CommandLine;
using Sim.Cli.Commands;

namespace Sim.Cli;

/// <summary>Entry point of the <c>sim</c> tool.</summary>
internal static class Program
{
    /// <summary>
    /// Exit codes: 0 success; 1 SLO violated; 2 bad input; 3 cancelled by a first SIGINT or SIGTERM; 4 an output could not
    /// be written; 5 out of memory; 130 or 143 ended by a second SIGINT or SIGTERM (see <see cref="StopSignals"/>).
    /// </summary>
    private static int Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        using var signals = new StopSignals(cancellation, StopSignals.NotesWriter());
        return Run(args, Console.Out, Console.Error, cancellation.Token);
    }

    /// <summary>Parses and runs a command line, writing to the given writers (tests call this directly).</summary>
    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        RootCommand root = BuildRoot(stdout, stderr, cancellationToken);
        if (args.Length == 0)
        {
            // A bare `sim`: the list of commands, not "Required command was not provided".
            root.Parse(["--help"]).Invoke(new InvocationConfiguration { Output = stderr, Error = stderr });
            return ExitCodes.BadInput;
        }
        ParseResult parse = root.Parse(args);
        // A mistyped command or option comes first and alone: the parser's other complaints ("Unrecognized argument '3'" after
        // "--replication 3", a required option missing after "--outt", "Required command was not provided" after "rn") follow from it.
        List<string> errors = ParseErrors.UnknownCommand(parse, args) is { } unknown ? [unknown] : [.. ParseErrors.OptionsTakenAsArguments(parse)];
        if (errors.Count == 0) errors.AddRange(parse.Errors.Select(ParseErrors.Describe));
        if (errors.Count > 0)
        {
            foreach (string error in errors) stderr.WriteLine($"sim: {error}");
            stderr.WriteLine("Run 'sim --help' for usage.");
            return ExitCodes.BadInput;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false, // our handlers below: messages, not stack traces
                ProcessTerminationTimeout = null,      // SIGINT and SIGTERM are handled in Main (StopSignals) through the token
            });
        }
        catch (UserInputException ex)
        {
            stderr.WriteLine($"sim: {ex.Message}");
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("sim: cancelled.");
            return ExitCodes.Cancelled;
        }
        catch (Exception ex) when (IsOutOfMemory(ex))
        {
            // A load the validator accepts may still need more memory than this process may use (a heap limit, a small
            // container): one line, not the runtime's abort with a stack trace. The memory it took is garbage now.
            long limit = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
            stderr.WriteLine($"sim: out of memory: the run needs more than the {limit / 1e6:F0} MB this process may use. Fewer users, a smaller run.maxInFlight or "
                + "cache.keySpace.keys need less (about 130 B a user, 620 B a request in flight, 21 B a key, per replication running; see docs/scenarios.md, Memory).");
            return ExitCodes.OutOfMemory;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // --out is checked before a run starts; this is a write that failed after it (the disk filled up, the
            // folder was removed). Commands print their result before writing, and every file is written atomically,
            // so nothing printed is lost and what is on disk is whole.
            stderr.WriteLine($"sim: could not write the results: {ex.Message} The result was printed in full on stdout; files already written are complete (each is written atomically), the rest were not written.");
            return ExitCodes.OutputFailed;
        }
    }

    /// <summary>An <see cref="OutOfMemoryException"/>, also when replications running in parallel wrap it.</summary>
    private static bool IsOutOfMemory(Exception ex) => ex switch
    {
        OutOfMemoryException => true,
        AggregateException a => a.Flatten().InnerExceptions.Any(IsOutOfMemory),
        _ => ex.InnerException is { } inner && IsOutOfMemory(inner),
    };

    internal static RootCommand BuildRoot(TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var root = new RootCommand("Sim — a discrete-event capacity simulator for web back ends.");
        root.Subcommands.Add(RunCommand.Create(stdout, stderr, cancellationToken));
        root.Subcommands.Add(MmcCommand.Create(stdout, stderr, cancellationToken));
        root.Subcommands.Add(PhasesCommand.Create(stdout, stderr, cancellationToken));
        root.Subcommands.Add(CapacityCommand.Create(stdout, stderr, cancellationToken));
        root.Subcommands.Add(SensitivityCommand.Create(stdout, stderr, cancellationToken));
        root.Subcommands.Add(AnalyzeCommand.Create(stdout, stderr, cancellationToken));
        root.Subcommands.Add(ValidateCommand.Create(stdout, stderr));
        root.Subcommands.Add(InitCommand.Create(stdout, stderr));
        root.Subcommands.Add(SweepCommand.Create(stdout, stderr, cancellationToken));
        root.Subcommands.Add(MergeCommand.Create(stdout, stderr));
        root.Subcommands.Add(CalibrateCommand.Create(stdout, stderr, cancellationToken));
        return root;
    }
}
