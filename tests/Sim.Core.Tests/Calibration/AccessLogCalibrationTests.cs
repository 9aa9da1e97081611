using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Sim.AccessLogs;
using Sim.Calibration;
using Sim.Core.Tests.Scenarios;
using Sim.Scenarios;

namespace Sim.Core.Tests.Calibration;

/// <summary>
/// <see cref="AccessLogCalibration"/> on synthetic logs generated from known distributions: the fit recovers them within
/// tolerances of 4 standard errors computed from the sample size (a fixed seed, so the test is deterministic; at 4 SE a
/// correct estimator fails one check in ≈ 16,000), both formats, malformed lines, and the output loads and conforms to the schema.
/// </summary>
public class AccessLogCalibrationTests
{
    private const double Z = 4;

    internal static CalibrationResult Calibrate(SyntheticAccessLog log, long lines, bool combined = false, CalibrationOptions? options = null) =>
        AccessLogCalibration.RunOnStreams(() => log.Open(lines, combined), options ?? new CalibrationOptions { Format = combined ? AccessLogFormat.Combined : AccessLogFormat.Auto });

    internal static JsonObject Class(JsonNode scenario, string name) =>
        scenario["classes"]!.AsArray().Select(c => c!.AsObject()).Single(c => (string)c["name"]! == name);

    /// <summary>"12.5ms" / "1.2s" / "200000B" → seconds or bytes.</summary>
    internal static double Value(JsonNode? node)
    {
        string s = (string)node!;
        foreach (var (suffix, factor) in new[] { ("ms", 1e-3), ("s", 1.0), ("B", 1.0) })
            if (s.EndsWith(suffix, StringComparison.Ordinal)) return double.Parse(s[..^suffix.Length], CultureInfo.InvariantCulture) * factor;
        return double.Parse(s, CultureInfo.InvariantCulture);
    }

    /// <summary>(μ, σ) of a lognormal written as median/p95.</summary>
    internal static (double Mu, double Sigma) LogNormal(JsonNode? dist)
    {
        JsonNode ln = dist!["lognormal"] ?? throw new Xunit.Sdk.XunitException($"expected a lognormal, got {dist.ToJsonString()}");
        double median = Value(ln["median"]), p95 = Value(ln["p95"]);
        return (Math.Log(median), Math.Log(p95 / median) / 1.6448536269514722);
    }

    /// <summary>Mean of a lognormal (median/p95) or gamma (mean/cv) written by the calibration.</summary>
    internal static double Mean(JsonNode? dist)
    {
        if (dist!["gamma"] is { } g) return Value(g["mean"]);
        var (mu, sigma) = LogNormal(dist);
        return LogNormalMean(mu, sigma);
    }

    private static double LogNormalVariance(double mu, double sigma) => (Math.Exp(sigma * sigma) - 1) * Math.Exp(2 * mu + sigma * sigma);

    private static double LogNormalMean(double mu, double sigma) => Math.Exp(mu + sigma * sigma / 2);

    private static void Near(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance, $"{what}: expected {expected:G5} ± {tolerance:G3}, got {actual:G5}");

