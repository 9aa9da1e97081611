using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Sim.Cli.Tests;

/// <summary>
/// The built <c>sim</c> tool (sim.dll beside the tests) run as a child process with its output captured, that a test can
/// interrupt with SIGINT. Disposing kills it if it is still running, so a failed test leaves no process behind.
/// </summary>
internal sealed class SigIntProcess : IDisposable
{
    private const int SigInt = 2;               // the same number on every Linux architecture
    private static readonly IntPtr SigDfl = 0;  // SIG_DFL
    private static readonly Lazy<bool> SigIntDefault = new(() => ResetIgnoredSignal(SigInt));
    private readonly Process _process;

    private SigIntProcess(Process process)
    {
        _process = process;
        Stdout = process.StandardOutput.ReadToEndAsync();
    }

    /// <summary>Everything the child writes to standard output, complete once it exits.</summary>
    public Task<string> Stdout { get; }

    /// <summary>The child's standard error, to read line by line.</summary>
    public StreamReader Stderr => _process.StandardError;

    /// <summary>The exit code; only once the child has exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>True once the child has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>dotnet sim.dll ARGS…</c> with SIGINT at its default disposition, as in a terminal.</summary>
    public static SigIntProcess Start(params string[] args)
    {
        if (!SigIntDefault.Value) throw new InvalidOperationException("SIGINT could not be reset to its default disposition.");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sim.dll"));
        foreach (string a in args) start.ArgumentList.Add(a);
        return new SigIntProcess(Process.Start(start)!);
    }

    /// <summary>Sends SIGINT, what Ctrl-C in a terminal sends.</summary>
    public void Interrupt()
    {
        if (Kill(_process.Id, SigInt) != 0) throw new InvalidOperationException($"kill(2) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Waits for the child to exit; throws <see cref="OperationCanceledException"/> if it has not within <paramref name="timeout"/> (a hang guard, not a speed test).</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // exited meanwhile
        }
        _process.Dispose();
    }

    /// <summary>
    /// A test host started in the background by a non-interactive shell (<c>dotnet test … &amp;</c> in a script, as a CI
    /// runner may do) has SIGINT ignored; a child inherits an ignored signal through fork/exec and posix_spawn, and .NET
    /// then never installs its Ctrl-C handler, so the child would not see the signal at all. A terminal gives every
    /// process SIGINT at its default; so does this, for the test host, once, and only if the signal is ignored (a
    /// handler the runtime installed is left alone). The mask is read from /proc/self/status (Linux).
    /// </summary>
    internal static bool ResetIgnoredSignal(int signal)
    {
        string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        if (line is null) return false;
        ulong ignored = ulong.Parse(line["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        if ((ignored & (1UL << (signal - 1))) != 0) Signal(signal, SigDfl);
        return true;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static extern int Kill(int pid, int signal);

    [DllImport("libc", EntryPoint = "signal")]
    private static extern IntPtr Signal(int signal, IntPtr handler);
}
