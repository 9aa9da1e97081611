using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sim.Randomness;
using Sim.Units;
using Xunit.Abstractions;

namespace Sim.Cli.Tests;

/// <summary>
/// A mutation fuzzer of scenarios: the shipped scenarios with values at random JSON paths replaced by hostile ones
/// (0, −1, 1e308, 1e-320, NaN-like and huge strings, wrong types and units, null, empty objects and arrays, deleted
/// fields, duplicated keys, deep nesting, values at their bounds), each given to <c>sim validate</c> and, when it
/// validates, to <c>sim run</c> with a small budget (a short run of one replication; the mutated field kept as
/// mutated). Every outcome must be exit 0, 1 or 2 without a stack trace or an exception's name, and every scenario
/// that validates must run to completion. Fixed seed, 2,000 mutants by default; <c>SIM_FUZZ_COUNT</c> and
/// <c>SIM_FUZZ_SEED</c> run more or others (docs/cli.md, "Fuzzing").
/// </summary>
public partial class ScenarioFuzzTests(ITestOutputHelper output)
{
    private const int DefaultCount = 2000;
    private const ulong DefaultSeed = 20261206;

    /// <summary>About this many requests per run at most, when the mutation made the run itself long: the load is lowered to fit.</summary>
    private const double RequestBudget = 20_000;

    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private static readonly string[] Hostile =
    [
        "0", "-1", "1e308", "-1e308", "1e-320", "0.5", "2147483647", "2147483648", "4294967297", "9007199254740993", "-0",
        "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"nan\"", "\"1e999\"", "\"\"", "\"x\"", "\"../x\"", "\"a\\nb|c\"", "\"auto\"",
        "true", "null", "{}", "[]", "[{}]", "{\"\": null}",
        "5", "\"5\"", "\"5kg\"", "\"5ms\"", "\"5MB\"", "\"5/s\"", "\"5Mbit/s\"", "\"35%\"", "\"135%\"", "\"-5ms\"", "\"0\"", "\"0s\"", "\"0/s\"",
        "\"1e306s\"", "\"1e308B\"", "\"1e308/s\"", "\"1e-320s\"", "\"1e7s\"", "\"1TB\"", "\"10000000/s\"", "\"1e-320bit/s\"",
        "{\"exponential\": {\"mean\": \"1e306s\"}}", "{\"exponential\": {\"mean\": \"1e7s\"}}", "{\"exponential\": {\"mean\": 1e6}}",
        "{\"mixture\": [{\"weight\": 1, \"distribution\": {\"deterministic\": {\"value\": 0}}}]}",
        "{\"mixture\": [{\"weight\": 1e-300, \"distribution\": \"1e7s\"}, {\"weight\": 1, \"distribution\": \"1ms\"}]}",
        "{\"mixture\": [{\"weight\": 1, \"distribution\": {\"deterministic\": {\"value\": 1e-320}}}, {\"weight\": 1, \"distribution\": {\"deterministic\": {\"value\": 1e6}}}]}",
        "{\"lognormal\": {\"median\": 1, \"p95\": 1e300}}", "{\"lognormal\": {\"mu\": -700, \"sigma\": 20}}", "{\"lognormal\": {\"median\": \"1ms\", \"p95\": \"1e7s\"}}",
        "{\"gamma\": {\"shape\": 1e-300, \"scale\": \"1s\"}}", "{\"weibull\": {\"shape\": 0.001, \"scale\": \"1s\"}}", "{\"erlang\": {\"k\": 2147483647, \"mean\": \"1s\"}}",
        "{\"uniform\": {\"min\": \"0\", \"max\": \"1e7s\"}}", "{\"uniform\": {\"min\": 0, \"max\": 1e-320}}", "{\"empirical\": {\"samples\": []}}",
        "{\"empirical\": {\"samples\": [\"1e7s\", \"0\"]}}", "{\"deterministic\": {\"value\": \"1e7s\"}}", "{\"deterministic\": {\"value\": \"1TB\"}}",
        "{\"boundedPareto\": {\"alpha\": 1e-9, \"min\": \"1ns\", \"max\": \"1e7s\"}}", "{\"truncatedNormal\": {\"mean\": \"-1e7s\", \"stdDev\": \"1ns\"}}",
        "{\"exponential\": {\"rate\": \"1e-320/s\"}}", "{\"exponential\": {\"mean\": \"5ms\"}, \"uniform\": {}}",
    ];

