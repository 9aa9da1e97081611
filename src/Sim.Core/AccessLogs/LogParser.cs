using System.Globalization;

namespace Sim.AccessLogs;

/// <summary>Parses one access-log line of either format; on failure names the field, the value and what is allowed.</summary>
internal static class LogParser
{
    /// <summary>The stack format's field names, in order (docs/reference-stack.md).</summary>
    public static readonly string[] StackFields =
    [
        "$msec", "$time_iso8601", "$remote_addr", "$request_method", "$request_uri", "$status", "$body_bytes_sent", "$bytes_sent",
        "$request_time", "$upstream_connect_time", "$upstream_header_time", "$upstream_response_time", "$upstream_addr",
        "$upstream_http_x_cache", "$upstream_http_x_app_ms", "$gzip_ratio", "$connection", "$connection_requests",
    ];

    /// <summary>Longest <c>$request_time</c> accepted, seconds (one day).</summary>
    public const double MaxRequestSeconds = 86_400;

    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>Parses <paramref name="line"/> as <paramref name="format"/> (Stack or Combined); null on success, else the problem.</summary>
    public static string? TryParse(string line, AccessLogFormat format, out LogRecord record) =>
        format == AccessLogFormat.Stack ? TryParseStack(line, out record) : TryParseCombined(line, out record);

    /// <summary>Parses a line of the stack format: 18 tab-separated fields.</summary>
    public static string? TryParseStack(string line, out LogRecord record)
    {
        record = default;
        Span<Range> f = stackalloc Range[19];
        ReadOnlySpan<char> s = line.AsSpan();
        int n = s.Split(f, '\t');
        if (n != 18) return $"expected 18 tab-separated fields ({string.Join(" ", StackFields)}), found {(n > 18 ? "more" : n.ToString(CultureInfo.InvariantCulture))}";
        string? e;
        if ((e = Seconds(s[f[0]], 0, out record.EndUnix, allowDash: false)) is not null) return e;
        if (record.EndUnix < 1e8 || record.EndUnix > 1e11) return Bad(0, s[f[0]], "Unix seconds such as 1796498072.271");
        record.Method = new string(s[f[3]]);
        if (record.Method.Length == 0 || record.Method == "-") return Bad(3, s[f[3]], "an HTTP method such as GET");
        record.Uri = new string(s[f[4]]);
        if (record.Uri.Length == 0 || (record.Uri[0] != '/' && record.Uri != "*")) return Bad(4, s[f[4]], "a path starting with '/'");
        if (!int.TryParse(s[f[5]], NumberStyles.None, CultureInfo.InvariantCulture, out record.Status) || record.Status < 100 || record.Status > 999)
            return Bad(5, s[f[5]], "an HTTP status (100–999)");
        if (!long.TryParse(s[f[6]], NumberStyles.None, CultureInfo.InvariantCulture, out record.BodyBytes)) return Bad(6, s[f[6]], "bytes, an integer ≥ 0");
        if ((e = Seconds(s[f[8]], 8, out record.RequestSeconds, allowDash: false)) is not null) return e;
        // A day at most: a larger value is a broken line, and would stretch the load timeline back by as much.
        if (record.RequestSeconds > MaxRequestSeconds) return Bad(8, s[f[8]], $"seconds in [0, {MaxRequestSeconds}]");
        if ((e = Seconds(s[f[9]], 9, out record.ConnectSeconds, allowDash: true)) is not null) return e;
        if ((e = Seconds(s[f[10]], 10, out record.HeaderSeconds, allowDash: true)) is not null) return e;
        if ((e = Seconds(s[f[11]], 11, out record.ResponseSeconds, allowDash: true)) is not null) return e;
        ReadOnlySpan<char> addr = s[f[12]];
        record.Upstream = !(addr.Length == 0 || addr.SequenceEqual("-"));
        ReadOnlySpan<char> cache = s[f[13]];
        record.Cache = cache.Equals("HIT", StringComparison.OrdinalIgnoreCase) ? CacheOutcome.Hit
            : cache.Equals("MISS", StringComparison.OrdinalIgnoreCase) ? CacheOutcome.Miss
            : cache.Equals("NONE", StringComparison.OrdinalIgnoreCase) ? CacheOutcome.None
            : CacheOutcome.Unknown;
        if ((e = Seconds(s[f[14]], 14, out double appMs, allowDash: true)) is not null) return e;
        record.AppSeconds = appMs / 1000;
        ReadOnlySpan<char> gz = s[f[15]];
        record.GzipRatio = double.NaN;
        if (!(gz.Length == 0 || gz.SequenceEqual("-")))
        {
            if (!double.TryParse(gz, NumberStyles.Float, CultureInfo.InvariantCulture, out record.GzipRatio) || !(record.GzipRatio > 0) || double.IsInfinity(record.GzipRatio))
                return Bad(15, gz, "a ratio > 0 such as 3.51, or '-'");
        }
        return null;
    }

