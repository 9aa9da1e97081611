namespace Sim.Cli;

/// <summary>The tool's exit codes (documented in docs/cli.md).</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int SloViolated = 1;
    public const int BadInput = 2;
    public const int Cancelled = 3;
    public const int OutputFailed = 4;
    public const int OutOfMemory = 5;
}
