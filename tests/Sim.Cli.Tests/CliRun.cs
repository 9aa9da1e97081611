namespace Sim.Cli.Tests;

/// <summary>Runs the <c>sim</c> tool in-process, as a user's shell would, and captures what it prints.</summary>
internal static class CliRun
{
    /// <summary>The exit code, standard output and standard error of <c>sim ARGS…</c>.</summary>
    public static (int Code, string Out, string Err) RunSim(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(args, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>
    /// As <see cref="RunSim"/>, but cancels the run — as a first Ctrl-C or SIGTERM does — the moment stderr gets a line
    /// containing <paramref name="trigger"/>: a step the command reports synchronously, so where it stops does not depend on timing.
    /// </summary>
    public static (int Code, string Out, string Err) RunSimCancelledAt(string trigger, params string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        var stdout = new StringWriter();
        var stderr = new TriggerWriter(trigger, cancellation.Cancel);
        int code = Program.Run(args, stdout, stderr, cancellation.Token);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A <see cref="StringWriter"/> that calls an action once, when what was written first contains a text.</summary>
    private sealed class TriggerWriter(string trigger, Action action) : StringWriter
    {
        private bool _fired;

        public override void Write(char value)
        {
            base.Write(value);
            Check();
        }

        public override void Write(string? value)
        {
            base.Write(value);
            Check();
        }

        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            Check();
        }

        private void Check()
        {
            if (_fired || !ToString().Contains(trigger, StringComparison.Ordinal)) return;
            _fired = true;
            action();
        }
    }
}
