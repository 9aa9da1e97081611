namespace Sim.Cli.Tests;

/// <summary>
/// A fact that needs root on Linux with <c>unshare</c> (util-linux) to give one child process a private mount namespace.
/// CI runs as root, so there it always runs; elsewhere it is skipped and says why.
/// </summary>
public sealed class RootWithUnshareFactAttribute : FactAttribute
{
    public RootWithUnshareFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root" || !File.Exists("/usr/bin/unshare"))
            Skip = "needs root on Linux and /usr/bin/unshare to hide the machine's fonts in a private mount namespace.";
    }
}