    [Fact]
    public void StackFormat_RecoversTheGeneratingParameters_WithinFourStandardErrors()
    {
        var log = new SyntheticAccessLog();
        const long n = 20_000;
        CalibrationResult result = Calibrate(log, n);
        Assert.Equal(AccessLogFormat.Stack, result.Format);
        Assert.Equal(n, result.ParsedLines);
        JsonNode s = JsonNode.Parse(result.ScenarioJson)!;

        // Shares: binomial standard error.
        double staticShare = 1 - log.PageShare - log.ApiShare;
        foreach (var (name, p) in new[] { ("page", log.PageShare), ("api", log.ApiShare), ("static", staticShare) })
            Near(p, (double)Class(s, name)["weight"]!, Z * Math.Sqrt(p * (1 - p) / n), $"weight of {name}");
        Assert.True((bool)Class(s, "static")["staticAtProxy"]!);

        // Rate: (N − 1)/span has standard error λ/√N.
        double rate = Value(((string)s["load"]!["open"]!["rate"]!).Replace("/s", "", StringComparison.Ordinal));
        Near(log.RatePerSecond, rate, Z * log.RatePerSecond / Math.Sqrt(n), "rate");

        // Hit ratio over the page requests.
        double nPage = n * log.PageShare, h = log.HitRatio;
        Near(h, (double)s["cache"]!["hitRatio"]!, Z * Math.Sqrt(h * (1 - h) / nPage), "cache.hitRatio");

        // page: cpu (the HIT path) lognormal: μ̂ has standard error σ/√n, σ̂ has σ/√(2n).
        JsonArray page = Class(s, "page")["steps"]!.AsArray();
        double nHit = nPage * h, nMiss = nPage * (1 - h);
        var (mu, sigma) = LogNormal(page[0]!["cpu"]);
        Near(log.HitMu, mu, Z * log.HitSigma / Math.Sqrt(nHit), "page hit μ");
        Near(log.HitSigma, sigma, Z * log.HitSigma / Math.Sqrt(2 * nHit), "page hit σ");
        Assert.Equal(1, (int)page[1]!["cacheGet"]!["guards"]!);
        // The miss's extra time (db step), by moments: its mean has the standard error of a difference of two means.
        var (mmu, msigma) = LogNormal(page[2]!["db"]!["time"]);
        double hitVar = LogNormalVariance(log.HitMu, log.HitSigma), missVar = hitVar + LogNormalVariance(log.MissMu, log.MissSigma);
        Near(LogNormalMean(log.MissMu, log.MissSigma), LogNormalMean(mmu, msigma), Z * Math.Sqrt(missVar / nMiss + hitVar / nHit), "page miss extra mean");
        // Body size: lognormal and gamma are nearly alike at σ = 0.1, so either may win; its mean has standard error sd/√n.
        double sizeMean = LogNormalMean(log.PageSizeMu, log.PageSizeSigma), sizeSd = Math.Sqrt(LogNormalVariance(log.PageSizeMu, log.PageSizeSigma));
        Near(sizeMean, Mean(page[3]!["respond"]!["size"]), Z * sizeSd / Math.Sqrt(nPage), "page size mean");

        // api: lognormal app time.
        double nApi = n * log.ApiShare;
        var (amu, asigma) = LogNormal(Class(s, "api")["steps"]![0]!["cpu"]);
        Near(log.ApiMu, amu, Z * log.ApiSigma / Math.Sqrt(nApi), "api μ");
        Near(log.ApiSigma, asigma, Z * log.ApiSigma / Math.Sqrt(2 * nApi), "api σ");

        // Connect: every request logged 0.001 s.
        Assert.False((bool)s["proxy"]!["upstreamKeepalive"]!);
        Assert.Equal("1ms", (string)s["proxy"]!["upstreamConnect"]!);

        // Notes name the method and the sample size; what cannot be identified is listed.
        CalibrationNote hitNote = result.Notes.Single(x => x.Parameter == "classes.page.steps[0].cpu");
        Assert.Contains("maximum likelihood", hitNote.Method, StringComparison.Ordinal);
        Near(nHit, hitNote.SampleSize, Z * Math.Sqrt(n * log.PageShare * h * (1 - log.PageShare * h)), "HIT sample size");
        Assert.Contains(result.Unidentified, u => u.Parameter == "workers.count");
        Assert.Contains(result.Unidentified, u => u.Parameter == "host.cores");
        Assert.Contains(result.Notes, x => x.Parameter == "(burstiness)" && x.Method.Contains("Poisson fits", StringComparison.Ordinal));
    }

    [Fact]
    public void CombinedFormat_RecoversSharesAndRate_AndSaysWhatItCannotIdentify()
    {
        var log = new SyntheticAccessLog();
        const long n = 20_000;
        CalibrationResult result = Calibrate(log, n, combined: true, new CalibrationOptions());
        Assert.Equal(AccessLogFormat.Combined, result.Format);
        JsonNode s = JsonNode.Parse(result.ScenarioJson)!;
        Near(log.PageShare, (double)Class(s, "page")["weight"]!, Z * Math.Sqrt(log.PageShare * (1 - log.PageShare) / n), "weight of page");
        double rate = Value(((string)s["load"]!["open"]!["rate"]!).Replace("/s", "", StringComparison.Ordinal));
        // Timestamps to the second: the span is known to ±1 s.
        Near(log.RatePerSecond, rate, Z * log.RatePerSecond / Math.Sqrt(n) + rate / (n / log.RatePerSecond), "rate");
        Assert.Equal("20ms", (string)Class(s, "page")["steps"]![0]!["cpu"]!);
        Assert.Contains(result.Unidentified, u => u.Parameter == "classes.page.steps[0].cpu" && u.DefaultUsed.StartsWith("20ms", StringComparison.Ordinal));
        Assert.Contains(result.Unidentified, u => u.Parameter == "cache.hitRatio" && u.Reason.Contains("combined", StringComparison.Ordinal));
        Assert.Contains(result.Unidentified, u => u.Parameter == "proxy.upstreamConnect");
        Assert.Null(s["cache"]);
    }

