using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MathNet.Numerics.Distributions;
using Sim.Scenarios;
using Sim.AccessLogs;

namespace Sim.Calibration;

/// <summary>
/// Turns an nginx access log (and optionally CPU samples) into a scenario: request classes by URL pattern with their
/// shares, each class's service demand fitted from low-load requests and mapped onto steps (cpu, cacheGet + db for cache
/// misses), the cache hit ratio, response sizes, gzip, the upstream connect time, and an open load at the observed rate
/// (or the observed rate profile). Reads the log twice, streaming, in bounded memory (docs/calibration.md).
/// </summary>
/// <remarks>Thread safe: no shared state. The library writes nothing to the console.</remarks>
public static class AccessLogCalibration
{
    private const int KeptMalformed = 5;
    private const int MaxPatterns = 10_000;
    private const int MinFitted = 30;
    private const double DefaultAppSeconds = 0.020;

    /// <summary>Calibrates from the log file at <paramref name="path"/>.</summary>
    /// <param name="path">The access log.</param>
    /// <param name="options">Options; null for the defaults.</param>
    /// <param name="bytesRead">Called now and then with the bytes read so far over both passes (the total is twice the file's size); may be null.</param>
    /// <param name="cancellationToken">Stops between lines.</param>
    /// <exception cref="CalibrationException">The log or the CPU samples cannot be used; the message says where and why.</exception>
    public static CalibrationResult Run(string path, CalibrationOptions? options = null, Action<long>? bytesRead = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new CalibrationOptions();
        if (options.SourceName == new CalibrationOptions().SourceName) options = options with { SourceName = Path.GetFileName(path) };
        return RunOnStreams(() => Open(path), options, bytesRead, cancellationToken);
    }

