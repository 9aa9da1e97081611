using System.Text;

namespace Sim.AccessLogs;

/// <summary>
/// Groups request URIs into patterns: the query and fragment are dropped, numeric, UUID and long hexadecimal path
/// segments become <c>{id}</c>, and files with a static extension (css, js, images, fonts …) all become <c>static</c>.
/// A method other than GET (or HEAD) is part of the pattern.
/// </summary>
internal static class UrlPattern
{
    /// <summary>The pattern of every static file.</summary>
    public const string Static = "static";

    private static readonly HashSet<string> StaticExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        "css", "js", "mjs", "map", "png", "jpg", "jpeg", "gif", "svg", "ico", "webp", "avif", "bmp", "woff", "woff2", "ttf", "otf",
        "eot", "bin", "mp4", "webm", "mp3", "ogg", "wav", "pdf", "zip", "gz", "txt", "wasm",
    };

    /// <summary>The pattern of one request, e.g. <c>/page/{id}</c>, <c>POST /api/orders</c>, <c>static</c>.</summary>
    public static string Of(string method, string uri)
    {
        ReadOnlySpan<char> path = uri.AsSpan();
        int q = path.IndexOfAny('?', '#');
        if (q >= 0) path = path[..q];
        int lastSlash = path.LastIndexOf('/');
        ReadOnlySpan<char> last = path[(lastSlash + 1)..];
        int dot = last.LastIndexOf('.');
        if (dot > 0 && dot < last.Length - 1 && StaticExtensions.Contains(new string(last[(dot + 1)..]))) return Static;
        var sb = new StringBuilder(path.Length + 8);
        if (!method.Equals("GET", StringComparison.OrdinalIgnoreCase) && !method.Equals("HEAD", StringComparison.OrdinalIgnoreCase))
            sb.Append(method.ToUpperInvariant()).Append(' ');
        if (path.Length == 0) return sb.Append('/').ToString();
        foreach (Range r in path.Split('/'))
        {
            ReadOnlySpan<char> seg = path[r];
            if (r.Start.Value == 0 && seg.Length == 0) continue; // the leading '/'
            sb.Append('/');
            sb.Append(IsId(seg) ? "{id}" : seg);
        }
        if (sb.Length == 0 || sb[^1] == ' ') sb.Append('/');
        return sb.ToString();
    }

    /// <summary>A segment that names one item: digits, a UUID, or ≥ 8 hexadecimal digits with at least one digit.</summary>
    internal static bool IsId(ReadOnlySpan<char> seg)
    {
        if (seg.Length == 0) return false;
        bool allDigits = true, allHex = true, anyDigit = false;
        foreach (char c in seg)
        {
            bool digit = c is >= '0' and <= '9';
            anyDigit |= digit;
            allDigits &= digit;
            allHex &= digit || c is >= 'a' and <= 'f' or >= 'A' and <= 'F';
        }
        if (allDigits) return true;
        if (allHex && anyDigit && seg.Length >= 8) return true;
        return IsUuid(seg);
    }

    private static bool IsUuid(ReadOnlySpan<char> s)
    {
        if (s.Length != 36) return false;
        for (int i = 0; i < 36; i++)
        {
            char c = s[i];
            if (i is 8 or 13 or 18 or 23) { if (c != '-') return false; }
            else if (!char.IsAsciiHexDigit(c)) return false;
        }
        return true;
    }

    /// <summary>
    /// A scenario class name for a pattern (ASCII letters, digits, '-', '_'): its literal segments joined by '-'
    /// (<c>/api/v1/users/{id}</c> → <c>api-v1-users</c>), prefixed by the method when there is one; <c>root</c> for <c>/</c>.
    /// </summary>
    public static string ClassName(string pattern)
    {
        var sb = new StringBuilder();
        foreach (char c in pattern.Replace("{id}", "", StringComparison.Ordinal))
        {
            if (char.IsAsciiLetterOrDigit(c) || c == '_') sb.Append(char.ToLowerInvariant(c));
            else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
        }
        string name = sb.ToString().Trim('-');
        if (name.Length > 48) name = name[..48].TrimEnd('-');
        return name.Length == 0 ? "root" : name;
    }
}
