namespace Sim.Cli.Tests;

/// <summary>Captures a command's stdout as a terminal of <paramref name="columns"/> columns would show it.</summary>
internal sealed class WidthWriter(int columns) : StringWriter, IConsoleWidth
{
    public int Columns { get; } = columns;
}
