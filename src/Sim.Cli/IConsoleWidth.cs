namespace Sim.Cli;

/// <summary>A writer that knows the width of the terminal it stands for (tests: the output of a command at 80 columns).</summary>
internal interface IConsoleWidth
{
    /// <summary>The width in columns, &gt; 0.</summary>
    int Columns { get; }
}