    // Values at the edge of what validates: the largest whole number, a count at its documented bound, a duration,
    // size or rate at its bound, one, zero. They pass the validator, so the model must cope with them.
    private static readonly string[] Extreme =
    [
        "2147483647", "1000", "1", "0", "\"0\"", "\"1e7s\"", "\"1TB\"", "\"10000000/s\"", "\"1ns\"", "\"1B\"", "1e-300", "\"100%\"", "0.999999",
        "{\"boundedPareto\": {\"alpha\": 0.01, \"min\": \"1ns\", \"max\": \"1e7s\"}}", "{\"lognormal\": {\"median\": \"1us\", \"p95\": \"1e6s\"}}",
    ];

    private static string HugeString() => "\"" + new string('x', 100_000) + "\"";

    private static string Deep(int depth) => new string('[', depth) + new string(']', depth);

    private sealed record Mutant(string Source, string Text, string[] Set, string What, string? Phase, IReadOnlyList<string> Touched)
    {
        /// <summary>True when a mutation changed the field at <paramref name="path"/>, something inside it or around it, or a phase patch naming it.</summary>
        public bool Touches(string path) => Touched.Any(t =>
        {
            if (PatchKey().Match(t) is { Success: true } k) return Overlap(k.Groups[1].Value, path);
            if (t.StartsWith("phases", StringComparison.Ordinal)) return WholePatch().IsMatch(t); // a whole phase or patch: anything
            return Overlap(t, path);
        }) || Set.Any(x => Overlap(x.Split('=')[0], path));

