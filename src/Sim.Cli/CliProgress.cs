using Spectre.Console;

namespace Sim.Cli;

/// <summary>
/// Progress for long commands: a Spectre.Console bar on stderr when stderr is a terminal; otherwise
/// nothing here (the commands print one plain line per step instead, so logs and pipes stay readable).
/// </summary>
internal static class CliProgress
{
    /// <summary>True when <paramref name="stderr"/> is the process's own stderr and that is a terminal.</summary>
    public static bool IsTerminal(TextWriter stderr) => ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;

    /// <summary>
    /// Runs <paramref name="body"/>, which calls the action it is given once per finished unit (from any
    /// thread), with a bar of <paramref name="total"/> units when stderr is a terminal.
    /// </summary>
    public static T Run<T>(TextWriter stderr, string description, int total, Func<Action, T> body)
    {
        if (!IsTerminal(stderr)) return body(static () => { });
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stderr), Interactive = InteractionSupport.Yes });
        return console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                ProgressTask task = ctx.AddTask(Markup.Escape(description), maxValue: Math.Max(1, total));
                var gate = new Lock();
                T result = body(() => { lock (gate) task.Increment(1); });
                task.Value = task.MaxValue;
                return result;
            });
    }
}
