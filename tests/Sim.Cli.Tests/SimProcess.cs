using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Sim.Cli.Tests;

/// <summary>
/// The built <c>sim</c> tool (sim.dll next to the tests) run as a real child process, as a shell, <c>timeout</c>, Docker or
/// Slurm would run it: its stderr is read line by line (so a test can wait for an observable step before signalling),
/// its stdout either collected or, on request, never read (so the child blocks once it has written a pipe's worth).
/// Disposing kills it if it is still running.
/// </summary>
internal sealed class SimProcess : IDisposable
{
    private static readonly Lazy<bool> SignalsReset = new(() => SigIntProcess.ResetIgnoredSignal(2) && SigIntProcess.ResetIgnoredSignal(15));
    private readonly Process _child;
    private readonly StringBuilder _err = new();
    private readonly Lock _gate = new();
    private readonly Task _errPump;
    private readonly Task<string>? _out;
    private readonly SemaphoreSlim _lineArrived = new(0);

    public SimProcess(bool readStdout, params string[] args)
    {
        string sim = Path.Combine(AppContext.BaseDirectory, "sim.dll");
        // A test host started in the background by a non-interactive shell may have SIGINT ignored, and a child inherits
        // that: reset INT and TERM to their default in the host (only if ignored), so the child sees them as a terminal
        // user's sim does — without GNU env's --default-signal.
        if (!SignalsReset.Value) throw new InvalidOperationException("SIGINT/SIGTERM could not be reset to their default disposition.");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in (string[])[sim, .. args]) start.ArgumentList.Add(a);
        _child = Process.Start(start)!;
        _out = readStdout ? _child.StandardOutput.ReadToEndAsync() : null;
        _errPump = Task.Run(async () =>
        {
            while (await _child.StandardError.ReadLineAsync() is { } line)
            {
                lock (_gate) _err.AppendLine(line);
                _lineArrived.Release();
            }
            _lineArrived.Release();
        });
    }

    /// <summary>Everything on stderr so far.</summary>
    public string Stderr
    {
        get { lock (_gate) return _err.ToString(); }
    }

    /// <summary>Waits until stderr has a line containing <paramref name="text"/>; fails if the child exits first or after <paramref name="within"/>.</summary>
    public async Task WaitForStderr(string text, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (!Stderr.Contains(text, StringComparison.Ordinal))
        {
            if (_errPump.IsCompleted) Assert.Fail($"sim ended before writing '{text}' on stderr:\n{Stderr}");
            TimeSpan left = within - clock.Elapsed;
            if (left <= TimeSpan.Zero) Assert.Fail($"no '{text}' on stderr within {within}:\n{Stderr}");
            await _lineArrived.WaitAsync(left);
        }
    }

    /// <summary>Waits until <paramref name="done"/> holds (polled, e.g. a file appears); fails if the child exits first or after <paramref name="within"/>.</summary>
    public async Task WaitUntil(Func<bool> done, string what, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (!done())
        {
            if (_child.HasExited) Assert.Fail($"sim exited (code {_child.ExitCode}) before {what}:\n{Stderr}");
            if (clock.Elapsed > within) Assert.Fail($"not {what} within {within}:\n{Stderr}");
            await Task.Delay(20);
        }
    }

    /// <summary>
    /// True when the child's main thread is asleep writing a pipe (Linux: /proc/PID/wchan reads "pipe_write" or
    /// "anon_pipe_write"), i.e. blocked on a full stdout nobody reads; also true when the kernel does not say (wchan "0").
    /// </summary>
    public bool MainThreadBlockedOnAPipe()
    {
        try
        {
            string wchan = File.ReadAllText($"/proc/{_child.Id.ToString(CultureInfo.InvariantCulture)}/wchan").Trim();
            return wchan.Contains("pipe_write", StringComparison.Ordinal) || wchan == "0";
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Sends a signal ("INT", "TERM") with kill(2).</summary>
    public Task Signal(string name)
    {
        int number = name switch { "INT" => 2, "TERM" => 15, _ => throw new ArgumentOutOfRangeException(nameof(name), name, "INT or TERM.") };
        if (SigIntProcess.Kill(_child.Id, number) != 0) throw new InvalidOperationException($"kill(2) failed: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
        return Task.CompletedTask;
    }

    /// <summary>Waits for the child to exit (failing after <paramref name="within"/>) and returns its exit code, stdout (empty when not read) and stderr.</summary>
    public async Task<(int Code, string Out, string Err)> Exit(TimeSpan within)
    {
        using (var timeout = new CancellationTokenSource(within))
        {
            try
            {
                await _child.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"sim did not exit within {within}:\n{Stderr}");
            }
        }
        await _errPump.WaitAsync(within);
        return (_child.ExitCode, _out is null ? "" : await _out.WaitAsync(within), Stderr);
    }

    public void Dispose()
    {
        try
        {
            if (!_child.HasExited) _child.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        _child.Dispose();
    }
}