    [Fact]
    public void Gzip_IsEnabled_WithTheByteWeightedRatio_AndSizesBeforeCompression()
    {
        var log = new SyntheticAccessLog { PageGzipRatio = 3.5 };
        const long n = 10_000;
        JsonNode s = JsonNode.Parse(Calibrate(log, n).ScenarioJson)!;
        Assert.True((bool)s["proxy"]!["gzip"]!["enabled"]!);
        // Every page is compressed 3.5×; bytes sent are rounded to whole bytes and the ratio to 2 decimals (3.50 exactly).
        Near(1 / 3.5, (double)s["proxy"]!["gzip"]!["ratio"]!, 1e-4, "gzip ratio");
        double nPage = n * log.PageShare;
        double sizeMean = LogNormalMean(log.PageSizeMu, log.PageSizeSigma), sizeSd = Math.Sqrt(LogNormalVariance(log.PageSizeMu, log.PageSizeSigma));
        Near(sizeMean, Mean(Class(s, "page")["steps"]![3]!["respond"]!["size"]), Z * sizeSd / Math.Sqrt(nPage) + 3.5, "page size before gzip");
    }

    /// <summary>"54.49Gbit/s" → bit/s.</summary>
    private static double BitRate(JsonNode? node)
    {
        string s = (string)node!;
        foreach (var (suffix, factor) in new[] { ("Gbit/s", 1e9), ("Mbit/s", 1e6), ("kbit/s", 1e3) })
            if (s.EndsWith(suffix, StringComparison.Ordinal)) return double.Parse(s[..^suffix.Length], CultureInfo.InvariantCulture) * factor;
        throw new Xunit.Sdk.XunitException($"not a bit rate: {s}");
    }

    [Fact]
    public void ClientBandwidth_IsTheBytesOverTheTransferAfterTheUpstream()
    {
        // 50 Mbit/s: a 200 KB page takes ≈ 32 ms after the upstream's response, logged to the millisecond (each of the two
        // times rounded: ±0.41 ms per value, ≈ 0.02 ms on the mean of ≈ 500 low-load pages, 0.06 %).
        var log = new SyntheticAccessLog { ClientBitsPerSecond = 50e6 };
        CalibrationResult result = Calibrate(log, 1_000);
        JsonNode s = JsonNode.Parse(result.ScenarioJson)!;
        Near(50e6, BitRate(s["network"]!["clientBandwidth"]), 0.005 * 50e6, "client bandwidth");
        CalibrationNote note = result.Notes.Single(x => x.Parameter == "network.clientBandwidth");
        Assert.DoesNotContain("≥", note.Confidence, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Unidentified, u => u.Parameter.Contains("clientBandwidth", StringComparison.Ordinal));
        Assert.Contains(result.Unidentified, u => u.Parameter == "network.roundTrip");
    }

    [Fact]
    public void ClientBandwidth_BelowTheLogsResolution_IsStillEstimated_FromTheRoundedTimesMean()
    {
        // The synthetic stack's default: 0.1 ms after the upstream whatever the size (≈ 16 Gbit/s for a 200 KB page). Each
        // logged time is rounded to the millisecond, so a difference is 0 or 1 ms, but its mean is the true 0.1 ms: with
        // ≈ 4,800 low-load pages its standard error is ≈ 0.41 ms / √4,800 = 0.006 ms (6 %).
        var log = new SyntheticAccessLog();
        CalibrationResult result = Calibrate(log, 8_000);
        double truth = LogNormalMean(log.PageSizeMu, log.PageSizeSigma) * 8 / 1e-4;
        Near(truth, BitRate(JsonNode.Parse(result.ScenarioJson)!["network"]!["clientBandwidth"]), 0.24 * truth, "client bandwidth below the resolution");
        Assert.DoesNotContain("≥", result.Notes.Single(x => x.Parameter == "network.clientBandwidth").Confidence, StringComparison.Ordinal);
    }

