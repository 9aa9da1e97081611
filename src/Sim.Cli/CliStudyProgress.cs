using Sim.Experiments;
using Spectre.Console;

namespace Sim.Cli;

/// <summary>
/// Shows a Sim.Core study's progress (<see cref="StudyProgress"/>): on a terminal, a Spectre.Console bar per configuration
/// and one for the capacity search, with the notes the study's reports produce printed once the bars are done; elsewhere
/// the plain lines of the caller's notes, as they happen (logs and pipes stay readable).
/// </summary>
internal static class CliStudyProgress
{
    /// <summary>Runs <paramref name="body"/> with a progress sink for <paramref name="stderr"/>.</summary>
    /// <param name="stderr">Where progress goes.</param>
    /// <param name="describe">The bar's description for a configuration or capacity search starting.</param>
    /// <param name="notes">The lines to print for a report (may be none); on a terminal only those of finished configurations are kept, printed after the bars.</param>
    /// <param name="body">Runs the study with the sink given.</param>
    public static T Run<T>(TextWriter stderr, Func<StudyProgress, string> describe, Func<StudyProgress, bool, IEnumerable<string>> notes,
        Func<IProgress<StudyProgress>, T> body)
    {
        if (!CliProgress.IsTerminal(stderr)) return body(new Plain(stderr, notes));
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stderr), Interactive = InteractionSupport.Yes });
        var later = new List<string>();
        try
        {
            return console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(ctx => body(new Bars(ctx, describe, p => later.AddRange(notes(p, true)))));
        }
        finally
        {
            foreach (string line in later) stderr.WriteLine(line);
        }
    }

    private sealed class Plain(TextWriter stderr, Func<StudyProgress, bool, IEnumerable<string>> notes) : IProgress<StudyProgress>
    {
        private readonly Lock _gate = new();

        public void Report(StudyProgress value)
        {
            lock (_gate) foreach (string line in notes(value, false)) stderr.WriteLine(line);
        }
    }

    private sealed class Bars(ProgressContext ctx, Func<StudyProgress, string> describe, Action<StudyProgress> keep) : IProgress<StudyProgress>
    {
        private readonly Lock _gate = new();
        private ProgressTask? _phase, _capacity;

        public void Report(StudyProgress value)
        {
            lock (_gate)
            {
                switch (value.Stage)
                {
                    case StudyStage.PhaseStarting:
                        _phase = ctx.AddTask(Markup.Escape(describe(value)), maxValue: Math.Max(1, value.Total));
                        break;
                    case StudyStage.ReplicationFinished:
                        _phase?.Increment(1);
                        break;
                    case StudyStage.PhaseFinished:
                        if (_phase is not null) _phase.Value = _phase.MaxValue;
                        keep(value);
                        break;
                    case StudyStage.CapacityStarting:
                        _capacity ??= ctx.AddTask(Markup.Escape(describe(value)), maxValue: Math.Max(1, value.Total));
                        break;
                    case StudyStage.CapacityFinished:
                        _capacity?.Increment(1);
                        break;
                }
            }
        }
    }
}
