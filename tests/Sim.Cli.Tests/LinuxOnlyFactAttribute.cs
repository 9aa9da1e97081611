namespace Sim.Cli.Tests;

/// <summary>
/// A fact that runs on Linux only: the test sends real POSIX signals to a child <c>sim</c> process (kill(2), signal(2)) or makes a FIFO (<c>mkfifo</c>), which other systems do not have in that form.
/// </summary>
public sealed class LinuxOnlyFactAttribute : FactAttribute
{
    public LinuxOnlyFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "Linux only: sends real POSIX signals to a child process or uses mkfifo.";
    }
}
