using System.Text;
using System.Text.RegularExpressions;

namespace Sim.Cli.Emit;

/// <summary>Quotes words for a POSIX shell (sh, bash), so a script passes them to a command exactly as given.</summary>
internal static partial class ShellQuote
{
    [GeneratedRegex(@"^[A-Za-z0-9_@%+=:,./-]+$")]
    private static partial Regex Plain();

    /// <summary>
    /// <paramref name="word"/> as one shell word: as is when it holds only characters no shell treats specially,
    /// otherwise in single quotes, with each <c>'</c> written as <c>'\''</c>. Inside single quotes nothing is special
    /// (<c>$</c>, backquotes, <c>\</c>, <c>!</c>, newlines), so any text survives; the empty word is <c>''</c>.
    /// </summary>
    public static string Word(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length > 0 && Plain().IsMatch(word)) return word;
        return "'" + word.Replace("'", @"'\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>The words quoted and joined by spaces.</summary>
    public static string Join(IEnumerable<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var sb = new StringBuilder();
        foreach (string w in words)
        {
            if (sb.Length > 0) sb.Append(' ');
            sb.Append(Word(w));
        }
        return sb.ToString();
    }
}