        private static bool Overlap(string a, string b) =>
            a == b || a.StartsWith(b + ".", StringComparison.Ordinal) || a.StartsWith(b + "[", StringComparison.Ordinal)
            || b.StartsWith(a + ".", StringComparison.Ordinal) || b.StartsWith(a + "[", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^phases\[\d+\]\.set\.(.+)$")]
    private static partial Regex PatchKey();

    [GeneratedRegex(@"^phases(\[\d+\](\.set)?)?$")]
    private static partial Regex WholePatch();

    [Fact]
    [Trait("Category", "Fuzz")]
    public void MutatedScenarios_AreRefusedWithAMessage_OrRunToCompletion()
    {
        int count = int.TryParse(Environment.GetEnvironmentVariable("SIM_FUZZ_COUNT"), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : DefaultCount;
        ulong seed = ulong.TryParse(Environment.GetEnvironmentVariable("SIM_FUZZ_SEED"), NumberStyles.None, CultureInfo.InvariantCulture, out ulong s) ? s : DefaultSeed;
        string root = Repo.Root();
        string[] sources = [.. Directory.GetFiles(Path.Combine(root, "scenarios"), "*.json", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith("scenario.schema.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
        Assert.True(sources.Length >= 7, string.Join(", ", sources));
        var originals = sources.Select(f => (Path.GetRelativePath(root, f), (JsonObject)JsonNode.Parse(File.ReadAllText(f), documentOptions: Options)!)).ToArray();

        string dir = Path.Combine(Path.GetTempPath(), "sim-fuzz-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var slowest = new List<(double Seconds, string What)>();
        var failures = new List<string>();
        var random = new RandomStream(seed);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        int done = 0;
        try
        {
            for (int i = 0; i < count && !_abandoned; i++, done++)
            {
                var (source, original) = originals[random.NextInt(originals.Length)];
                Mutant m = Mutate(source, (JsonObject)original.DeepClone(), random);
                string file = Path.Combine(dir, $"m{i}.json");
                File.WriteAllText(file, m.Text);
                double started = watch.Elapsed.TotalSeconds;
                string outcome = Check(m, file, failures, i, random);
                slowest.Add((watch.Elapsed.TotalSeconds - started, $"#{i} {m.Source}: {m.What}"));
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
                if (!outcome.StartsWith("FAIL", StringComparison.Ordinal)) File.Delete(file);
            }
        }
        finally
        {
            watch.Stop();
            var summary = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"fuzz: {done} mutants of {sources.Length} scenarios, seed {seed}, {watch.Elapsed.TotalSeconds:F1} s"));
            foreach (var (outcome, k) in outcomes) summary.Append(CultureInfo.InvariantCulture, $"\n  {k,6}  {outcome}");
            summary.Append("\n  slowest:");
            foreach (var (sec, what) in slowest.OrderByDescending(x => x.Seconds).Take(5))
                summary.Append(CultureInfo.InvariantCulture, $"\n    {sec,6:F2} s  {(what.Length > 160 ? what[..160] + "…" : what)}");
            output.WriteLine(summary.ToString());
            Console.WriteLine(summary.ToString());
            if (failures.Count == 0) Directory.Delete(dir, recursive: true);
        }
        Assert.True(failures.Count == 0, $"{failures.Count} mutant(s) failed (files kept in {dir}):\n" + string.Join("\n\n", failures.Take(15)));
    }

    // ---- checking ---------------------------------------------------------------------------------------

    private string Check(Mutant m, string file, List<string> failures, int index, RandomStream random)
    {
        string[] validateArgs = ["validate", file, .. m.Set.SelectMany(x => new[] { "--set", x })];
        var (code, stdout, stderr) = RunGuarded(validateArgs);
        if (Problem(code, stdout, stderr, [0, 2]) is { } bad) return Fail(failures, index, m, validateArgs, code, stdout, stderr, "validate: " + bad);
        if (code == 2) return "invalid: refused with a message (exit 2)";

        // It validates: run it on a small budget. The fields the mutation touched stay as mutated.
        string budgeted = Budget(m);
        string runFile = Path.ChangeExtension(file, ".run.json");
        File.WriteAllText(runFile, budgeted);
        var args = new List<string> { "run", runFile, "--format", random.NextInt(2) == 0 ? "json" : "table" };
        foreach (string x in m.Set) args.AddRange(["--set", x]);
        if (m.Phase is not null) args.AddRange(["--phase", m.Phase]);
        bool slo = random.NextInt(4) == 0;
        if (slo) args.AddRange(["--slo", "p95<=100ms,errors<=1%"]);
        (code, stdout, stderr) = RunGuarded([.. args]);
        if (Problem(code, stdout, stderr, slo ? [0, 1] : [0]) is { } failed)
            return Fail(failures, index, m, [.. args], code, stdout, stderr, "run of a scenario that validated: " + failed);
        File.Delete(runFile);
        return code == 1 ? "valid: ran, SLO violated (exit 1)" : "valid: ran to completion (exit 0)";
    }

    // Not a speed limit but a hang detector: a command that has not returned after this long (runs here take well under
    // a second) is cancelled, and one that ignores the cancellation too is abandoned and reported.
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("SIM_FUZZ_HANG_SECONDS"), NumberStyles.None, CultureInfo.InvariantCulture, out int h) && h > 0 ? h : 120);

    /// <summary>Set when a command hung past cancellation: its thread still runs, so the fuzzing stops.</summary>
    private bool _abandoned;

    private (int Code, string Out, string Err) RunGuarded(string[] args)
    {
        using var hang = new CancellationTokenSource(Hang);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var task = Task.Factory.StartNew(() => Program.Run(args, stdout, stderr, hang.Token), TaskCreationOptions.LongRunning);
        try
        {
            if (!task.Wait(Hang + TimeSpan.FromSeconds(30)))
            {
                _abandoned = true;
                return (-2, "", $"(hang: not returned {Hang.TotalSeconds + 30:F0} s after it started, nor after its cancellation)");
            }
        }
        catch (AggregateException ex)
        {
            return (-1, stdout.ToString(), stderr + "\n(escaped Program.Run) " + ex.InnerException);
        }
        return (task.Result, stdout.ToString(), stderr.ToString());
    }

    private static string? Problem(int code, string stdout, string stderr, int[] allowed)
    {
        if (!allowed.Contains(code)) return $"exit {code}, expected {string.Join(" or ", allowed)}";
        foreach (string text in new[] { stdout, stderr })
        {
            if (text.Contains("   at ", StringComparison.Ordinal)) return "a stack trace";
            if (ExceptionName().Match(text) is { Success: true } e) return $"an exception's name ({e.Value})";
        }
        return null;
    }

    [GeneratedRegex(@"\b[A-Z]\w*Exception\b")]
    private static partial Regex ExceptionName();

    private static string Fail(List<string> failures, int index, Mutant m, string[] args, int code, string stdout, string stderr, string why)
    {
        static string Cut(string s) => s.Length > 1500 ? s[..1500] + "…" : s;
        failures.Add($"#{index} {m.Source}: {m.What}\n  sim {string.Join(' ', args.Select(a => a.Length > 200 ? a[..200] + "…" : a))}\n  {why}\n  exit {code}\n  stdout: {Cut(stdout)}\n  stderr: {Cut(stderr)}");
        return "FAIL: " + why.Split(':')[0];
    }

    // ---- the budget: a short run of one replication, the mutated fields left alone ---------------------

    // Run control the mutation left alone becomes 2 s (¼ of it warm-up) and one replication; a load it left alone is
    // capped so that the run offers about RequestBudget requests: a constant or profile rate at most 500/s, at most
    // 1,000 users — less when the mutation made the run itself long (run.duration = "1e7s" is valid: 8/s for 10⁷ s).
    private static string Budget(Mutant m)
    {
        if (JsonNode.Parse(m.Text, documentOptions: Options) is not JsonObject doc) return m.Text;
        var run = doc["run"] as JsonObject ?? [];
        doc["run"] = run;
        // A --set of run control wins over the file: judge the run by it (and write it there too; the --set still applies).
        foreach (string x in m.Set)
        {
            int eq = x.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && x[..eq] is "run.duration" or "run.warmup" or "run.replications")
            {
                string text = x[(eq + 1)..];
                JsonNode? parsed;
                try { parsed = JsonNode.Parse(text); } catch (JsonException) { parsed = JsonValue.Create(text); }
                run[x[4..eq]] = parsed;
            }
        }
        if (!m.Touches("run.duration")) run["duration"] = "2s";
        if (!m.Touches("run.warmup")) run["warmup"] = "0.5s";
        if (!m.Touches("run.replications")) run["replications"] = 1;
        double duration = Seconds(run["duration"], 300), warmup = Seconds(run["warmup"], 60);
        double reps = run["replications"] is JsonValue rv && rv.TryGetValue(out double rr) ? rr : 5;
        bool auto = run["warmup"] is JsonValue w && w.TryGetValue(out string? ws) && ws == "auto";
        double runSeconds = (duration + (auto ? duration : warmup)) * Math.Max(1, reps);
        bool longRun = runSeconds > 20;
        // A mutated load stays as mutated, unless the mutations also made the run long (both "1e7s" and 10⁷ users): then
        // the load is capped too, so that the scenario still runs, if not exactly as mutated.
        if (m.Touches("load") && !longRun) return doc.ToJsonString();
        double maxRate = Math.Min(500, RequestBudget / runSeconds);
        if (doc["load"]?["open"] is JsonObject open)
        {
            if (open["rate"] is JsonValue r && r.TryGetValue(out string? text) && Quantity.TryParseRate(text, out double rate, out _) && rate > maxRate)
                open["rate"] = maxRate.ToString("R", CultureInfo.InvariantCulture) + "/s";
            if (open["profile"] is JsonArray profile)
                foreach (JsonObject p in profile.OfType<JsonObject>())
                    if (p["rate"] is JsonValue pr && pr.TryGetValue(out string? pt) && Quantity.TryParseRate(pt, out double x, out _) && x > maxRate)
                        p["rate"] = maxRate.ToString("R", CultureInfo.InvariantCulture) + "/s";
        }
        if (doc["load"]?["closed"] is JsonObject closed && closed["users"] is JsonValue u && u.TryGetValue(out double users))
        {
            double capped = longRun ? 10 : Math.Min(users, 1000);
            closed["users"] = capped;
            if (longRun) closed["thinkTime"] = JsonNode.Parse($"{{\"exponential\": {{\"mean\": \"{(capped * runSeconds / RequestBudget).ToString("R", CultureInfo.InvariantCulture)}s\"}}}}");
        }
        return doc.ToJsonString();
    }

    private static double Seconds(JsonNode? node, double missing) =>
        node is null ? missing : node is JsonValue v && v.TryGetValue(out string? text) && Quantity.TryParseDuration(text, out double s, out _) ? s : 0;

    // ---- mutation ------------------------------------------------------------------------------------

    private sealed record Site(JsonNode Parent, string? Key, int Index, string Path);

    private static List<Site> Sites(JsonNode node, string path)
    {
        var sites = new List<Site>();
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o.ToList())
                {
                    string p = path.Length == 0 ? key : $"{path}.{key}";
                    sites.Add(new Site(o, key, -1, p));
                    if (child is not null) sites.AddRange(Sites(child, p));
                }
                break;
            case JsonArray a:
                for (int i = 0; i < a.Count; i++)
                {
                    string p = $"{path}[{i}]";
                    sites.Add(new Site(a, null, i, p));
                    if (a[i] is { } child) sites.AddRange(Sites(child, p));
                }
                break;
        }
        return sites;
    }