    [Fact]
    public void ClientBandwidth_WithNoTransferTimeAtAll_IsThe95PercentLowerBound()
    {
        // No time at all after the upstream (loopback): the bound is bytes ÷ (mean tail + 1.96 standard errors), the standard
        // error at least the rounding's 0.41 ms / √n, so four times the pages give twice the bound.
        var log = new SyntheticAccessLog { ClientBitsPerSecond = double.PositiveInfinity };
        double Bound(long lines, out CalibrationNote note)
        {
            CalibrationResult result = Calibrate(log, lines);
            note = result.Notes.Single(x => x.Parameter == "network.clientBandwidth");
            return BitRate(JsonNode.Parse(result.ScenarioJson)!["network"]!["clientBandwidth"]);
        }
        double small = Bound(2_000, out CalibrationNote n1), large = Bound(8_000, out CalibrationNote n2);
        Assert.StartsWith("≥", n1.Confidence, StringComparison.Ordinal);
        Assert.Contains("lower bound", n2.Method, StringComparison.Ordinal);
        Assert.InRange(large / small, 1.8, 2.2);
        // ≈ 1,200 pages of ≈ 201 KB: 201 KB × 8 ÷ (1.96 × 0.41 ms / √1,200) ≈ 69 Gbit/s.
        Assert.InRange(small, 50e9, 90e9);
    }

    [Fact]
    public void ClientBandwidth_WithTooFewLargeResponses_IsNamedAsNotIdentified()
    {
        var log = new SyntheticAccessLog { PageShare = 0, ApiShare = 0.9 };
        CalibrationResult result = Calibrate(log, 2_000);
        Assert.Null(JsonNode.Parse(result.ScenarioJson)!["network"]);
        Assert.Contains(result.Unidentified, u => u.Parameter == "network.clientBandwidth" && u.Reason.Contains("16 KiB", StringComparison.Ordinal));
    }

    [Fact]
    public void LessFrequentPatterns_MergeIntoOther_AndStaticIsKept()
    {
        var log = new SyntheticAccessLog();
        const long n = 5_000;
        CalibrationResult result = Calibrate(log, n, options: new CalibrationOptions { MaxClasses = 2 });
        JsonNode s = JsonNode.Parse(result.ScenarioJson)!;
        Assert.Equal(["page", "other", "static"], s["classes"]!.AsArray().Select(c => (string)c!["name"]!));
        Near(log.ApiShare, (double)Class(s, "other")["weight"]!, Z * Math.Sqrt(log.ApiShare * (1 - log.ApiShare) / n), "weight of other (the api requests)");
        Assert.Contains(result.Warnings, w => w.Contains("merged into the class 'other'", StringComparison.Ordinal));
    }

