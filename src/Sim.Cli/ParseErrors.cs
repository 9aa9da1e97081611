using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;
using Sim.Validation;

namespace Sim.Cli;

/// <summary>
/// Rewrites System.CommandLine's parse errors in the tool's own form — the option, the value, what is allowed —
/// instead of .NET type names ("Cannot parse argument 'abc' for option '--replications' as expected type
/// 'System.Nullable`1[System.Int32]'").
/// </summary>
internal static partial class ParseErrors
{
    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for option '(?<option>[^']+)' as expected type '(?<type>[^']+)'\.?$", RegexOptions.Singleline)]
    private static partial Regex CannotParse();

    [GeneratedRegex(@"^Argument '(?<value>.*)' not recognized\. Must be one of:(?<choices>.*)$", RegexOptions.Singleline)]
    private static partial Regex NotOneOf();

    /// <summary>One line for one parse error.</summary>
    public static string Describe(ParseError error)
    {
        Match m = CannotParse().Match(error.Message);
        if (m.Success)
            return $"{m.Groups["option"].Value}: '{m.Groups["value"].Value}' is not valid; expected {Expected(m.Groups["type"].Value)}.";
        m = NotOneOf().Match(error.Message);
        if (m.Success)
        {
            string[] choices = m.Groups["choices"].Value.Split(['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            string allowed = string.Join(", ", choices.Select(c => c.Trim('\'')));
            string subject = OptionName(error) is { } option ? $"{option}: " : "";
            return $"{subject}'{m.Groups["value"].Value}' is not allowed; allowed: {allowed}.";
        }
        return error.Message;
    }

    /// <summary>
    /// Tokens that look like options but were taken as the command's file or folder argument because the command has
    /// no such option (<c>sim run --bogus</c> read a scenario file named "--bogus"): one message each, with the
    /// nearest option's name. A file or folder that really has such a name is left alone.
    /// </summary>
    public static IEnumerable<string> OptionsTakenAsArguments(ParseResult parse)
    {
        CommandResult command = parse.CommandResult;
        // Compared without the dashes, which every long option shares ("--bogus" is not near "--out").
        string[] names = [.. command.Command.Options.SelectMany(o => o.Aliases.Prepend(o.Name))
            .Where(n => n.StartsWith("--", StringComparison.Ordinal)).Select(n => n[2..])];
        foreach (SymbolResult child in command.Children)
        {
            if (child is not ArgumentResult argument) continue;
            foreach (Token token in argument.Tokens)
            {
                string value = token.Value;
                if (value.Length < 2 || value[0] != '-' || File.Exists(value) || Directory.Exists(value)) continue;
                string suggestion = NearestName.Find(value.TrimStart('-'), names) is { } nearest ? $"; did you mean '--{nearest}'?" : "";
                yield return $"unknown option '{value}' for 'sim {command.Command.Name}'{suggestion}; see 'sim {command.Command.Name} --help'.";
            }
        }
    }

    /// <summary>
    /// The first word when it names no command (<c>sim rn</c>): one message with the nearest command, instead of the parser's
    /// "Required command was not provided" and "Unrecognized command or argument 'rn'"; null when a command was given.
    /// </summary>
    public static string? UnknownCommand(ParseResult parse, IReadOnlyList<string> args)
    {
        if (parse.CommandResult.Command is not RootCommand root || args.Count == 0 || args[0].StartsWith('-')) return null;
        string typed = args[0];
        string[] names = [.. root.Subcommands.SelectMany(c => c.Aliases.Prepend(c.Name))];
        if (names.Contains(typed, StringComparer.Ordinal)) return null;
        string suggestion = NearestName.Find(typed, names) is { } nearest ? $"; did you mean '{nearest}'?" : "";
        return $"unknown command '{typed}'{suggestion}; see 'sim --help'.";
    }

    private static string? OptionName(ParseError error) => error.SymbolResult switch
    {
        OptionResult o => o.Option.Name,
        ArgumentResult { Parent: OptionResult o } => o.Option.Name,
        _ => null,
    };

    private static string Expected(string type)
    {
        if (type.Contains("UInt64", StringComparison.Ordinal)) return $"a whole number from 0 to {ulong.MaxValue}";
        if (type.Contains("Int32", StringComparison.Ordinal) || type.Contains("Int64", StringComparison.Ordinal)) return "a whole number";
        if (type.Contains("Double", StringComparison.Ordinal)) return "a number";
        if (type.Contains("Boolean", StringComparison.Ordinal)) return "true or false";
        return "a value of another form (see sim --help)";
    }
}
