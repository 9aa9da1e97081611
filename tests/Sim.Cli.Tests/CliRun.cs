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
}