    private static Mutant Mutate(string source, JsonObject doc, RandomStream random)
    {
        int mutations = random.NextDouble() switch { < 0.7 => 1, < 0.9 => 2, _ => 3 };
        var what = new List<string>();
        var touched = new List<string>();
        string[] set = [];
        string? duplicate = null;
        for (int k = 0; k < mutations; k++)
        {
            List<Site> sites = Sites(doc, "");
            if (sites.Count == 0) break;
            // Mostly a value (a number, a quantity, a distribution), where a bad value reaches the model; else any node.
            List<Site> values = [.. sites.Where(x => Value(x) is JsonValue || IsDistribution(Value(x)))];
            Site site = values.Count > 0 && random.NextDouble() < 0.7 ? values[random.NextInt(values.Count)] : sites[random.NextInt(sites.Count)];
            touched.Add(site.Path);
            JsonNode? current = Value(site);
            double op = random.NextDouble();
            string? value = null;
            if (op < 0.10)
            {
                if (site.Key is not null) ((JsonObject)site.Parent).Remove(site.Key);
                else ((JsonArray)site.Parent).RemoveAt(site.Index);
                what.Add($"delete {site.Path}");
                continue;
            }
            if (op < 0.15 && site.Parent is JsonObject dupParent && site.Key is not null && duplicate is null)
            {
                // JsonNode cannot hold a key twice: a marker key, renamed in the text.
                duplicate = site.Key;
                dupParent["__fuzz_duplicate__"] = JsonNode.Parse(Hostile[random.NextInt(Hostile.Length)]);
                what.Add($"duplicate key {site.Path}");
                continue;
            }
            if (op < 0.18 && site.Parent is JsonObject unknownParent)
            {
                unknownParent["unknownField"] = 1;
                what.Add($"unknown field beside {site.Path}");
                continue;
            }
            if (op < 0.55) value = KindAware(current, random);       // the same kind of value, at a hostile magnitude or unit
            else if (op < 0.65) value = Scaled(current, random);     // pushed far from where it was
            else if (op < 0.75 && current is JsonValue) value = Extreme[random.NextInt(Extreme.Length)];
            if (value is null)
            {
                double pick = random.NextDouble();
                value = pick < 0.02 ? HugeString() : pick < 0.04 ? Deep(40 + random.NextInt(200)) : Hostile[random.NextInt(Hostile.Length)];
            }
            // Now and then through --set, as a user would override it (not inside phases: their keys are paths).
            if (mutations == 1 && random.NextInt(6) == 0 && !site.Path.StartsWith("phases", StringComparison.Ordinal) && !site.Path.Contains('"'))
            {
                set = [$"{site.Path}={(value.StartsWith('"') && value.Length < 100 ? JsonSerializer.Deserialize<string>(value) : value)}"];
                what.Add($"--set {(set[0].Length > 120 ? set[0][..120] + "…" : set[0])}");
                break;
            }
            Replace(site, JsonNode.Parse(value, documentOptions: new JsonDocumentOptions { MaxDepth = 1000 }));
            what.Add($"{site.Path} = {(value.Length > 120 ? value[..120] + "…" : value)}");
        }
        string text = doc.ToJsonString();
        if (duplicate is not null) text = text.Replace("\"__fuzz_duplicate__\"", JsonSerializer.Serialize(duplicate), StringComparison.Ordinal);
        // The configuration to run: the phase a mutation changed, else the baseline or, as often, a later phase (phases
        // are cumulative, and some parts matter only where a phase turns them on, such as gzip).
        var names = (doc["phases"] as JsonArray)?.Select(x => (x as JsonObject)?["name"] is JsonValue v && v.TryGetValue(out string? n) ? n : null).ToList() ?? [];
        string? phase = null;
        foreach (string t in touched)
            if (PhaseIndex().Match(t) is { Success: true } pm && int.Parse(pm.Groups[1].Value, CultureInfo.InvariantCulture) is int i && i < names.Count && names[i] is { } name)
                phase = name;
        if (phase is null && names.Count > 0 && random.NextInt(2) == 0 && names[random.NextInt(names.Count)] is { } later) phase = later;
        return new Mutant(source, text, set, string.Join("; ", what), phase, touched);
    }

    private static readonly string[] Numbers = ["0", "-1", "1e308", "1e306", "1e300", "1e150", "1e-320", "1e-300", "1e12", "1e7", "2147483647", "1e400", "NaN", "Infinity", "-0", "0.5"];

    private static readonly string[] Units = ["kg", "", "s", "ms", "h", "B", "TB", "/s", "rps", "Mbit/s", "bit/s", "%"];

    // A number becomes a hostile number; a quantity "20ms" keeps its unit with a hostile number ("1e306ms") or its number
    // with another unit ("20kg", "20MB"); a distribution becomes a hostile distribution in the same unit.
    private static string? KindAware(JsonNode? node, RandomStream random)
    {
        string number = Numbers[random.NextInt(Numbers.Length)];
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
            return number is "NaN" or "Infinity" ? JsonSerializer.Serialize(number) : number;
        if (node is JsonValue sv && sv.GetValueKind() == JsonValueKind.String && QuantityText().Match(sv.GetValue<string>()) is { Success: true } q)
            return random.NextInt(3) == 0
                ? JsonSerializer.Serialize(q.Groups[1].Value + Units[random.NextInt(Units.Length)])
                : random.NextInt(3) == 0 ? HostileDistribution(Unit(q.Groups[2].Value), random) : JsonSerializer.Serialize(number + q.Groups[2].Value);
        if (IsDistribution(node)) return HostileDistribution(UnitOf(node!), random);
        return null;
    }

    private static bool IsDistribution(JsonNode? node) =>
        node is JsonObject o && o.Count == 1 && o.First().Key is "deterministic" or "exponential" or "uniform" or "truncatedNormal" or "lognormal" or "gamma" or "erlang" or "weibull" or "boundedPareto" or "empirical" or "mixture";

    // "s" for times, "B" for sizes, "" for plain numbers (a bandwidth distribution), from a unit or the values in a distribution.
    private static string Unit(string unit) => unit.EndsWith("B", StringComparison.Ordinal) ? "B" : unit.Length == 0 || unit.Contains("bit", StringComparison.Ordinal) || unit.Contains("bps", StringComparison.Ordinal) ? "" : "s";

    private static string UnitOf(JsonNode node)
    {
        string text = node.ToJsonString();
        return Regex.IsMatch(text, "[0-9](B|KB|MB|GB|TB|KiB|MiB)\"") ? "B" : Regex.IsMatch(text, "[0-9](ns|us|ms|s|min|h)\"") ? "s" : "";
    }

    private static string HostileDistribution(string unit, RandomStream random)
    {
        string V(string x) => unit.Length == 0 ? x : $"\"{x}{unit}\"";
        string[] templates =
        [
            $"{{\"deterministic\": {{\"value\": {V("1e306")}}}}}", $"{{\"deterministic\": {{\"value\": {V("1e-320")}}}}}", $"{{\"deterministic\": {{\"value\": {V("0")}}}}}",
            $"{{\"exponential\": {{\"mean\": {V("1e306")}}}}}", $"{{\"exponential\": {{\"mean\": {V("1e150")}}}}}", $"{{\"exponential\": {{\"mean\": {V("1e-320")}}}}}",
            $"{{\"uniform\": {{\"min\": {V("0")}, \"max\": {V("1e154")}}}}}", $"{{\"uniform\": {{\"min\": {V("1e-320")}, \"max\": {V("1e-310")}}}}}",
            $"{{\"lognormal\": {{\"median\": {V("1")}, \"p95\": {V("1e150")}}}}}", $"{{\"lognormal\": {{\"mu\": -700, \"sigma\": 20}}}}", $"{{\"lognormal\": {{\"mu\": 20, \"sigma\": 8}}}}",
            $"{{\"gamma\": {{\"shape\": 1e-300, \"scale\": {V("1")}}}}}", $"{{\"gamma\": {{\"shape\": 1e300, \"scale\": {V("1e-300")}}}}}",
            $"{{\"erlang\": {{\"k\": 2147483647, \"mean\": {V("1")}}}}}", $"{{\"weibull\": {{\"shape\": 0.007, \"scale\": {V("1")}}}}}",
            $"{{\"truncatedNormal\": {{\"mean\": {V("-1e6")}, \"stdDev\": {V("1e5")}}}}}", $"{{\"truncatedNormal\": {{\"mean\": {V("1e150")}, \"stdDev\": {V("1e150")}}}}}",
            $"{{\"boundedPareto\": {{\"alpha\": 1e-9, \"min\": {V("1e-300")}, \"max\": {V("1e300")}}}}}", $"{{\"boundedPareto\": {{\"alpha\": 50, \"min\": {V("1")}, \"max\": {V("1e308")}}}}}",
            $"{{\"empirical\": {{\"samples\": [{V("1e150")}, {V("0")}, {V("1e-320")}]}}}}", $"{{\"empirical\": {{\"samples\": [{V("0")}]}}}}",
            $"{{\"mixture\": [{{\"weight\": 1e-300, \"distribution\": {{\"deterministic\": {{\"value\": {V("1e150")}}}}}}}, {{\"weight\": 1, \"distribution\": {{\"deterministic\": {{\"value\": {V("1")}}}}}}}]}}",
            $"{{\"mixture\": [{{\"weight\": 1, \"distribution\": {{\"deterministic\": {{\"value\": {V("1e-320")}}}}}}}, {{\"weight\": 1, \"distribution\": {{\"deterministic\": {{\"value\": {V("1e6")}}}}}}}]}}",
            $"{{\"mixture\": [{{\"weight\": 1e308, \"distribution\": {{\"deterministic\": {{\"value\": {V("1")}}}}}}}, {{\"weight\": 1e308, \"distribution\": {{\"deterministic\": {{\"value\": {V("2")}}}}}}}]}}",
        ];
        return templates[random.NextInt(templates.Length)];
    }

    [GeneratedRegex(@"^phases\[(\d+)\]")]
    private static partial Regex PhaseIndex();

    private static JsonNode? Value(Site site) => site.Key is not null ? ((JsonObject)site.Parent)[site.Key] : ((JsonArray)site.Parent)[site.Index];

    private static void Replace(Site site, JsonNode? value)
    {
        if (site.Key is not null) ((JsonObject)site.Parent)[site.Key] = value;
        else ((JsonArray)site.Parent)[site.Index] = value;
    }

    // A value pushed far from where it was: a number or a quantity × 10³, × 10⁶ or ÷ 10⁶ (keeping its unit).
    private static string? Scaled(JsonNode? node, RandomStream random)
    {
        if (node is not JsonValue v) return null;
        double factor = random.NextInt(3) switch { 0 => 1e3, 1 => 1e6, _ => 1e-6 };
        if (v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out double x))
            return double.IsFinite(x * factor) ? (x * factor).ToString("R", CultureInfo.InvariantCulture) : "1e308";
        if (v.GetValueKind() == JsonValueKind.String && QuantityText().Match(v.GetValue<string>()) is { Success: true } q
            && double.TryParse(q.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double y))
            return JsonSerializer.Serialize((y * factor).ToString("R", CultureInfo.InvariantCulture) + q.Groups[2].Value);
        return null;
    }

    [GeneratedRegex(@"^\s*([0-9.eE+-]+)\s*([A-Za-z/%]+.*)$")]
    private static partial Regex QuantityText();

    private static class Repo
    {
        public static string Root()
        {
            for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "Sim.sln"))) return d.FullName;
            throw new InvalidOperationException("Sim.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
