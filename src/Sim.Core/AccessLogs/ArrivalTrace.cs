using System.Globalization;
using System.Text;
using Sim.Randomness;

namespace Sim.AccessLogs;

/// <summary>
/// The arrivals of a recorded load, for replay (<c>load.open.trace</c>): each request's start time, seconds after the
/// first, and the scenario class name its URL maps to (the names <c>sim calibrate</c> gives its classes). Read from an
/// nginx access log with <see cref="Read"/>, or built from times and names with <see cref="FromArrivals"/>. Memory: 12
/// bytes per request (a 10-million-line log holds 120 MB). Immutable; thread safe.
/// </summary>
public sealed class ArrivalTrace
{
    /// <summary>The most requests a trace holds: 200 million (2.4 GB).</summary>
    public const int MaxRequests = 200_000_000;

    private readonly double[] _times;
    private readonly int[] _names;
    private readonly string[] _classNames;

    private ArrivalTrace(double[] times, int[] names, string[] classNames, double firstUnix, AccessLogFormat format, long skipped, string? firstSkipped, bool spread)
    {
        _times = times;
        _names = names;
        _classNames = classNames;
        FirstUnixSeconds = firstUnix;
        Format = format;
        SkippedLines = skipped;
        FirstSkipped = firstSkipped;
        SpreadWithinSeconds = spread;
        double last = times.Length > 0 ? times[^1] : 0;
        // One mean gap past the last arrival: a looped trace then starts its next pass one typical gap later, not at once.
        MeanGapSeconds = times.Length > 1 ? last / (times.Length - 1) : 1;
        SpanSeconds = last + MeanGapSeconds;
    }

    /// <summary>Requests in the trace, ≥ 1.</summary>
    public int Count => _times.Length;

    /// <summary>How long one pass of the trace lasts at speed 1, seconds: the last start plus one mean gap (so that a looped trace keeps its rate).</summary>
    public double SpanSeconds { get; }

    /// <summary>The mean gap between consecutive starts, seconds (1 for a single request).</summary>
    public double MeanGapSeconds { get; }

    /// <summary>The first request's start as Unix seconds; NaN for a trace built with <see cref="FromArrivals"/>.</summary>
    public double FirstUnixSeconds { get; }

    /// <summary>The log format it was read in (<see cref="AccessLogFormat.Auto"/> for one built in code).</summary>
    public AccessLogFormat Format { get; }

    /// <summary>Lines skipped as malformed while reading (fewer than the usable ones, or the read fails).</summary>
    public long SkippedLines { get; }

    /// <summary>The first skipped line's number and problem, or null.</summary>
    public string? FirstSkipped { get; }

    /// <summary>
    /// True when the log's timestamps are whole seconds (the <c>combined</c> format's <c>$time_local</c>): the requests of one
    /// second were placed at uniform random points within it — where a Poisson process with that count would put them —
    /// with a fixed seed, so every read of one log gives the same trace.
    /// </summary>
    public bool SpreadWithinSeconds { get; }

    /// <summary>The distinct class names, in order of first appearance.</summary>
    public IReadOnlyList<string> ClassNames => _classNames;

    /// <summary>Request <paramref name="index"/>'s start, seconds after the first request's, non-decreasing in the index.</summary>
    /// <param name="index">In [0, <see cref="Count"/>).</param>
    public double StartSeconds(int index) => _times[index];

    /// <summary>Request <paramref name="index"/>'s class name: an index into <see cref="ClassNames"/>.</summary>
    /// <param name="index">In [0, <see cref="Count"/>).</param>
    public int ClassNameIndex(int index) => _names[index];

    /// <summary>How many requests start in [<paramref name="fromSeconds"/>, <paramref name="toSeconds"/>) of one pass at speed 1.</summary>
    /// <param name="fromSeconds">Start, seconds after the first request.</param>
    /// <param name="toSeconds">End, seconds.</param>
    public int CountBetween(double fromSeconds, double toSeconds) => Math.Max(0, LowerBound(toSeconds) - LowerBound(fromSeconds));

    /// <summary>The largest number of requests starting in any one-second bin of the trace (bins from the first request).</summary>
    public int PeakPerSecond
    {
        get
        {
            int peak = 0;
            for (int i = 0, j = 0; i < _times.Length; i = j)
            {
                double bin = Math.Floor(_times[i]);
                while (j < _times.Length && Math.Floor(_times[j]) == bin) j++;
                peak = Math.Max(peak, j - i);
            }
            return peak;
        }
    }

