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

    /// <summary>
    /// A writer for the handler's notes that goes straight to file descriptor 2 on Unix. Console.Error cannot be used:
    /// after writing, the console takes the lock of Console.Out, which the main thread holds while it is blocked writing a
    /// full stdout pipe — the first note then waited for ever holding Console.Error, and the second signal's handler
    /// waited behind it and never ended the process. Elsewhere, Console.Error.
    /// </summary>
    public static TextWriter NotesWriter()
    {
        if (OperatingSystem.IsWindows()) return Console.Error;
        var stream = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(2, ownsHandle: false), FileAccess.Write, 1);
        return TextWriter.Synchronized(new StreamWriter(stream, new System.Text.UTF8Encoding(false)) { AutoFlush = true });
    }

    private void Handle(PosixSignalContext context)
    {
        context.Cancel = true; // not the runtime's default (end the process now): the command stops cleanly
        bool term = context.Signal == PosixSignal.SIGTERM;
        string name = term ? "SIGTERM" : "Ctrl-C (SIGINT)";
        // Act first, then say so: a note that cannot be written (stderr blocked) must not hold up the action.
        if (Interlocked.Increment(ref _received) == 1)
        {
            _cancellation.Cancel();
            string again = term ? "send SIGTERM again" : "press Ctrl-C again";
            Note($"sim: {name} received — stopping; what has finished is kept ({again} to quit at once).", wait: Timeout.InfiniteTimeSpan);
            return;
        }
        Note($"sim: {name} received again — quitting at once.", wait: TimeSpan.FromMilliseconds(500));
        Environment.Exit(ForcedExitCode(context.Signal));
    }

    /// <summary>Writes a note from its own thread, waiting for it at most <paramref name="wait"/> (each signal's handler runs on a thread of its own).</summary>
    private void Note(string text, TimeSpan wait)
    {
        var writer = new Thread(() =>
        {
            try
            {
                _stderr.WriteLine(text);
            }
            catch (IOException)
            {
                // stderr closed: nothing to say it on
            }
        }) { IsBackground = true, Name = "sim signal note" };
        writer.Start();
        writer.Join(wait);
    }

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations) registration.Dispose();
    }
}