    /// <summary>
    /// A non-negative number of seconds, or '-' (NaN) when allowed; nginx writes a list ("0.001, 0.002" or "0.001 : 0.002")
    /// when it tried several upstreams or redirected internally: the values are summed.
    /// </summary>
    private static string? Seconds(ReadOnlySpan<char> text, int field, out double value, bool allowDash)
    {
        value = double.NaN;
        ReadOnlySpan<char> t = text.Trim();
        if (t.Length == 0 || t.SequenceEqual("-"))
            return allowDash ? null : Bad(field, text, "seconds ≥ 0 such as 0.273");
        double sum = 0;
        bool any = false;
        foreach (Range r in t.SplitAny(",:"))
        {
            ReadOnlySpan<char> part = t[r].Trim();
            if (part.SequenceEqual("-")) continue;
            if (!double.TryParse(part, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
                return Bad(field, text, allowDash ? "seconds ≥ 0 such as 0.273, or '-'" : "seconds ≥ 0 such as 0.273");
            sum += v;
            any = true;
        }
        if (any) value = sum;
        else if (!allowDash) return Bad(field, text, "seconds ≥ 0 such as 0.273");
        return null;
    }

    private static string Bad(int field, ReadOnlySpan<char> value, string allowed) =>
        $"field {field + 1} ({StackFields[field]}) is '{Clip(value)}'; allowed: {allowed}";

    private static string Clip(ReadOnlySpan<char> value) => value.Length <= 40 ? new string(value) : new string(value[..40]) + "…";

    /// <summary>Parses a line of nginx's combined format.</summary>
    public static string? TryParseCombined(string line, out LogRecord record)
    {
        record = default;
        record.RequestSeconds = double.NaN;
        record.ConnectSeconds = double.NaN;
        record.HeaderSeconds = double.NaN;
        record.ResponseSeconds = double.NaN;
        record.AppSeconds = double.NaN;
        record.GzipRatio = double.NaN;
        ReadOnlySpan<char> s = line.AsSpan();
        int open = s.IndexOf('[');
        int close = open < 0 ? -1 : s[open..].IndexOf(']');
        if (open < 0 || close < 0) return "no [$time_local] field; allowed: nginx combined format, $remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent \"$http_referer\" \"$http_user_agent\"";
        close += open;
        if (!TryTimeLocal(s[(open + 1)..close], out record.EndUnix))
            return $"$time_local is '{Clip(s[(open + 1)..close])}'; allowed: dd/Mon/yyyy:HH:mm:ss +hhmm such as 10/Oct/2026:13:55:36 +0000";
        ReadOnlySpan<char> rest = s[(close + 1)..].TrimStart();
        if (rest.Length == 0 || rest[0] != '"') return "no \"$request\" field after [$time_local]";
        int endQuote = rest[1..].IndexOf('"');
        if (endQuote < 0) return "$request has no closing quote";
        ReadOnlySpan<char> request = rest.Slice(1, endQuote);
        Span<Range> parts = stackalloc Range[4];
        int n = request.Split(parts, ' ', StringSplitOptions.RemoveEmptyEntries);
        if (n < 2 || n > 3 || request[parts[1]].Length == 0 || request[parts[1]][0] != '/')
            return $"$request is '{Clip(request)}'; allowed: METHOD /path PROTOCOL such as GET /page/1 HTTP/1.1";
        record.Method = new string(request[parts[0]]);
        record.Uri = new string(request[parts[1]]);
        rest = rest[(endQuote + 2)..].TrimStart();
        Span<Range> tail = stackalloc Range[3];
        int m = rest.Split(tail, ' ', StringSplitOptions.RemoveEmptyEntries);
        if (m < 2) return "no $status and $body_bytes_sent after \"$request\"";
        if (!int.TryParse(rest[tail[0]], NumberStyles.None, CultureInfo.InvariantCulture, out record.Status) || record.Status < 100 || record.Status > 999)
            return $"$status is '{Clip(rest[tail[0]])}'; allowed: an HTTP status (100–999)";
        ReadOnlySpan<char> bytes = rest[tail[1]];
        if (bytes.SequenceEqual("-")) record.BodyBytes = 0;
        else if (!long.TryParse(bytes, NumberStyles.None, CultureInfo.InvariantCulture, out record.BodyBytes))
            return $"$body_bytes_sent is '{Clip(bytes)}'; allowed: bytes, an integer ≥ 0";
        record.Cache = CacheOutcome.Unknown;
        return null;
    }

    /// <summary>nginx's <c>$time_local</c>: <c>10/Oct/2026:13:55:36 +0000</c>, as Unix seconds.</summary>
    private static bool TryTimeLocal(ReadOnlySpan<char> t, out double unix)
    {
        unix = 0;
        // dd/MMM/yyyy:HH:mm:ss +hhmm — 26 characters.
        if (t.Length != 26 || t[2] != '/' || t[6] != '/' || t[11] != ':' || t[14] != ':' || t[17] != ':' || t[20] != ' ') return false;
        int month = Array.IndexOf(Months, new string(t.Slice(3, 3))) + 1;
        if (month == 0) return false;
        if (!Int(t[..2], out int day) || !Int(t.Slice(7, 4), out int year) || !Int(t.Slice(12, 2), out int hour)
            || !Int(t.Slice(15, 2), out int minute) || !Int(t.Slice(18, 2), out int second)) return false;
        if (t[21] != '+' && t[21] != '-') return false;
        if (!Int(t.Slice(22, 2), out int oh) || !Int(t.Slice(24, 2), out int om)) return false;
        if (day < 1 || day > DateTime.DaysInMonth(Math.Clamp(year, 1, 9999), month) || hour > 23 || minute > 59 || second > 60 || oh > 14 || om > 59) return false;
        var offset = new TimeSpan(oh, om, 0);
        if (t[21] == '-') offset = -offset;
        try
        {
            var time = new DateTimeOffset(year, month, day, hour, minute, Math.Min(second, 59), offset);
            unix = time.ToUnixTimeSeconds();
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    private static bool Int(ReadOnlySpan<char> s, out int value) => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
