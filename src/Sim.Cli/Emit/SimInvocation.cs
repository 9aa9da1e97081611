namespace Sim.Cli.Emit;

/// <summary>The command line that starts the <c>sim</c> running now, for job scripts that must run the same build.</summary>
internal static class SimInvocation
{
    /// <summary>
    /// The words that start this <c>sim</c>: the executable the user ran when it is the tool itself (the apphost in
    /// <c>bin/</c>, or a dotnet tool's <c>~/.dotnet/tools/sim</c>); <c>dotnet /path/sim.dll</c> when it ran as
    /// <c>dotnet sim.dll</c> or inside another host (a test runner).
    /// </summary>
    public static IReadOnlyList<string> Current()
    {
        string dll = typeof(Program).Assembly.Location;
        string? process = Environment.ProcessPath;
        string name = process is null ? "" : Path.GetFileNameWithoutExtension(process);
        if (process is not null && name == Path.GetFileNameWithoutExtension(dll)) return [process];
        if (process is not null && name == "dotnet") return [process, dll];
        // Hosted by another executable (e.g. a test host): the muxer that started it, else dotnet on PATH.
        string muxer = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        return [muxer, dll];
    }
}