    private int LowerBound(double t)
    {
        int lo = 0, hi = _times.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_times[mid] < t) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>A trace from start times and class names (one per request, in any order; sorted here, stably).</summary>
    /// <param name="startSeconds">Each request's start, seconds, finite and ≥ 0; shifted so that the first is 0.</param>
    /// <param name="classNames">Each request's class name.</param>
    /// <exception cref="ArgumentException">The lists are empty, of different lengths, or hold a time that is not finite or a null name.</exception>
    public static ArrivalTrace FromArrivals(IReadOnlyList<double> startSeconds, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(startSeconds);
        ArgumentNullException.ThrowIfNull(classNames);
        if (startSeconds.Count == 0) throw new ArgumentException("A trace needs at least one request.", nameof(startSeconds));
        if (startSeconds.Count != classNames.Count) throw new ArgumentException($"{startSeconds.Count} start times but {classNames.Count} class names; give one of each per request.", nameof(classNames));
        var builder = new Builder();
        for (int i = 0; i < startSeconds.Count; i++)
        {
            double t = startSeconds[i];
            if (!double.IsFinite(t) || t < 0) throw new ArgumentException($"startSeconds[{i}] is {t.ToString("R", CultureInfo.InvariantCulture)}; allowed: a finite time ≥ 0.", nameof(startSeconds));
            builder.Add(t, classNames[i] ?? throw new ArgumentException($"classNames[{i}] is null.", nameof(classNames)));
        }
        return builder.Build(double.NaN, AccessLogFormat.Auto, 0, null, spread: false);
    }