    [Fact]
    public void CpuSamples_SplitAppTimeIntoCpuAndWaiting_ByTheUtilizationLaw()
    {
        var log = new SyntheticAccessLog { PageShare = 0, ApiShare = 1 }; // api only: mean app time known
        const long n = 10_000;
        double meanApp = LogNormalMean(log.ApiMu, log.ApiSigma);
        double span = n / log.RatePerSecond;
        // The app used 40 % of its mean time on the CPU.
        double cpuSeconds = 0.4 * meanApp * n;
        string csv = Path.Combine(Path.GetTempPath(), $"cpu-{Guid.NewGuid():N}.csv");
        File.WriteAllText(csv, "time_unix,component,pids,utime_s,stime_s,cutime_s,cstime_s,cpu_s\n"
            + $"{log.StartUnix - 1:F3},gunicorn,4,0,0,0,0,10.00\n{log.StartUnix - 1:F3},host,0,0,0,0,0,100\n"
            + $"{log.StartUnix + span + 5:F3},gunicorn,4,0,0,0,0,{10 + cpuSeconds:F2}\n{log.StartUnix + span + 5:F3},host,0,0,0,0,0,{100 + 2 * cpuSeconds:F2}\n");
        try
        {
            CalibrationResult result = Calibrate(log, n, options: new CalibrationOptions { CpuSamplesPath = csv });
            JsonArray steps = Class(JsonNode.Parse(result.ScenarioJson)!, "api")["steps"]!.AsArray();
            var (cmu, csigma) = LogNormal(steps[0]!["cpu"]);
            var (wmu, wsigma) = LogNormal(steps[1]!["external"]);
            double share = LogNormalMean(cmu, csigma) / (LogNormalMean(cmu, csigma) + LogNormalMean(wmu, wsigma));
            // The share is (CPU / requests) / (Σ app time / requests): its error is that of the mean app time, σ_app/√n relative.
            double rel = Math.Sqrt(LogNormalVariance(log.ApiMu, log.ApiSigma) / n) / meanApp;
            Near(0.4, share, Z * 0.4 * rel + 0.002, "CPU share");
            Assert.Contains(result.Notes, x => x.Parameter.StartsWith("(app CPU per request", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(csv);
        }
    }

    /// <summary>
    /// CPU samples of a whole machine (cpu.sh's columns): the app 30 % and PostgreSQL 20 % of the app's mean time, nginx
    /// 0.5 ms and the load generator 2 ms per request, 1 s of other work, 2 cores (busy + idle = 2 s per wall second).
    /// </summary>
    private static string MachineSamples(SyntheticAccessLog log, long n, double appSeconds, bool reaped, bool loadgen)
    {
        double span = n / log.RatePerSecond;
        double t0 = log.StartUnix - 1, t1 = log.StartUnix + span + 5, wall = t1 - t0;
        double app = 0.3 * appSeconds, db = 0.2 * appSeconds, nginx = 0.0005 * n, gen = 0.002 * n, redis = 0.05, other = 1.0;
        double busy = app + db + nginx + gen + redis + other, idle = 2 * wall - busy;
        var sb = new System.Text.StringBuilder("time_unix,component,pids,utime_s,stime_s,cutime_s,cstime_s,cpu_s\n");
        foreach (var (t, k) in new[] { (t0, 0.0), (t1, 1.0) })
        {
            string T = t.ToString("F3", CultureInfo.InvariantCulture);
            string F(double x) => x.ToString("F4", CultureInfo.InvariantCulture);
            sb.Append($"{T},postgres,6,{F(1 + k * db * (reaped ? 0.1 : 1))},0,{F(2 + k * db * (reaped ? 0.9 : 0))},0,{F(3 + k * db)}\n");
            sb.Append($"{T},redis,1,{F(1 + k * redis)},0,0,0,{F(1 + k * redis)}\n");
            sb.Append($"{T},gunicorn,4,{F(5 + k * app)},0,0,0,{F(5 + k * app)}\n");
            sb.Append($"{T},nginx,2,{F(0.5 + k * nginx)},0,0,0,{F(0.5 + k * nginx)}\n");
            if (loadgen) sb.Append($"{T},loadgen,1,{F(0.7 + k * gen)},0,0,0,{F(0.7 + k * gen)}\n");
            sb.Append($"{T},host,0,{F(100 + k * busy)},{F(500 + k * idle)},0,0,{F(100 + k * busy)}\n");
        }
        return sb.ToString();
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void MachineSamples_PlaceTheServersOnTheWebHost_AndSplitTheAppTime(bool reaped, bool loadgen)
    {
        var log = new SyntheticAccessLog { PageShare = 0, ApiShare = 1 }; // api only: every request is an app request
        const long n = 10_000;
        double meanApp = LogNormalMean(log.ApiMu, log.ApiSigma);
        string csv = Path.Combine(Path.GetTempPath(), $"cpu-{Guid.NewGuid():N}.csv");
        File.WriteAllText(csv, MachineSamples(log, n, meanApp * n, reaped, loadgen));
        try
        {
            CalibrationResult result = Calibrate(log, n, options: new CalibrationOptions { CpuSamplesPath = csv, Workers = 5 });
            JsonNode s = JsonNode.Parse(result.ScenarioJson)!;
            Assert.Equal("web", (string)s["placement"]!["database"]!);
            Assert.Null(s["placement"]!["cache"]); // no class with a cache step: Redis's CPU has nowhere to go
            Assert.Equal("web", (string)s["placement"]!["loadGenerator"]!);
            Assert.Equal(2, (int)s["host"]!["cores"]!); // (busy + idle) / wall
            Assert.Equal(5, (int)s["workers"]!["count"]!);
            Assert.Equal(1, (int)s["proxy"]!["workers"]!); // 2 processes: master + 1 worker
            Near(0.0005, Value(s["proxy"]!["cpu"]), 1e-8, "proxy.cpu: nginx CPU / requests");
            // The generator: sampled, 2 ms per request; or everything the servers did not use (2 ms + 1 s of other work).
            double generator = loadgen ? 0.002 : 0.002 + 1.0 / n;
            Near(generator, Value(s["placement"]!["generatorCpu"]), 1e-8, "placement.generatorCpu");
            Assert.Contains(result.Notes, x => x.Parameter == "(database connections)" && x.Value == (reaped ? "per request" : "persistent"));
            if (loadgen) Assert.Contains(result.Notes, x => x.Parameter == "(other CPU on the host)");
            // api: cpu 30 %, db (PostgreSQL's CPU, on the web cores) 20 %, waiting 50 % of the app time.
            JsonArray steps = Class(s, "api")["steps"]!.AsArray();
            double cpu = Mean(steps[0]!["cpu"]), db = Mean(steps[1]!["db"]!["time"]), wait = Mean(steps[2]!["external"]);
            double total = cpu + db + wait;
            double rel = Math.Sqrt(LogNormalVariance(log.ApiMu, log.ApiSigma) / n) / meanApp;
            Near(0.3, cpu / total, Z * 0.3 * rel + 0.002, "app CPU share");
            Near(0.2, db / total, Z * 0.2 * rel + 0.002, "database CPU share");
            Near(meanApp, total, Z * meanApp * rel, "app time, all steps together");
            Assert.Equal("600s", (string)s["dbConnections"]!["connMaxAge"]!);
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public void MachineSamples_TheCacheLookupGuardsEveryStepOfTheMiss()
    {
        // A miss's extra becomes cpu + db + external here: a hit must skip all three (a hit does no query and no waiting of the miss).
        var log = new SyntheticAccessLog();
        const long n = 5_000;
        string csv = Path.Combine(Path.GetTempPath(), $"cpu-{Guid.NewGuid():N}.csv");
        File.WriteAllText(csv, MachineSamples(log, n, 0.02 * n, reaped: false, loadgen: true));
        try
        {
            JsonNode s = JsonNode.Parse(Calibrate(log, n, options: new CalibrationOptions { CpuSamplesPath = csv }).ScenarioJson)!;
            JsonArray steps = Class(s, "page")["steps"]!.AsArray();
            int lookup = steps.Select((x, i) => (x, i)).Single(p => p.x!["cacheGet"] is not null).i;
            int respond = steps.Select((x, i) => (x, i)).Single(p => p.x!["respond"] is not null).i;
            Assert.Equal(respond - lookup - 1, (int)steps[lookup]!["cacheGet"]!["guards"]!);
            Assert.Equal(3, respond - lookup - 1);
            Assert.Equal("web", (string)s["placement"]!["cache"]!);
            Assert.Equal("0", (string)s["cache"]!["operationTime"]!);
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public void MalformedLines_AreCountedAndReported_WithLineNumbers()
    {
        var log = new SyntheticAccessLog { GarbageShare = 0.1 };
        CalibrationResult result = Calibrate(log, 5_000);
        // 10 % garbage: binomial count.
        Near(500, result.MalformedCount, Z * Math.Sqrt(5000 * 0.1 * 0.9), "malformed lines");
        Assert.Equal(result.Lines, result.ParsedLines + result.MalformedCount);
        Assert.InRange(result.Malformed.Count, 1, 5);
        string[] lines = log.Lines(5_000).ToArray();
        foreach (MalformedLine m in result.Malformed)
        {
            Assert.StartsWith("garbage", lines[m.LineNumber - 1], StringComparison.Ordinal);
            Assert.Contains("expected 18 tab-separated fields", m.Problem, StringComparison.Ordinal);
        }
        Assert.Contains(result.Warnings, w => w.Contains("malformed", StringComparison.Ordinal));
    }

    [Fact]
    public void MostlyMalformed_FailsNamingTheLineAndField()
    {
        var log = new SyntheticAccessLog { GarbageShare = 0.7 };
        var ex = Assert.Throws<CalibrationException>(() => Calibrate(log, 2_000, options: new CalibrationOptions { Format = AccessLogFormat.Stack }));
        Assert.Matches(@"of 2,000 lines read are not in the stack format \(18 tab-separated fields, docs/reference-stack.md\); the first is line \d+: expected 18 tab-separated fields", ex.Message);
    }

    [Fact]
    public void BadFieldValue_IsNamed()
    {
        string good = new SyntheticAccessLog().Lines(1).Single();
        string[] f = good.Split('\t');
        f[8] = "fast";
        string bad = string.Join('\t', f);
        var ex = Assert.Throws<CalibrationException>(() => AccessLogCalibration.RunOnStreams(() => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(bad + "\n" + bad + "\n")),
            new CalibrationOptions { Format = AccessLogFormat.Stack }));
        Assert.Contains("line 1: field 9 ($request_time) is 'fast'; allowed: seconds ≥ 0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OnlyStaticFiles_GiveAValidScenario()
    {
        CalibrationResult result = Calibrate(new SyntheticAccessLog { PageShare = 0, ApiShare = 0 }, 500);
        Assert.True(ScenarioLoader.Load(result.ScenarioJson, "static only").Succeeded);
        Assert.True((bool)Class(JsonNode.Parse(result.ScenarioJson)!, "static")["staticAtProxy"]!);
    }

    [Fact]
    public void AbsurdRequestTime_IsAMalformedLine()
    {
        string[] f = new SyntheticAccessLog().Lines(1).Single().Split('\t');
        f[8] = "999999.000";
        Assert.Contains("field 9 ($request_time) is '999999.000'; allowed: seconds in [0, 86400]", LogParser.TryParseStack(string.Join('\t', f), out _), StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyOrForeignLog_FailsWithAMessage()
    {
        var empty = Assert.Throws<CalibrationException>(() => AccessLogCalibration.RunOnStreams(() => new MemoryStream()));
        Assert.Contains("empty", empty.Message, StringComparison.Ordinal);
        var foreign = Assert.Throws<CalibrationException>(() => AccessLogCalibration.RunOnStreams(() => new MemoryStream("{\"json\": 1}\n"u8.ToArray())));
        Assert.Contains("none of the first 1 non-empty lines", foreign.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RateProfile_IsUsed_WhenTheRateChanges()
    {
        // 10 minutes at 5/s then 10 minutes at 40/s: far beyond Poisson noise.
        var slow = new SyntheticAccessLog { RatePerSecond = 5 };
        var fast = new SyntheticAccessLog { RatePerSecond = 40, StartUnix = slow.StartUnix + 600, Seed = 8 };
        IEnumerable<string> lines = slow.Lines(3000).Concat(fast.Lines(24000));
        CalibrationResult result = AccessLogCalibration.RunOnStreams(() => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n")));
        JsonNode s = JsonNode.Parse(result.ScenarioJson)!;
        JsonArray profile = s["load"]!["open"]!["profile"]!.AsArray();
        Assert.InRange(profile.Count, 17, 20);
        double first = Value(((string)profile[1]!["rate"]!).Replace("/s", "", StringComparison.Ordinal));
        double last = Value(((string)profile[^2]!["rate"]!).Replace("/s", "", StringComparison.Ordinal));
        Near(5, first, Z * Math.Sqrt(5 / 60.0), "rate in minute 2");
        Near(40, last, Z * Math.Sqrt(40 / 60.0), "rate near the end");
        Assert.Equal("0", (string)s["run"]!["warmup"]!);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Output_ConformsToTheSchema_AndLoads(bool combined)
    {
        CalibrationResult result = Calibrate(new SyntheticAccessLog(), 3_000, combined);
        using JsonDocument doc = JsonDocument.Parse(result.ScenarioJson);
        EvaluationResults r = SchemaConformanceTests.Schema.Value.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(r.IsValid, string.Join("; ", (r.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
        ScenarioLoadResult loaded = ScenarioLoader.Load(result.ScenarioJson, "calibrated");
        Assert.True(loaded.Succeeded, string.Join("; ", loaded.Errors));
        Assert.Contains("| parameter | value | method | n | 95 % confidence |", result.ToMarkdown("x.json"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/page/123?x=1", "/page/{id}")]
    [InlineData("GET", "/api/v1/users/3f2504e0-4f89-11d3-9a0c-0305e82c3301/orders", "/api/v1/users/{id}/orders")]
    [InlineData("GET", "/blob/deadbeef42", "/blob/{id}")]
    [InlineData("GET", "/about", "/about")]
    [InlineData("POST", "/api/orders", "POST /api/orders")]
    [InlineData("GET", "/static/app.CSS?v=3", "static")]
    [InlineData("GET", "/", "/")]
    public void UrlPatterns(string method, string uri, string pattern) => Assert.Equal(pattern, UrlPattern.Of(method, uri));
}
