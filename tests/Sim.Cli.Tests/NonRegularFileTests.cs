using System.Diagnostics;
using static Sim.Cli.Tests.CliRun;

namespace Sim.Cli.Tests;

public sealed class NonRegularFileTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sim-fifo-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [LinuxOnlyFact]
    public async Task AFifoAsTheScenario_IsRefused_NamingThePath_InsteadOfBlocking()
    {
        // Before: 'sim validate FIFO' blocked in open() until a writer came, and ignored Ctrl-C.
        Directory.CreateDirectory(_dir);
        string fifo = Path.Combine(_dir, "scenario.json");
        using (Process mkfifo = Process.Start("mkfifo", [fifo])!) await mkfifo.WaitForExitAsync();
        foreach (string[] args in new[] { new[] { "validate", fifo }, ["run", fifo, "-n", "2"], ["sweep", fifo, "--param", "users=1..2"] })
        {
            Task<(int Code, string Out, string Err)> run = Task.Run(() => RunSim(args));
            if (await Task.WhenAny(run, Task.Delay(TimeSpan.FromMinutes(1))) != run)
            {
                // Unblock the reader (opening the other end) so the test process can finish, then fail.
                using (new FileStream(fifo, FileMode.Open, FileAccess.Write)) { }
                await run;
                Assert.Fail($"sim {args[0]} blocked on a FIFO");
            }
            var (code, output, err) = await run;
            Assert.Equal(2, code);
            Assert.Equal("", output);
            Assert.Contains($"{fifo}: (not a regular file)", err, StringComparison.Ordinal);
        }
    }
}