    /// <summary>
    /// Reads an nginx access log (<see cref="AccessLogFormat.Stack"/> or <see cref="AccessLogFormat.Combined"/>): each
    /// request's start is <c>$msec − $request_time</c> in the stack format, and <c>$time_local</c> in the combined one (the
    /// time the request was logged, to the second — it has no duration; see <see cref="SpreadWithinSeconds"/>); its class
    /// is its URL pattern's class name as <c>sim calibrate</c> names it. Lines that do not parse are skipped and counted;
    /// when they outnumber the usable ones the read fails. Streams the file once.
    /// </summary>
    /// <param name="path">The log file.</param>
    /// <param name="format">Its format; <see cref="AccessLogFormat.Auto"/> decides from the first 200 non-empty lines.</param>
    /// <param name="cancellationToken">Stops between lines.</param>
    /// <exception cref="AccessLogException">The file cannot be read, is empty, or is mostly not in the format; the message names the file, the line and what is allowed.</exception>
    public static ArrivalTrace Read(string path, AccessLogFormat format = AccessLogFormat.Auto, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path)) throw new AccessLogException($"{path}: is a folder; allowed: an nginx access log file.");
        try
        {
            using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.SequentialScan),
                Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16);
            return ReadLines(reader, path, format, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new AccessLogException($"{path}: cannot be read ({ex.Message}); allowed: a readable nginx access log.");
        }
    }

    private static ArrivalTrace ReadLines(StreamReader reader, string name, AccessLogFormat format, CancellationToken cancellationToken)
    {
        var builder = new Builder();
        var pending = new List<(string Line, long Number)>(); // the first non-empty lines, kept while the format is decided
        long lineNumber = 0, skipped = 0;
        string? firstSkipped = null;
        double firstUnix = double.PositiveInfinity;
        bool anyFraction = false;
        var patternNames = new Dictionary<string, string>(StringComparer.Ordinal);

        void Take(string line, long number)
        {
            if (line.Length == 0) return;
            string? problem = LogParser.TryParse(line, format, out LogRecord r);
            if (problem is null && !double.IsFinite(r.StartUnix)) problem = "the start time is not a finite number";
            if (problem is not null)
            {
                skipped++;
                firstSkipped ??= string.Create(CultureInfo.InvariantCulture, $"line {number}: {problem}");
                return;
            }
            if (builder.Count >= MaxRequests) throw new AccessLogException($"{name}: more than {MaxRequests:N0} requests; allowed: a trace of at most {MaxRequests:N0} (12 bytes each in memory) — cut the log to the period of interest.");
            double start = r.StartUnix;
            anyFraction |= start != Math.Floor(start);
            firstUnix = Math.Min(firstUnix, start);
            string pattern = UrlPattern.Of(r.Method, r.Uri);
            if (!patternNames.TryGetValue(pattern, out string? className))
            {
                className = UrlPattern.ClassName(pattern);
                if (patternNames.Count < 100_000) patternNames[pattern] = className;
            }
            builder.Add(start, className);
        }

        for (string? line; (line = reader.ReadLine()) is not null;)
        {
            lineNumber++;
            if ((lineNumber & 0xFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            if (format == AccessLogFormat.Auto)
            {
                if (line.Length > 0) pending.Add((line, lineNumber));
                if (pending.Count < 200) continue;
                format = Detect(pending, name);
                foreach (var (text, number) in pending) Take(text, number);
                pending.Clear();
                continue;
            }
            Take(line, lineNumber);
        }
        if (format == AccessLogFormat.Auto)
        {
            if (pending.Count == 0) throw new AccessLogException($"{name}: the log is empty; allowed: one request per line in the stack format (18 tab-separated fields, docs/reference-stack.md) or nginx's combined format.");
            format = Detect(pending, name);
            foreach (var (text, number) in pending) Take(text, number);
        }
        if (builder.Count == 0)
            throw new AccessLogException($"{name}: no usable request in {lineNumber:N0} line(s){(firstSkipped is null ? "" : "; the first problem: " + firstSkipped)}; allowed: lines of the {FormatName(format)}.");
        if (skipped > builder.Count)
            throw new AccessLogException($"{name}: {skipped:N0} of {lineNumber:N0} lines are not in the {FormatName(format)}; the first is {firstSkipped}.");
        return builder.Build(firstUnix, format, skipped, firstSkipped, spread: format == AccessLogFormat.Combined || !anyFraction);
    }

    private static AccessLogFormat Detect(List<(string Line, long Number)> lines, string name)
    {
        int stack = 0, combined = 0;
        foreach (var (line, _) in lines)
        {
            if (LogParser.TryParseStack(line, out _) is null) stack++;
            else if (LogParser.TryParseCombined(line, out _) is null) combined++;
        }
        if (stack == 0 && combined == 0)
            throw new AccessLogException($"{name}: none of the first {lines.Count} non-empty lines is in the stack format (18 tab-separated fields, docs/reference-stack.md) or nginx's combined format; name the format (load.open.trace.format) to see which field is wrong.");
        return stack >= combined ? AccessLogFormat.Stack : AccessLogFormat.Combined;
    }

    private static string FormatName(AccessLogFormat f) => f == AccessLogFormat.Stack ? "stack format (18 tab-separated fields, docs/reference-stack.md)" : "nginx combined format";

    /// <summary>Collects (time, name) pairs, then sorts them stably by time and shifts them to start at 0.</summary>
    private sealed class Builder
    {
        private double[] _t = new double[1024];
        private int[] _n = new int[1024];
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        private readonly List<string> _names = [];

        public int Count { get; private set; }

        public void Add(double time, string name)
        {
            if (!_index.TryGetValue(name, out int id))
            {
                id = _names.Count;
                _names.Add(name);
                _index[name] = id;
            }
            if (Count == _t.Length)
            {
                int size = (int)Math.Min((long)_t.Length * 2, Array.MaxLength);
                Array.Resize(ref _t, size);
                Array.Resize(ref _n, size);
            }
            _t[Count] = time;
            _n[Count] = id;
            Count++;
        }

        public ArrivalTrace Build(double firstUnix, AccessLogFormat format, long skipped, string? firstSkipped, bool spread)
        {
            double[] times = _t.AsSpan(0, Count).ToArray();
            if (spread)
            {
                // Whole-second stamps: given k requests in a second, a Poisson process places them as k independent uniform
                // points in it. A fixed seed keeps every read of one log identical.
                var random = new RandomStream(0x7472616365UL); // "trace"
                for (int i = 0; i < times.Length; i++) times[i] = Math.Floor(times[i]) + random.NextDouble();
            }
            // A stable sort by time (logs are written at the end of each request, so starts come out of order); the
            // permutation then becomes each sorted request's class name, in place, and the times are shifted to start at 0.
            int[] names = new int[times.Length];
            for (int i = 0; i < names.Length; i++) names[i] = i;
            Array.Sort(times, names);
            StableFix(times, names);
            for (int i = 0; i < names.Length; i++) names[i] = _n[names[i]];
            _t = [];
            _n = [];
            double origin = times[0];
            for (int i = 0; i < times.Length; i++) times[i] -= origin;
            return new ArrivalTrace(times, names, [.. _names], double.IsNaN(firstUnix) ? double.NaN : origin, format, skipped, firstSkipped, spread);
        }

        // Array.Sort is not stable: among equal times, restore the original order.
        private static void StableFix(double[] keys, int[] order)
        {
            for (int i = 0, j; i < keys.Length; i = j)
            {
                j = i + 1;
                while (j < keys.Length && keys[j] == keys[i]) j++;
                if (j - i > 1) Array.Sort(order, i, j - i);
            }
        }
    }
}
