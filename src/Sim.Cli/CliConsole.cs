using System.Globalization;
using Spectre.Console;

namespace Sim.Cli;

/// <summary>
/// The console a command prints its tables on, as wide as the terminal: <c>COLUMNS</c> when it is set to a positive
/// whole number (as GNU <c>ls</c> reads it), else the terminal's width when stdout is one, else <see cref="DefaultWidth"/>
/// (stdout redirected to a file or a pipe). A test passes a writer that is an <see cref="IConsoleWidth"/>.
/// </summary>
internal static class CliConsole
{
    /// <summary>The width, in columns, when stdout is not a terminal and <c>COLUMNS</c> is not set.</summary>
    public const int DefaultWidth = 120;

    /// <summary>The narrowest width the tables are laid out for; below it Spectre wraps cells inside their columns.</summary>
    public const int MinimumWidth = 40;

    /// <summary>The width, in columns, the tables written to <paramref name="stdout"/> must fit.</summary>
    public static int Width(TextWriter stdout)
    {
        if (stdout is IConsoleWidth fixedWidth) return Math.Max(MinimumWidth, fixedWidth.Columns);
        if (int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), NumberStyles.None, CultureInfo.InvariantCulture, out int columns) && columns > 0)
            return Math.Max(MinimumWidth, columns);
        if (ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected)
        {
            try
            {
                if (Console.WindowWidth > 0) return Math.Max(MinimumWidth, Console.WindowWidth);
            }
            catch (IOException)
            {
                // no terminal after all: the default below
            }
        }
        return DefaultWidth;
    }

    /// <summary>
    /// A Spectre console writing to <paramref name="stdout"/>, its width set by <see cref="Width"/>; plain text (no ANSI
    /// escapes, no colours) unless stdout is the terminal, so a file, a pipe or a test gets exactly what it measures.
    /// </summary>
    public static IAnsiConsole Create(TextWriter stdout)
    {
        bool terminal = ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        console.Profile.Width = Width(stdout);
        return console;
    }

    /// <summary>Writes a line of plain text (no markup), wrapped at the console's width.</summary>
    public static void Line(IAnsiConsole console, string text) => console.Write(new Text(text + "\n"));
}
