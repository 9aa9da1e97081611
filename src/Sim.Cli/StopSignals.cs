using System.Runtime.InteropServices;

namespace Sim.Cli;

/// <summary>
/// How the tool answers SIGINT (Ctrl-C) and SIGTERM (kill, timeout, Docker, Kubernetes, Slurm): the first of either
/// cancels the run's token — the command stops at its next safe point, keeps and prints what finished, and exits 3 —
/// and says so on stderr; a second ends the process at once with the shell's code for that signal, 128 + its number
/// (130 for SIGINT, 143 for SIGTERM), for a stage that is slow to stop or blocked (a full pipe on stdout).
/// </summary>
/// <remarks>Dispose to restore the runtime's default handling.</remarks>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _cancellation;
    private readonly TextWriter _stderr;
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _received;

    public StopSignals(CancellationTokenSource cancellation, TextWriter stderr)
    {
        _cancellation = cancellation;
        _stderr = stderr;
        foreach (PosixSignal signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            try
            {
                _registrations.Add(PosixSignalRegistration.Create(signal, Handle));
            }
            catch (PlatformNotSupportedException)
            {
                // A platform without this signal: nothing can send it.
            }
        }
    }

    /// <summary>The exit code after a second signal: 128 + the signal's number, as a shell reports a process it killed.</summary>
    public static int ForcedExitCode(PosixSignal signal) => signal == PosixSignal.SIGTERM ? 143 : 130;

    private void Handle(PosixSignalContext context)
    {
        context.Cancel = true; // not the runtime's default (end the process now): the command stops cleanly
        bool term = context.Signal == PosixSignal.SIGTERM;
        string name = term ? "SIGTERM" : "Ctrl-C (SIGINT)";
        if (Interlocked.Increment(ref _received) == 1)
        {
            string again = term ? "send SIGTERM again" : "press Ctrl-C again";
            _stderr.WriteLine($"sim: {name} received — stopping; what has finished is kept ({again} to quit at once).");
            _cancellation.Cancel();
            return;
        }
        _stderr.WriteLine($"sim: {name} received again — quitting at once.");
        // Exit from another thread: Environment.Exit waits for the runtime's signal handling, which this handler is part
        // of (called here, a second SIGTERM never ended the process).
        int code = ForcedExitCode(context.Signal);
        new Thread(() => Environment.Exit(code)) { IsBackground = true, Name = "sim forced exit" }.Start();
    }

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations) registration.Dispose();
    }
}