    private static Stream Open(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CalibrationException($"{path}: cannot be read ({ex.Message})");
        }
    }

    /// <summary>Calibrates from a log that <paramref name="openLog"/> opens afresh for each pass (it is read twice, plus its first lines once to detect the format).</summary>
    /// <param name="openLog">Opens the log from its start; each stream is disposed after use.</param>
    /// <param name="options">Options; null for the defaults.</param>
    /// <param name="bytesRead">Called now and then with the bytes read so far over both passes; may be null.</param>
    /// <param name="cancellationToken">Stops between lines.</param>
    /// <exception cref="CalibrationException">The log or the CPU samples cannot be used; the message says where and why.</exception>
    public static CalibrationResult RunOnStreams(Func<Stream> openLog, CalibrationOptions? options = null, Action<long>? bytesRead = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(openLog);
        options ??= new CalibrationOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxClasses, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxClasses, 100);
        if (options.HostCores is { } cores && cores is < 1 or > 4096) throw new ArgumentOutOfRangeException(nameof(options), "HostCores must be in [1, 4096].");
        if (options.Workers is { } workers && workers is < 1 or > 1000) throw new ArgumentOutOfRangeException(nameof(options), "Workers must be in [1, 1000].");
        if (!(options.LowLoadConcurrency > 0 && options.LowLoadConcurrency <= 1000)) throw new ArgumentOutOfRangeException(nameof(options), "LowLoadConcurrency must be in (0, 1000].");
        if (!(options.MinLowLoadShare > 0 && options.MinLowLoadShare <= 1)) throw new ArgumentOutOfRangeException(nameof(options), "MinLowLoadShare must be in (0, 1].");
        return new Calibrator(openLog, options, bytesRead, cancellationToken).Run();
    }

    /// <summary>The state of one calibration.</summary>
    private sealed class Calibrator(Func<Stream> openLog, CalibrationOptions options, Action<long>? bytesRead, CancellationToken cancellationToken)
    {
        private readonly List<MalformedLine> _malformed = [];
        private readonly List<CalibrationNote> _notes = [];
        private readonly List<UnidentifiedParameter> _unidentified = [];
        private readonly List<string> _warnings = [];
        private readonly LoadTimeline _timeline = new();
        private readonly Dictionary<string, long> _patternCounts = new(StringComparer.Ordinal);
        private readonly Dictionary<string, ClassStats> _classOf = new(StringComparer.Ordinal);
        private readonly Sample _connectLow = new("connect-low");

        // The transfer to the client after the upstream's response was read ($request_time − $upstream_response_time) of the
        // low-load proxied responses of at least TransferMinBytes: count, Σ, Σ², Σ bytes sent.
        private long _tailCount;
        private double _tailSum, _tailSumSquares, _tailBytes;
        private AccessLogFormat _format;
        private long _lines, _parsed, _malformedCount, _patternOverflow, _bytesBefore;
        private double _firstStart = double.PositiveInfinity, _lastStart = double.NegativeInfinity;
        private ClassStats? _other;
        private (string Name, double T0, double T1, double CpuSeconds)? _appCpu, _dbCpu, _proxyCpu, _hostCpu, _cacheCpu, _genCpu;
        private long _appRequestsInCpuWindow, _requestsInCpuWindow;
        private double _appSecondsInCpuWindow;
        private CpuSamples? _cpu;
        // Requests that started inside each sampled component's interval [T0, T1): all, app (upstream with an app time), and
        // per app request whether it was a cache HIT or MISS (for the database's and Redis's CPU per request).
        private readonly WindowCounts _appWindow = new(), _dbWindow = new(), _cacheWindow = new(), _proxyWindow = new(), _genWindow = new(), _hostWindow = new();

        private bool Timed => _format == AccessLogFormat.Stack;

        public CalibrationResult Run()
        {
            _format = options.Format == AccessLogFormat.Auto ? Detect() : options.Format;
            if (options.CpuSamplesPath is { } cpuPath) ReadCpu(cpuPath);
            Pass(first: true);
            CheckMalformed();
            if (_parsed < 2) throw new CalibrationException($"{options.SourceName}: {_parsed} usable line(s); at least 2 requests are needed to calibrate from.");
            ChooseClasses();
            double threshold = Timed ? _timeline.LowLoadThreshold(options.LowLoadConcurrency, options.MinLowLoadShare) : double.PositiveInfinity;
            _threshold = threshold;
            Pass(first: false);
            string json = Build();
            ScenarioLoadResult check = ScenarioLoader.Load(json, "calibrated scenario");
            if (!check.Succeeded)
                throw new InvalidOperationException("The calibrated scenario does not load (a defect in sim calibrate): " + string.Join("; ", check.Errors));
            return new CalibrationResult(json, _format, _lines, _parsed, _malformedCount, _malformed, _notes, _unidentified, _warnings);
        }

        private double _threshold;

        /// <summary>The format of most of the first 200 non-empty lines.</summary>
        private AccessLogFormat Detect()
        {
            int stack = 0, combined = 0, seen = 0;
            using (Stream s = openLog())
            using (var reader = new StreamReader(s, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16))
            {
                while (seen < 200 && reader.ReadLine() is { } line)
                {
                    if (line.Length == 0) continue;
                    seen++;
                    if (LogParser.TryParseStack(line, out _) is null) stack++;
                    else if (LogParser.TryParseCombined(line, out _) is null) combined++;
                }
            }
            if (seen == 0) throw new CalibrationException($"{options.SourceName}: the log is empty; expected one request per line in the stack format (18 tab-separated fields, docs/reference-stack.md) or nginx's combined format.");
            if (stack == 0 && combined == 0)
                throw new CalibrationException($"{options.SourceName}: none of the first {seen} non-empty lines is in the stack format (18 tab-separated fields, docs/reference-stack.md) or nginx's combined format; use --format to name the format and see which field is wrong.");
            return stack >= combined ? AccessLogFormat.Stack : AccessLogFormat.Combined;
        }

        private void ReadCpu(string path)
        {
            CpuSamples cpu = CpuSamples.Read(path);
            _cpu = cpu;
            _appCpu = cpu.Find("gunicorn", "app", "application", "web");
            _dbCpu = cpu.Find("postgres", "postgresql", "db", "database");
            _proxyCpu = cpu.Find("nginx", "proxy");
            _hostCpu = cpu.Find("host");
            _cacheCpu = cpu.Find("redis", "cache");
            _genCpu = cpu.Find("loadgen", "generator", "load");
            if (_appCpu is null)
                throw new CalibrationException($"--cpu {path}: no component named gunicorn (or app) with at least two samples over a positive interval; found: {string.Join(", ", cpu.Components.Keys)}");
        }

        private void Pass(bool first)
        {
            long lineNo = 0;
            long lastReport = 0;
            using Stream raw = openLog();
            using var reader = new StreamReader(raw, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16);
            while (reader.ReadLine() is { } line)
            {
                lineNo++;
                if ((lineNo & 0x3FFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (bytesRead is not null && raw.CanSeek && raw.Position - lastReport >= 1 << 20)
                    {
                        lastReport = raw.Position;
                        bytesRead(_bytesBefore + raw.Position);
                    }
                    if (first && lineNo == 0x4000 * 4 && _parsed == 0) break; // 65,536 lines and none usable: stop, CheckMalformed says why
                }
                if (line.Length == 0) continue;
                string? problem = LogParser.TryParse(line, _format, out LogRecord r);
                if (first)
                {
                    _lines++;
                    if (problem is not null)
                    {
                        _malformedCount++;
                        if (_malformed.Count < KeptMalformed) _malformed.Add(new MalformedLine(lineNo, problem));
                        continue;
                    }
                    First(in r);
                }
                else if (problem is null) Second(in r);
            }
            if (raw.CanSeek)
            {
                _bytesBefore += raw.Position;
                bytesRead?.Invoke(_bytesBefore);
            }
        }

        private void First(in LogRecord r)
        {
            _parsed++;
            double start = r.StartUnix, end = r.EndUnix;
            _timeline.Add(start, end);
            if (start < _firstStart) _firstStart = start;
            if (start > _lastStart) _lastStart = start;
            string pattern = UrlPattern.Of(r.Method, r.Uri);
            if (_patternCounts.TryGetValue(pattern, out long c)) _patternCounts[pattern] = c + 1;
            else if (_patternCounts.Count < MaxPatterns) _patternCounts[pattern] = 1;
            else _patternOverflow++;
            _appWindow.Add(_appCpu, in r);
            _dbWindow.Add(_dbCpu, in r);
            _cacheWindow.Add(_cacheCpu, in r);
            _proxyWindow.Add(_proxyCpu, in r);
            _genWindow.Add(_genCpu, in r);
            _hostWindow.Add(_hostCpu, in r);
            if (_appCpu is { } cpu && start >= cpu.T0 && start < cpu.T1)
            {
                _requestsInCpuWindow++;
                double app = r.AppTime;
                if (r.Upstream && !double.IsNaN(app))
                {
                    _appRequestsInCpuWindow++;
                    _appSecondsInCpuWindow += app;
                }
            }
        }

        private void CheckMalformed()
        {
            if (_malformedCount == 0) return;
            MalformedLine firstBad = _malformed[0];
            if (_malformedCount > _parsed)
                throw new CalibrationException(
                    $"{options.SourceName}: {_malformedCount:N0} of {_lines:N0} lines read are not in the {FormatName(_format)}; the first is line {firstBad.LineNumber}: {firstBad.Problem}."
                    + (options.Format == AccessLogFormat.Auto ? " (The format was detected from the first lines; --format names it.)" : ""));
            _warnings.Add($"{_malformedCount:N0} of {_lines:N0} lines skipped as malformed; first: line {firstBad.LineNumber}: {firstBad.Problem}");
        }

        private static string FormatName(AccessLogFormat f) => f == AccessLogFormat.Stack ? "stack format (18 tab-separated fields, docs/reference-stack.md)" : "nginx combined format";

        private void ChooseClasses()
        {
            var ordered = _patternCounts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).ToList();
            var kept = ordered.Take(options.MaxClasses).Select(p => p.Key).ToList();
            if (_patternCounts.ContainsKey(UrlPattern.Static) && !kept.Contains(UrlPattern.Static))
            {
                kept.RemoveAt(kept.Count - 1);
                kept.Add(UrlPattern.Static);
            }
            var names = new HashSet<string>(StringComparer.Ordinal) { "other" };
            foreach (string p in kept)
            {
                string name = UrlPattern.ClassName(p);
                string unique = name;
                for (int i = 2; !names.Add(unique); i++) unique = $"{name}-{i}";
                _classOf[p] = new ClassStats(p, unique);
            }
            if (ordered.Count > kept.Count || _patternOverflow > 0)
            {
                _other = new ClassStats("(other)", "other");
                long merged = ordered.Where(p => !_classOf.ContainsKey(p.Key)).Sum(p => p.Value) + _patternOverflow;
                int patterns = ordered.Count - kept.Count;
                _warnings.Add($"{patterns:N0}{(_patternOverflow > 0 ? "+" : "")} less frequent URL patterns ({merged:N0} requests, {(double)merged / _parsed:P1}) merged into the class 'other'"
                    + (_patternOverflow > 0 ? $"; more than {MaxPatterns:N0} distinct patterns, so the patterns first seen after that were not counted apart" : ""));
            }
        }

        private void Second(in LogRecord r)
        {
            string pattern = UrlPattern.Of(r.Method, r.Uri);
            ClassStats k = _classOf.GetValueOrDefault(pattern) ?? _other!;
            k.Count++;
            if (r.Status is >= 400 and < 500) k.Status4xx++;
            else if (r.Status >= 500) k.Status5xx++;
            double original = r.BodyBytes;
            if (!double.IsNaN(r.GzipRatio))
            {
                k.Compressed++;
                k.CompressedBytes += r.BodyBytes;
                original = r.BodyBytes * r.GzipRatio;
                k.OriginalBytesOfCompressed += original;
            }
            k.Size.Add(original);
            if (r.Cache == CacheOutcome.Hit) k.Hits++;
            else if (r.Cache == CacheOutcome.Miss) k.Misses++;
            if (!Timed) return;
            bool low = _timeline.OthersInFlight(r.StartUnix, r.EndUnix) <= _threshold;
            if (low)
            {
                k.LowLoad++;
                if (!r.Upstream) k.RequestLow.Add(r.RequestSeconds);
            }
            if (!r.Upstream) return;
            k.Upstream++;
            double app = r.AppTime;
            if (double.IsNaN(app)) return;
            k.AppAll.Add(app);
            if (r.Cache == CacheOutcome.Hit) k.HitAll.Add(app);
            else if (r.Cache == CacheOutcome.Miss) k.MissAll.Add(app);
            if (!low) return;
            k.AppLow.Add(app);
            if (r.Cache == CacheOutcome.Hit) k.HitLow.Add(app);
            else if (r.Cache == CacheOutcome.Miss) k.MissLow.Add(app);
            double connect = double.IsNaN(r.ConnectSeconds) ? 0 : r.ConnectSeconds;
            _connectLow.Add(connect);
            if (!double.IsNaN(r.HeaderSeconds)) k.QueueLow.Add(Math.Max(0, r.HeaderSeconds - connect - app));
            if (!double.IsNaN(r.ResponseSeconds) && r.BodyBytes >= TransferMinBytes)
            {
                // Kept signed: each of the two times is rounded to the log's millisecond, so a difference below it is as
                // often −0.001 as +0.001 and only the mean means something.
                double tail = r.RequestSeconds - r.ResponseSeconds;
                _tailCount++;
                _tailSum += tail;
                _tailSumSquares += tail * tail;
                _tailBytes += r.BodyBytes;
            }
        }

        /// <summary>Smallest response (bytes sent) whose transfer tail estimates the client's bandwidth.</summary>
        internal const long TransferMinBytes = 16 * 1024;

        /// <summary>Fewest such responses for an estimate.</summary>
        internal const int TransferMinCount = 30;

        /// <summary>
        /// <c>network.clientBandwidth</c> from the transfer tail: after nginx has read the upstream's whole response, what is left
        /// is sending it to the client, so bandwidth = Σ bytes ÷ Σ ($request_time − $upstream_response_time). Each of the two
        /// times is rounded to the log's millisecond, so the tail's standard error is at least that rounding's (two uniform
        /// errors of ±0.5 ms: 0.41 ms per value); when the tail is not significantly above 0 (a fast client: loopback, a LAN)
        /// the bandwidth written is the 95 % lower bound, bytes ÷ (mean tail + 1.96 standard errors).
        /// </summary>
        private void ClientBandwidth(JsonObject root)
        {
            if (!Timed || _tailCount < TransferMinCount)
            {
                Unidentified("network.clientBandwidth", "100Mbit/s (default)", !Timed ? "the combined format has no $upstream_response_time"
                    : $"{_tailCount:N0} low-load proxied responses of at least {TransferMinBytes / 1024} KiB with $upstream_response_time (fewer than {TransferMinCount}): too few to time the transfer to the client");
                Unidentified("network.roundTrip", "0 (default)", "nginx's $request_time starts when the request has arrived: the client's round trip is not in the log");
                return;
            }
            double n = _tailCount;
            double mean = _tailSum / n;
            double sd = n < 2 ? 0 : Math.Sqrt(Math.Max(0, (_tailSumSquares - _tailSum * _tailSum / n) / (n - 1)));
            const double RoundingSd = 0.001 / 2.449489742783178; // √(2 × 0.001²/12): two times each rounded to 1 ms
            double se = Math.Max(sd, RoundingSd) / Math.Sqrt(n);
            double half = 1.959964 * se;
            double bits = _tailBytes * 8;
            const double MaxBitsPerSecond = 1e12;
            string how = $"Σ bytes sent ÷ Σ ($request_time − $upstream_response_time) over the {_tailCount:N0} low-load proxied responses of at least {TransferMinBytes / 1024} KiB (mean {FittedDistribution.Text(_tailBytes / n, "B")}): the time nginx spent sending a response after reading all of it from the upstream (with proxy_buffering off the transfer overlaps the upstream's time and this underestimates it)";
            double value;
            string confidence;
            if (mean - half > 0)
            {
                value = Math.Min(MaxBitsPerSecond, bits / (_tailSum));
                confidence = $"{Rate(bits / (n * (mean + half)))} – {Rate(bits / (n * (mean - half)))} (95 %, from the mean tail {FittedDistribution.Text(mean, "s")} ± {FittedDistribution.Text(half, "s")})";
            }
            else
            {
                value = Math.Min(MaxBitsPerSecond, bits / (n * (mean + half)));
                how += $"; the mean tail, {FittedDistribution.Text(mean, "s")} ± {FittedDistribution.Text(half, "s")} (95 %; standard error at least the millisecond rounding's), is not above 0: the transfer is faster than the log resolves, so the value is the 95 % lower bound, bytes ÷ (mean + half-width)";
                confidence = $"≥ {Rate(value)} (95 %)";
            }
            root["network"] = new JsonObject { ["clientBandwidth"] = Rate(value) };
            Note("network.clientBandwidth", Rate(value), how, _tailCount, confidence);
            Unidentified("network.roundTrip", "0 (default)", "nginx's $request_time starts when the request has arrived: the client's round trip is not in the log");

            static string Rate(double bitsPerSecond) =>
                bitsPerSecond >= 1e9 ? Num(bitsPerSecond / 1e9, "G4") + "Gbit/s"
                : bitsPerSecond >= 1e6 ? Num(bitsPerSecond / 1e6, "G4") + "Mbit/s"
                : Num(bitsPerSecond / 1e3, "G4") + "kbit/s";
        }

        // ───────────────────────────── the scenario ─────────────────────────────

        private static string Num(double x, string format = "G4") => x.ToString(format, CultureInfo.InvariantCulture);

        private static string Pct(double x) => (x * 100).ToString("G3", CultureInfo.InvariantCulture) + " %";

        private void Note(string parameter, string value, string method, long n, string confidence) =>
            _notes.Add(new CalibrationNote(parameter, value, method, n, confidence));

        private void Unidentified(string parameter, string used, string reason) => _unidentified.Add(new UnidentifiedParameter(parameter, used, reason));

        private static string MeanCi(Sample s, string unit) =>
            s.Count < 2 ? "" : $"mean {FittedDistribution.Text(s.Mean, unit)} ± {FittedDistribution.Text(s.MeanCi95(), unit)} (95 % t, n = {s.Count:N0})";

        private string Build()
        {
            var classes = _classOf.Values.Concat(_other is null ? [] : [_other]).Where(c => c.Count > 0).OrderByDescending(c => c.Count).ToList();
            long total = classes.Sum(c => c.Count);
            var root = new JsonObject
            {
                ["name"] = options.Name,
                ["description"] = $"Calibrated by 'sim calibrate' from {options.SourceName} ({total:N0} requests, {(_format == AccessLogFormat.Stack ? "stack" : "combined")} format). Notes: the sibling .calibration.md file.",
            };
            var proxy = new JsonObject();
            var run = new JsonObject();
            root["run"] = run;
            root["load"] = Load(run);

            // The CPU share of the app's time, from the utilization law over the CPU samples' interval.
            double? cpuShare = CpuShare();
            _dbShare = DatabaseShare(cpuShare);

            // Low-load selection.
            if (Timed)
            {
                long low = classes.Sum(c => c.LowLoad);
                Note("(low-load selection)", $"{low:N0} of {total:N0} requests ({(double)low / total:P1}) started when at most {Num(_threshold, "G3")} other requests were in flight on average",
                    _threshold > options.LowLoadConcurrency
                        ? $"fewer than {options.MinLowLoadShare:P0} of the requests started at ≤ {Num(options.LowLoadConcurrency)} others in flight, so the threshold was raised to the lowest level giving that share; service demands from these requests include some queueing"
                        : $"requests in flight per {_timeline.Width}-s bucket from each request's start ($msec − $request_time) and end ($msec); a request is 'low load' when the others in flight in the bucket it started in average ≤ {Num(options.LowLoadConcurrency)}",
                    low, "");
            }

            var classArray = new JsonArray();
            long hitsTotal = 0, missesTotal = 0;
            double holdSum = 0;
            var staticService = new Sample("static-service");
            bool anyDb = false;
            foreach (ClassStats c in classes)
            {
                var cls = new JsonObject { ["name"] = c.Name, ["weight"] = Round(Math.Max(1e-9, (double)c.Count / total)) };
                double share = (double)c.Count / total;
                Note($"classes.{c.Name}.weight", $"{Pct(share)} of requests ({c.Pattern})", "count / all requests", c.Count,
                    $"± {Pct(1.96 * Math.Sqrt(share * (1 - share) / total))} (95 %, normal approximation)");
                var steps = new JsonArray();
                bool atProxy = c.AtProxy(Timed);
                if (atProxy)
                {
                    cls["staticAtProxy"] = true;
                    if (c.RequestLow.Count > staticService.Count) staticService = c.RequestLow;
                }
                else holdSum += share * AppSteps(c, steps, cpuShare, ref hitsTotal, ref missesTotal, ref anyDb);
                FittedDistribution? size = FittedDistribution.Fit(c.Size);
                if (size is not null && size.Mean >= 1)
                {
                    steps.Add((JsonNode)new JsonObject { ["respond"] = new JsonObject { ["size"] = size.ToJson("B") } });
                    int step = steps.Count - 1;
                    Note($"classes.{c.Name}.steps[{step}].respond.size", size.Describe("B"),
                        size.Method + (c.Compressed > 0 ? "; sizes before gzip ($body_bytes_sent × $gzip_ratio)" : "; $body_bytes_sent"), c.Size.Count, MeanCi(c.Size, "B"));
                }
                cls["steps"] = steps;
                classArray.Add((JsonNode)cls);
                if (c.Status4xx + c.Status5xx > 0)
                    Note($"(errors of {c.Name})", $"4xx {Pct((double)c.Status4xx / c.Count)}, 5xx {Pct((double)c.Status5xx / c.Count)}",
                        "observed $status shares; not a scenario input (the model produces its own errors: backlog full, timeouts, connection limits), for comparison with its results", c.Count, "");
            }
            root["classes"] = classArray;

            // Cache.
            if (hitsTotal + missesTotal > 0)
            {
                double h = (double)hitsTotal / (hitsTotal + missesTotal);
                root["cache"] = new JsonObject { ["hitRatio"] = Round(h) };
                var (lo, hi) = Wilson(hitsTotal, hitsTotal + missesTotal);
                Note("cache.hitRatio", Pct(h), "X-Cache HIT / (HIT + MISS) of the classes with a cache step, all loads (one ratio for the whole scenario, as the model has)",
                    hitsTotal + missesTotal, $"{Pct(lo)} – {Pct(hi)} (95 % Wilson)");
            }
            else Unidentified("cache.hitRatio", "no cache step", Timed ? "no class has both X-Cache HIT and MISS responses (at least 5 of each)" : "the combined format has no X-Cache");
            if (anyDb || _emittedDb)
            {
                root["dbConnections"] = new JsonObject { ["connMaxAge"] = "600s" };
                Unidentified("dbConnections.connMaxAge", "600s (persistent)", "the database connect time, if any, is inside the measured app time of the cache misses; persistent connections keep the model from adding it a second time");
            }

            // Proxy: upstream connect, static service time, gzip.
            if (Timed && _connectLow.Count > 0)
            {
                if (_connectLow.Mean > 0)
                {
                    FittedDistribution connect = FittedDistribution.Fit(_connectLow)!;
                    proxy["upstreamKeepalive"] = false;
                    proxy["upstreamConnect"] = connect.ToJson("s");
                    Note("proxy.upstreamConnect", connect.Describe("s"), connect.Method + "; $upstream_connect_time at low load (upstreamKeepalive false: the log shows a connect per request)", _connectLow.Count, MeanCi(_connectLow, "s"));
                }
                else Note("proxy.upstreamConnect", "0 (default 0.2 ms with upstream keepalive kept)", "$upstream_connect_time was 0.000 on every low-load request (below the log's 1 ms resolution)", _connectLow.Count, "");
            }
            else Unidentified("proxy.upstreamConnect", "0.2ms (default)", "the combined format has no $upstream_connect_time");
            if (Timed && staticService.Count > 0 && FittedDistribution.Fit(staticService) is { } svc && svc.Mean > 0)
            {
                proxy["serviceTime"] = svc.ToJson("s");
                Note("proxy.serviceTime", svc.Describe("s"), svc.Method + "; $request_time of requests nginx answered itself at low load (includes sending the body to the client)", staticService.Count, MeanCi(staticService, "s"));
            }
            else if (classes.Any(c => c.AtProxy(Timed)))
                Unidentified("proxy.serviceTime", "0.1ms (default)", !Timed ? "the combined format has no $request_time"
                    : staticService.Count > 0 ? $"all {staticService.Count:N0} low-load requests nginx answered itself logged $request_time 0.000 (below the log's 1 ms resolution)"
                    : "no request answered by nginx itself at low load");
            long compressed = classes.Sum(c => c.Compressed);
            if (compressed > 0)
            {
                double sent = classes.Sum(c => c.CompressedBytes), original = classes.Sum(c => c.OriginalBytesOfCompressed);
                double ratio = Math.Clamp(sent / original, 1e-6, 1);
                proxy["gzip"] = new JsonObject { ["enabled"] = true, ["ratio"] = Round(ratio) };
                Note("proxy.gzip.ratio", Num(ratio, "G3") + " (compressed / original)", $"Σ $body_bytes_sent / Σ ($body_bytes_sent × $gzip_ratio) over the {compressed:N0} compressed responses, byte-weighted; the model compresses every response, the log shows {(double)compressed / total:P0} of them compressed", compressed, "");
                if (!CoLocated || _proxyCpu is null) Unidentified("proxy.gzip.cpuPerMB", "10ms (default)", "the log has no CPU time; nginx's CPU from --cpu is reported, not split by gzip");
            }
            else Unidentified("proxy.gzip", "disabled (default)", Timed ? "no response has a $gzip_ratio" : "the combined format has no $gzip_ratio");
            if (CoLocated) Host(root, proxy, anyCache: hitsTotal + missesTotal > 0);
            if (proxy.Count > 0) root["proxy"] = proxy;

            // Workers: not identifiable; enough for the observed load.
            double rate = _rate;
            int workers = Math.Max(3, (int)Math.Ceiling(rate * holdSum / 0.7));
            workers = Math.Min(workers, 1000);
            if (options.Workers is { } givenWorkers)
            {
                workers = givenWorkers;
                Note("workers.count", workers.ToString(CultureInfo.InvariantCulture), $"given (--workers); at the observed rate the mean app time keeps {Num(rate * holdSum, "G3")} of them busy", 0, "");
            }
            root["workers"] = new JsonObject { ["count"] = workers };
            if (options.Workers is null)
                Unidentified("workers.count", workers.ToString(CultureInfo.InvariantCulture),
                    $"the log does not show how many workers served it; 3 (the reference stack's and the seed's), or more when needed to keep them below 70 % busy at the observed rate (rate × mean app time = {Num(rate * holdSum, "G3")} busy workers); --workers gives it");
            Unidentified("workers.backlog / workers.timeout", "2048 / 30s (defaults)", "not visible in a log at low load");
            if (!CoLocated) Unidentified("host.cores", "2 (default)", "the log has no CPU information" + (_hostCpu is null ? "" : "; --cpu gives the host's busy time, not its core count"));
            Unidentified("database.cores / database.maxConnections", "4 / 100 (defaults)", "the log shows the app's time only");
            if (CoLocated && _cacheCpu is not null && root["cache"] is JsonObject) Unidentified("cache.maxConnections", "50 (default)", "not visible at low load");
            else Unidentified("cache.maxConnections / cache.operationTime", "50 / 0.5ms (defaults)", "a Redis round trip is inside the fitted app times; the model adds its operation time again (≈ 0.5 ms high)");
            ClientBandwidth(root);
            Unidentified("loadBalancer, taskQueue, webSockets", "one server, none, none (defaults)", "not visible in an access log");

            if (run.Count == 0) root.Remove("run");
            return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
        }

        private double _rate;

        /// <summary>
        /// Co-located database (PostgreSQL sampled on the same machine): the share of the time of every app piece that is
        /// not a cache hit's path that is the database's CPU (a db step, run on the web host's cores); null otherwise.
        /// </summary>
        private double? _dbShare;

        private bool _emittedDb;

        /// <summary>Whether the CPU samples put servers besides the app on the sampled machine (database, Redis or nginx).</summary>
        private bool CoLocated => _appCpu is not null && (_dbCpu is not null || _cacheCpu is not null || _proxyCpu is not null);

        /// <summary>
        /// The database's CPU per app request as a share of the app time of the pieces that can query it: all of the app
        /// time except the cache hits' path (a hit does not reach the database; a miss does the hit's work and then more).
        /// </summary>
        private double? DatabaseShare(double? cpuShare)
        {
            if (!CoLocated || _dbCpu is not { } db || cpuShare is not { } f) return null;
            WindowCounts w = _dbWindow;
            if (w.App == 0) return null;
            double hitMean = w.Hits > 0 ? w.HitSeconds / w.Hits : 0;
            double eligible = w.AppSeconds - (w.Hits + w.Misses) * hitMean; // app seconds outside the hit path
            double cpu = db.CpuSeconds;
            if (!(eligible > 0)) return null;
            double share = cpu / eligible;
            double cap = Math.Max(0, 1 - f);
            string capped = "";
            if (share > cap)
            {
                capped = $"; the database's CPU ({Pct(share)} of that time) plus the app's ({Pct(f)}) exceed 100 % (the database CPU includes work of requests outside the log, or the times are from a busy host), so the share was capped at {Pct(cap)}";
                _warnings.Add($"--cpu: {db.Name}'s CPU is more than the app's time outside the cache hits leaves for it; its share was capped at {Pct(cap)}");
                share = cap;
            }
            Note($"(database CPU share: {db.Name})", $"{FittedDistribution.Text(cpu / w.App, "s")} per app request = {Pct(share)} of the app time outside the cache hits' path",
                $"utilization law: {db.Name}'s CPU seconds between its first and last sample ({Num(cpu, "G4")} s) / the app seconds outside the hit path of the {w.App:N0} app requests started in that interval "
                + $"({Num(w.AppSeconds, "G4")} s − {w.Hits + w.Misses:N0} HIT or MISS × {FittedDistribution.Text(hitMean, "s")} mean HIT time); that share of every such piece becomes a db step whose time is CPU on the web host's cores (placement.database = web), the rest waiting (external)" + capped,
                w.App, "");
            return share;
        }

        /// <summary>
        /// The host the CPU samples describe: placement of the database, Redis and the load generator on it, its cores,
        /// nginx's CPU per request and worker count, Redis's CPU per command, and the connection policy seen in PostgreSQL's
        /// reaped children. Only when the samples show a server besides the app (<see cref="CoLocated"/>).
        /// </summary>
        private void Host(JsonObject root, JsonObject proxy, bool anyCache)
        {
            CpuSamples cpu = _cpu!;
            var placement = new JsonObject();
            var host = new JsonObject();
            double componentsCpu = _appCpu!.Value.CpuSeconds;
            // Cores: busy + idle CPU seconds of the machine per wall second.
            int? cores = options.HostCores;
            if (cores is { } given)
                Note("host.cores", given.ToString(CultureInfo.InvariantCulture), "given (--host-cores)", 0, "");
            else if (_hostCpu is { } h && cpu.Extra.TryGetValue(h.Name, out var hx) && hx.Idle1 - hx.Idle0 is var idle && idle > 0 && h.T1 > h.T0)
            {
                double perSecond = (h.CpuSeconds + idle) / (h.T1 - h.T0);
                cores = Math.Max(1, (int)Math.Round(perSecond));
                Note("host.cores", cores.Value.ToString(CultureInfo.InvariantCulture), $"the host row: (busy + idle CPU seconds) / wall seconds = ({Num(h.CpuSeconds, "G4")} + {Num(idle, "G4")}) / {Num(h.T1 - h.T0, "G4")} = {Num(perSecond, "G3")}, rounded", cpu.RowsOf(h.Name), "");
            }
            else Unidentified("host.cores", "2 (default)", "the CPU samples have no host row with its idle time (stime_s); --host-cores gives it");
            if (cores is { } c) host["cores"] = c;
            host["wakeupCpu"] = "0";
            Unidentified("host.wakeupCpu", "0", "a worker's CPU to resume after a reply is inside the app's measured CPU (cpu steps), so it is not added again");

            if (_dbCpu is { } db)
            {
                componentsCpu += db.CpuSeconds;
                placement["database"] = "web";
                string connections = "not told by the samples (no cutime_s/cstime_s columns)";
                if (cpu.Extra.TryGetValue(db.Name, out var dx) && !double.IsNaN(dx.Reaped0) && !double.IsNaN(dx.Reaped1))
                {
                    double reaped = Math.Max(0, dx.Reaped1 - dx.Reaped0);
                    double share = db.CpuSeconds > 0 ? reaped / db.CpuSeconds : 0;
                    bool perRequest = share >= 0.25 && _dbWindow.App > 0;
                    connections = perRequest
                        ? $"per request: {Pct(share)} of {db.Name}'s CPU ({FittedDistribution.Text(reaped / Math.Max(1, _dbWindow.App), "s")} per app request) was used by children that exited during the samples (cutime + cstime grew), i.e. a backend per connection that ends with its request"
                        : $"persistent: only {Pct(share)} of {db.Name}'s CPU was used by children that exited during the samples, so its backends outlive the requests";
                }
                Note("(database connections)", connections.Split(':')[0], connections + $"; either way the connection's CPU (fork, authentication, cold caches) is inside {db.Name}'s CPU per request that the db steps carry, so the model does not open connections of its own (dbConnections.connMaxAge 600s)", _dbWindow.App, "");
                Note("placement.database", "web", $"{db.Name} appears in the CPU samples of this machine", cpu.RowsOf(db.Name), "");
            }
            if (_cacheCpu is { } cache)
            {
                componentsCpu += cache.CpuSeconds;
                long gets = _cacheWindow.Hits + _cacheWindow.Misses;
                if (anyCache && gets > 0)
                {
                    placement["cache"] = "web";
                    double perCommand = cache.CpuSeconds / gets;
                    var cacheNode = root["cache"]!.AsObject();
                    cacheNode["serviceTime"] = FittedDistribution.Quantity(perCommand, "s");
                    cacheNode["operationTime"] = "0";
                    Note("cache.serviceTime", FittedDistribution.Text(perCommand, "s") + " (constant)", $"{cache.Name}'s CPU over its samples ({Num(cache.CpuSeconds, "G4")} s) / the {gets:N0} requests with X-Cache HIT or MISS in that interval; one GET per such request (a miss's SET is counted in the GET's share); on the web host's cores (placement.cache = web)", gets, "");
                    Note("cache.operationTime", "0", "the Redis round trip is inside the fitted app times of the HIT path; only Redis's CPU is added (cache.serviceTime)", 0, "");
                }
                else Note($"({cache.Name} CPU)", $"{FittedDistribution.Text(cache.CpuSeconds, "s")} over the samples", "no cache step in the scenario to carry it (no class with X-Cache HIT and MISS)", 0, "");
            }
            if (_proxyCpu is { } nginx && _proxyWindow.Requests > 0)
            {
                componentsCpu += nginx.CpuSeconds;
                double perRequest = nginx.CpuSeconds / _proxyWindow.Requests;
                proxy["cpu"] = FittedDistribution.Quantity(perRequest, "s");
                bool gzip = proxy["gzip"] is JsonObject;
                if (gzip) proxy["gzip"]!["cpuPerMB"] = "0";
                Note("proxy.cpu", FittedDistribution.Text(perRequest, "s") + " (constant)", $"{nginx.Name}'s CPU over its samples ({Num(nginx.CpuSeconds, "G4")} s) / the {_proxyWindow.Requests:N0} requests started in that interval"
                    + (gzip ? "; includes gzip's CPU, so proxy.gzip.cpuPerMB is 0 (the average over all requests, not per MB)" : ""), _proxyWindow.Requests, "");
                if (cpu.Extra.TryGetValue(nginx.Name, out var nx) && nx.Pids >= 2)
                {
                    int workers = (int)nx.Pids - 1;
                    proxy["workers"] = workers;
                    Note("proxy.workers", workers.ToString(CultureInfo.InvariantCulture), $"{nginx.Name}'s process tree had {nx.Pids:F0} processes at the last sample: a master and {workers} worker(s)", 0, "");
                }
            }
            // The load generator: sampled, or what the host used beyond the servers.
            long requests = _genCpu is not null ? _genWindow.Requests : _hostWindow.Requests;
            if (_genCpu is { } gen && requests > 0)
            {
                double perRequest = gen.CpuSeconds / requests;
                placement["loadGenerator"] = "web";
                placement["generatorCpu"] = FittedDistribution.Quantity(perRequest, "s");
                Note("placement.generatorCpu", FittedDistribution.Text(perRequest, "s"), $"{gen.Name}'s CPU over its samples ({Num(gen.CpuSeconds, "G4")} s) / the {requests:N0} requests started in that interval; the load generator runs on this machine (placement.loadGenerator = web)", requests, "");
                if (_hostCpu is { } h2 && h2.T1 > h2.T0)
                {
                    double other = Math.Max(0, h2.CpuSeconds - componentsCpu - gen.CpuSeconds) / (h2.T1 - h2.T0);
                    Note("(other CPU on the host)", $"{Num(other, "G3")} cores ({Pct(other / (cores ?? 2))} of the host)", "host busy − the servers − the load generator, per wall second: processes outside the stack (the sampler, anything else running); not in the model", cpu.RowsOf(h2.Name), "");
                    if (other / (cores ?? 2) > 0.1)
                        _warnings.Add($"--cpu: processes outside the stack used {Pct(other / (cores ?? 2))} of the host's cores while the log was written; the measured times include that contention, which the model does not repeat");
                }
            }
            else if (_hostCpu is { } h && requests > 0)
            {
                double unattributed = Math.Max(0, h.CpuSeconds - componentsCpu);
                double perRequest = unattributed / requests;
                placement["loadGenerator"] = "web";
                placement["generatorCpu"] = FittedDistribution.Quantity(perRequest, "s");
                Note("placement.generatorCpu", FittedDistribution.Text(perRequest, "s"), $"assumed: the host's CPU that no sampled server used (busy {Num(h.CpuSeconds, "G4")} s − servers {Num(componentsCpu, "G4")} s) is the load generator's, on this machine (placement.loadGenerator = web), per request of the {requests:N0} started in the host's interval; anything else running then counts as load generator", requests, "");
            }
            else Unidentified("placement.loadGenerator", "own (default)", "no load generator row and no host row in the CPU samples");
            root["host"] = host;
            root["placement"] = placement;
        }

        private static double Round(double x) => double.Parse(x.ToString("G6", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

        private static (double Lo, double Hi) Wilson(long k, long n)
        {
            double z = 1.959964, p = (double)k / n, d = 1 + z * z / n;
            double centre = (p + z * z / (2 * n)) / d, half = z * Math.Sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / d;
            return (Math.Max(0, centre - half), Math.Min(1, centre + half));
        }

        /// <summary>The CPU share of the app's time (utilization law), or null without CPU samples.</summary>
        private double? CpuShare()
        {
            if (_appCpu is not { } app) return null;
            if (_appRequestsInCpuWindow == 0 || _appSecondsInCpuWindow <= 0)
            {
                _warnings.Add($"--cpu: no app request of the log started between the CPU samples' first and last time ({app.T0:F0}–{app.T1:F0}); app time is all taken as CPU");
                return null;
            }
            double cpuPerRequest = app.CpuSeconds / _appRequestsInCpuWindow;
            double appPerRequest = _appSecondsInCpuWindow / _appRequestsInCpuWindow;
            double share = Math.Clamp(cpuPerRequest / appPerRequest, 0, 1);
            Note($"(app CPU per request: {app.Name})", $"{FittedDistribution.Text(cpuPerRequest, "s")} of CPU per app request, {Pct(share)} of the app's {FittedDistribution.Text(appPerRequest, "s")} mean time",
                $"utilization law: {app.Name}'s CPU seconds between its first and last sample ({Num(app.CpuSeconds, "G4")} s over {Num(app.T1 - app.T0, "G4")} s) / the {_appRequestsInCpuWindow:N0} app requests that started in that interval; every class's app time is split in that proportion into CPU (cpu steps) and waiting (external / db steps)"
                + (cpuPerRequest > appPerRequest ? "; the CPU exceeds the app's time (other work in the same processes), so the share was capped at 100 %" : ""),
                _appRequestsInCpuWindow, "");
            foreach (var (component, what) in new[] { (_dbCpu, "database"), (_proxyCpu, "proxy"), (_hostCpu, "whole host") })
            {
                if (component is not { } x) continue;
                Note($"({what} CPU per request: {x.Name})", $"{FittedDistribution.Text(x.CpuSeconds / Math.Max(1, _requestsInCpuWindow), "s")} per request; {Pct(x.CpuSeconds / (x.T1 - x.T0))} of one core",
                    "utilization law over the samples' interval; " + (CoLocated ? "the scenario's placement, db steps, proxy.cpu and generator CPU below use it per component" : "reported, not a scenario input (the model's database and proxy CPU follow from its steps)"), _requestsInCpuWindow, "");
            }
            return share;
        }

        /// <summary>Adds a class's app steps (cpu / external / cacheGet / db); returns its mean app time (worker hold) in seconds.</summary>
        private double AppSteps(ClassStats c, JsonArray steps, double? cpuShare, ref long hits, ref long misses, ref bool anyDb)
        {
            if (!Timed)
            {
                steps.Add((JsonNode)new JsonObject { ["cpu"] = FittedDistribution.Quantity(DefaultAppSeconds, "s") });
                Unidentified($"classes.{c.Name}.steps[0].cpu", "20ms (constant)", "the combined format has no durations: service demand cannot be identified");
                return DefaultAppSeconds;
            }
            bool lowEnough = c.AppLow.Count >= MinFitted;
            Sample app = lowEnough ? c.AppLow : c.AppAll;
            Sample hit = lowEnough ? c.HitLow : c.HitAll, miss = lowEnough ? c.MissLow : c.MissAll;
            string selection = lowEnough ? "low-load requests" : "requests at any load";
            if (!lowEnough && c.AppAll.Count > 0)
                _warnings.Add($"class {c.Name}: only {c.AppLow.Count} low-load requests with an app time, so its service demand is fitted from all {c.AppAll.Count:N0} (queueing at higher load is included)");
            string source = "X-App-Ms (else $upstream_header_time − $upstream_connect_time)";
            if (app.Count == 0)
            {
                steps.Add((JsonNode)new JsonObject { ["cpu"] = FittedDistribution.Quantity(DefaultAppSeconds, "s") });
                Unidentified($"classes.{c.Name}.steps[0].cpu", "20ms (constant)", "no request of this class has an app time");
                return DefaultAppSeconds;
            }
            bool cached = hit.Count >= 5 && miss.Count >= 5 && miss.Mean > hit.Mean;
            FittedDistribution common = FittedDistribution.Fit(cached ? hit : app)!;
            AddSplit(c, steps, common, cpuShare, waitKind: "external", $"app time of the {(cached ? "X-Cache HIT " : "")}{selection}, from {source}", cached ? hit : app, hitPath: cached);
            if (cached)
            {
                double extraMean = miss.Mean - hit.Mean;
                double extraVar = miss.Variance - hit.Variance;
                FittedDistribution extra = FittedDistribution.FromMoments(extraMean, extraVar,
                    $"lognormal by the method of moments: mean and variance of MISS minus those of HIT ({miss.Count:N0} MISS, {hit.Count:N0} HIT {selection}), since a miss does what a hit does and more", miss.Count);
                // The cache lookup guards (skips on a hit) every step the miss's extra becomes: counted once they are added.
                var guards = new JsonObject { ["guards"] = 1 };
                steps.Add((JsonNode)new JsonObject { ["cacheGet"] = guards });
                int lookup = steps.Count - 1;
                AddSplit(c, steps, extra, cpuShare, waitKind: "db", null, null,
                    $"± {FittedDistribution.Text(1.959964 * Math.Sqrt(miss.Variance / miss.Count + hit.Variance / hit.Count), "s")} (95 %, difference of means)", hitPath: false);
                guards["guards"] = Math.Max(1, steps.Count - 1 - lookup);
                anyDb = true;
                hits += c.Hits;
                misses += c.Misses;
            }
            if (c.QueueLow.Count > 0)
                Note($"(queueing of {c.Name} at low load)", $"mean {FittedDistribution.Text(c.QueueLow.Mean, "s")}, p95 {FittedDistribution.Text(c.QueueLow.Quantile(0.95), "s")}",
                    "$upstream_header_time − X-App-Ms − $upstream_connect_time: time waiting for a worker and in transit; near 0 when the low-load selection worked", c.QueueLow.Count, "");
            return app.Mean;
        }

        /// <summary>Adds <paramref name="d"/> as a cpu step, or as cpu + wait steps when the CPU share is known.</summary>
        private void AddSplit(ClassStats c, JsonArray steps, FittedDistribution d, double? cpuShare, string waitKind, string? source, Sample? sample, string? confidence = null, bool hitPath = false)
        {
            string ci = confidence ?? (sample is null ? "" : MeanCi(sample, "s"));
            if (cpuShare is { } split && split < 0.999 && ci.Length > 0) ci = "before the CPU split: " + ci;
            string how = source is null ? d.Method : $"{d.Method}; {source}";
            long n = d.SampleSize;
            if (CoLocated && cpuShare is { } fc)
            {
                // Co-located: the app's CPU share, then (outside a cache hit's path) the database's CPU share as a db step on
                // the web host's cores, then the rest as waiting that uses no CPU here (network, locks, I/O).
                double db = hitPath ? 0 : _dbShare ?? 0;
                double rest = Math.Max(0, 1 - fc - db);
                if (fc > 0.001)
                {
                    FittedDistribution cpu = d.Scale(fc, $"; × {Num(fc, "G3")} CPU share (--cpu)");
                    steps.Add((JsonNode)new JsonObject { ["cpu"] = cpu.ToJson("s") });
                    Note($"classes.{c.Name}.steps[{steps.Count - 1}].cpu", cpu.Describe("s"), how + $"; × {Num(fc, "G3")}, the app's CPU share from --cpu", n, ci);
                }
                if (db > 0.001)
                {
                    FittedDistribution q = d.Scale(db, "");
                    steps.Add((JsonNode)new JsonObject { ["db"] = new JsonObject { ["queries"] = 1, ["time"] = q.ToJson("s") } });
                    Note($"classes.{c.Name}.steps[{steps.Count - 1}].db.time", q.Describe("s"), how + $"; × {Num(db, "G3")}, the database's CPU share from --cpu (CPU on the web host's cores)", n, ci);
                    _emittedDb = true;
                }
                if (rest > 0.001 || steps.Count == 0)
                {
                    FittedDistribution waiting = d.Scale(rest, "");
                    steps.Add((JsonNode)new JsonObject { ["external"] = waiting.ToJson("s") });
                    Note($"classes.{c.Name}.steps[{steps.Count - 1}].external", waiting.Describe("s"), how + $"; × {Num(rest, "G3")}, the share on neither the app's nor the database's CPU (waiting: {(hitPath ? "Redis, I/O" : "network, I/O, the CPU queue at the calibration load")})", n, ci);
                }
                return;
            }
            if (cpuShare is not { } f || f >= 0.999)
            {
                string kind = cpuShare is null && waitKind == "db" ? "db" : "cpu";
                steps.Add((JsonNode)(kind == "db"
                    ? new JsonObject { ["db"] = new JsonObject { ["queries"] = 1, ["time"] = d.ToJson("s") } }
                    : new JsonObject { ["cpu"] = d.ToJson("s") }));
                Note($"classes.{c.Name}.steps[{steps.Count - 1}].{(kind == "db" ? "db.time" : "cpu")}", d.Describe("s"),
                    how + (cpuShare is null && kind == "cpu" ? "; all of it taken as CPU (no --cpu samples to split CPU from waiting)" : ""), n, ci);
                return;
            }
            if (f > 0.001)
            {
                FittedDistribution cpu = d.Scale(f, $"; × {Num(f, "G3")} CPU share (--cpu)");
                steps.Add((JsonNode)new JsonObject { ["cpu"] = cpu.ToJson("s") });
                Note($"classes.{c.Name}.steps[{steps.Count - 1}].cpu", cpu.Describe("s"), how + $"; × {Num(f, "G3")}, the CPU share from --cpu", n, ci);
            }
            FittedDistribution wait = d.Scale(1 - f, "");
            steps.Add((JsonNode)(waitKind == "db"
                ? new JsonObject { ["db"] = new JsonObject { ["queries"] = 1, ["time"] = wait.ToJson("s") } }
                : new JsonObject { ["external"] = wait.ToJson("s") }));
            Note($"classes.{c.Name}.steps[{steps.Count - 1}].{(waitKind == "db" ? "db.time" : "external")}", wait.Describe("s"),
                how + $"; × {Num(1 - f, "G3")}, the share not on the app's CPU (waiting: {(waitKind == "db" ? "the database" : "Redis, I/O")})", n, ci);
        }

        /// <summary>The load: an open load at the observed rate, or the observed rate profile when the rate changes more than Poisson noise explains.</summary>
        private JsonObject Load(JsonObject run)
        {
            double span = _lastStart - _firstStart;
            if (!(span > 0)) throw new CalibrationException($"{options.SourceName}: every request started in the same instant ({(Timed ? "$msec − $request_time" : "$time_local")}); an arrival rate needs requests spread over time.");
            if (!Timed) span += 1; // second resolution: the last second counts whole
            double rate = (_parsed - 1) / span;
            _rate = rate;
            double rateCi = 1.959964 * Math.Sqrt(_parsed) / span;
            Note("load.open.rate", $"{Num(rate, "G4")}/s", $"(requests − 1) / (last start − first start) = ({_parsed:N0} − 1) / {Num(span, "G6")} s", _parsed,
                $"± {Num(rateCi, "G3")}/s (95 %, Poisson count)");

            // Periods: the smallest multiple of the bucket width of at least a minute, fewer than 1,441 of them.
            long w = _timeline.Width;
            long period = (60 + w - 1) / w * w;
            int firstFull = (int)Math.Ceiling((_firstStart - _timeline.Origin) / period);
            int lastFull = (int)Math.Floor((_lastStart - _timeline.Origin) / period) - 1; // periods entirely inside [first, last]
            int k = lastFull - firstFull + 1;
            while (k > 1440) { period *= 2; firstFull = (int)Math.Ceiling((_firstStart - _timeline.Origin) / period); lastFull = (int)Math.Floor((_lastStart - _timeline.Origin) / period) - 1; k = lastFull - firstFull + 1; }
            if (k < 3)
            {
                Note("(rate profile)", "not tested", $"fewer than 3 whole {period}-s periods in the log", 0, "");
                BurstinessWithinPeriods(period, firstFull, k);
                return new JsonObject { ["open"] = new JsonObject { ["rate"] = Num(rate, "G6") + "/s" } };
            }
            var counts = new double[k];
            int per = (int)(period / w);
            for (int i = 0; i < k; i++)
                for (int b = (firstFull + i) * per; b < (firstFull + i + 1) * per && b < _timeline.Length; b++) counts[i] += _timeline.ArrivalsAt(b);
            double mean = counts.Average();
            double d = mean > 0 ? counts.Sum(c => (c - mean) * (c - mean)) / mean : 0;
            double p = mean > 0 ? 1 - ChiSquared.CDF(k - 1, d) : 1;
            bool profile = p < 0.001;
            Note("(rate profile)", $"{k} periods of {period} s; index of dispersion of their counts {Num(d / (k - 1), "G3")}",
                $"χ² test of equal rates (Poisson counts) over the periods: p = {Num(p, "G2")}; " + (profile ? "the rate changes, so the load is the observed profile (load.open.profile, one point per period, run.duration = the profile's length, no warm-up)" : "consistent with one constant rate, so load.open.rate"),
                (long)counts.Sum(), "");
            BurstinessWithinPeriods(period, firstFull, k);
            if (!profile) return new JsonObject { ["open"] = new JsonObject { ["rate"] = Num(rate, "G6") + "/s" } };
            var points = new JsonArray();
            for (int i = 0; i < k; i++)
                points.Add((JsonNode)new JsonObject { ["at"] = FittedDistribution.Quantity((i + 0.5) * period, "s"), ["rate"] = Num(counts[i] / period, "G6") + "/s" });
            run["duration"] = FittedDistribution.Quantity(Math.Min(k * (double)period, ScenarioSchema.MaxDurationSeconds), "s");
            run["warmup"] = "0";
            return new JsonObject { ["open"] = new JsonObject { ["profile"] = points } };
        }

        /// <summary>Index of dispersion of per-second arrival counts around each period's own mean (so a changing rate is not taken for burstiness).</summary>
        private void BurstinessWithinPeriods(long period, int firstFull, int k)
        {
            if (_timeline.Width != 1)
            {
                Note("(burstiness)", "not measured", $"the log spans more than {LoadTimeline.MaxBuckets:N0} s, so arrivals are counted per {_timeline.Width} s", 0, "");
                return;
            }
            var ranges = new List<(long From, long To)>();
            for (int i = 0; i < k; i++) ranges.Add(((firstFull + i) * period, (firstFull + i + 1) * period));
            if (ranges.Count == 0) ranges.Add(((long)Math.Ceiling(_firstStart - _timeline.Origin), (long)Math.Floor(_lastStart - _timeline.Origin))); // short log: one range
            double d = 0;
            long df = 0, n = 0;
            foreach (var (from, to) in ranges)
            {
                long end = Math.Min(to, _timeline.Length);
                if (end - from < 2) continue;
                double sum = 0;
                for (long b = from; b < end; b++) sum += _timeline.ArrivalsAt((int)b);
                double m = sum / (end - from);
                if (m <= 0) continue;
                for (long b = from; b < end; b++) { double x = _timeline.ArrivalsAt((int)b) - m; d += x * x / m; }
                df += end - from - 1;
                n += (long)sum;
            }
            if (df < 2)
            {
                Note("(burstiness)", "not measured", "too short a log", 0, "");
                return;
            }
            double idc = d / df;
            double cdf = ChiSquared.CDF(df, d);
            bool poisson = cdf > 0.005 && cdf < 0.995;
            Note("(burstiness)", $"index of dispersion of per-second arrivals {Num(idc, "G3")} (Poisson: 1)",
                $"variance / mean of per-second counts around each period's mean, pooled (χ² with {df:N0} degrees of freedom, P = {Num(cdf, "G3")}): "
                + (poisson ? "Poisson fits (within the 99 % band), as the open load assumes" : idc > 1 ? "burstier than Poisson — the model's Poisson arrivals will understate queueing" : "smoother than Poisson (e.g. paced arrivals) — the model's Poisson arrivals will overstate queueing"),
                n, "");
        }
    }
}
