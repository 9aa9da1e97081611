using System.Text.Json;
using System.Text.Json.Nodes;
using Sim.Validation;

namespace Sim.Scenarios;

/// <summary>
/// Reads scenario JSON (see <c>docs/scenarios.md</c>) into resolved <see cref="ScenarioPhase"/>s. One pipeline:
/// parse (comments and trailing commas allowed) → apply <c>--set path=value</c> overrides → resolve phases (baseline,
/// then each phase's <c>set</c> patch on top of the previous phase) → for each resolved document: fill defaults, read
/// (fields, types, units) into a record, and validate the record with the checks <see cref="StackScenario.Validate"/>
/// applies to a scenario built in code. Never throws on user input: every problem becomes one <see cref="ValidationError"/>, and
/// all of them are reported together. Thread safe: stateless.
/// </summary>
public static class ScenarioLoader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 64 };

    /// <summary>Loads a scenario from JSON text.</summary>
    /// <param name="jsonText">The scenario document.</param>
    /// <param name="sourceName">Where it came from (a file name), used in parse errors and as the default scenario name.</param>
    /// <param name="overrides"><c>path=value</c> texts applied before phases, e.g. <c>workers.count=8</c>,
    /// <c>dbConnections.connMaxAge=600s</c>, <c>classes.page.weight=2</c>; the value is JSON when it parses as JSON,
    /// otherwise a string.</param>
    /// <returns>The phases (baseline first) or the errors.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="jsonText"/> or <paramref name="sourceName"/> is null.</exception>
    public static ScenarioLoadResult Load(string jsonText, string sourceName, IReadOnlyList<string>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(jsonText);
        ArgumentNullException.ThrowIfNull(sourceName);
        var errors = new List<ValidationError>();

        // 1. Parse.
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(jsonText, documentOptions: DocumentOptions);
            Touch(parsed); // materialise lazily built objects now, so duplicate keys surface here
        }
        catch (JsonException ex)
        {
            long line = (ex.LineNumber ?? 0) + 1, column = (ex.BytePositionInLine ?? 0) + 1;
            string message = ex.Message;
            int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
            if (cut >= 0) message = message[..cut];
            cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal); // 0-based; the path gives 1-based line and column
            if (cut >= 0) message = message[..cut];
            errors.Add(new ValidationError($"$ (line {line}, column {column})", LineText(jsonText, line), $"valid JSON ({sourceName}: {message})"));
            return Failed(errors);
        }
        catch (ArgumentException)
        {
            // JsonNode refuses a key given twice in one object with a dictionary's "An item with the same key has already
            // been added"; name each such key where it is instead.
            foreach (var (path, key, line, column) in DuplicateKeys(jsonText))
                errors.Add(new ValidationError($"{path} (line {line}, column {column})", $"\"{key}\"", $"duplicate key: \"{key}\" is given twice in this object; JSON takes each key once, so keep one"));
            if (errors.Count == 0) errors.Add(new ValidationError("$", "(document)", $"valid JSON without duplicate keys ({sourceName})"));
            return Failed(errors);
        }
        if (parsed is not JsonObject root)
        {
            errors.Add(new ValidationError("$", ScenarioReader.Raw(parsed), "a JSON object: {\"load\": …, \"classes\": […]}"));
            return Failed(errors);
        }

        // 2. Overrides.
        var applied = new List<(string Text, string JsonPath, string Raw)>();
        foreach (string text in overrides ?? [])
        {
            int eq = text.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                errors.Add(new ValidationError("--set", text, "path=value, e.g. workers.count=8 or dbConnections.connMaxAge=600s"));
                continue;
            }
            string path = text[..eq].Trim(), valueText = text[(eq + 1)..];
            if (DuplicateKeys(valueText).FirstOrDefault() is { Key: { } key })
            {
                errors.Add(new ValidationError($"--set {path}", valueText, $"duplicate key: \"{key}\" is given twice in one object of the value; JSON takes each key once, so keep one"));
                continue;
            }
            JsonNode? value = ParseValue(valueText);
            if (path == "phases" || path.StartsWith("phases.", StringComparison.Ordinal) || path.StartsWith("phases[", StringComparison.Ordinal))
            {
                errors.Add(new ValidationError($"--set {path}", valueText, "a field of the stack; phases cannot be overridden"));
                continue;
            }
            if (ScenarioPaths.Apply(root, path, value, out string appliedPath) is { } problem) errors.Add(new ValidationError($"--set {path}", valueText, problem));
            else applied.Add((text.Trim(), appliedPath, ScenarioReader.Raw(value)));
        }

        // 3. Phases.
        var phaseDefs = ReadPhases(root, errors);
        root.Remove("phases");
        PhaseReference? baselineReference = null;
        if (root["reference"] is { } referenceNode)
        {
            baselineReference = ReadReference(root, "$", errors);
            root.Remove("reference"); // the baseline's figures, not a field of the stack: phases do not inherit them
        }
        var references = new List<PhaseReference?> { baselineReference };
        references.AddRange(phaseDefs.Select(d => d.Reference));
        var docs = new List<(string Name, string Description, JsonObject Doc, List<KeyValuePair<string, string>> Changes, List<(string Key, string JsonPath)> Patched)>
        {
            ("baseline", "The scenario as written (with any --set overrides).", root, [], []),
        };
        for (int i = 0; i < phaseDefs.Count; i++)
        {
            var (name, description, set, _) = phaseDefs[i];
            var doc = (JsonObject)docs[^1].Doc.DeepClone();
            var changes = new List<KeyValuePair<string, string>>();
            var patched = new List<(string, string)>();
            foreach (var (key, value) in set)
            {
                string errorPath = $"$.phases[{i}].set[\"{key}\"]";
                string? problem = key.StartsWith("phases", StringComparison.Ordinal)
                    ? "a field of the stack; a phase cannot patch the phases"
                    : ScenarioPaths.Apply(doc, key, value, out string jsonPath) is { } p ? p : Record(patched, key, jsonPath);
                if (problem is not null) errors.Add(new ValidationError(errorPath, ScenarioReader.Raw(value), $"phase '{name}': {problem}"));
                changes.Add(new(key, ScenarioReader.Raw(value)));
            }
            docs.Add((name, description, doc, changes, patched));
        }
        if (errors.Count > 0) return Failed(errors);

        // 4. Each resolved document: fill defaults, validate, build.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var phases = new List<ScenarioPhase>();
        var replaced = new List<string>(); // overrides a phase so far patched over: --set applies before the phases, so it loses
        var lost = new HashSet<string>(StringComparer.Ordinal);
        var traces = new Dictionary<(string, AccessLogs.AccessLogFormat), object>(); // each log read once for all phases: a trace or the error
        for (int k = 0; k < docs.Count; k++)
        {
            var (name, description, doc, changes, patched) = docs[k];
            foreach (var (text, jsonPath, overrideRaw) in applied)
            {
                if (lost.Contains(text)) continue;
                foreach (var (key, patchPath) in patched)
                {
                    if (!ScenarioPaths.Overlaps(jsonPath, patchPath)) continue;
                    string raw = changes.FirstOrDefault(c => c.Key == key).Value ?? "…";
                    if (jsonPath == patchPath && raw == overrideRaw) continue; // the phase sets the same value
                    lost.Add(text);
                    replaced.Add($"--set {text} does not hold from phase '{name}' on: it sets {key} = {raw} (--set applies before the phases)");
                    break;
                }
            }
            if (!doc.ContainsKey("name")) doc["name"] = Path.GetFileNameWithoutExtension(sourceName);
            ScenarioReader.FillDefaults(doc, ScenarioSchema.Root);
            var found = new List<ValidationError>();
            StackScenario? scenario = new ScenarioReader(found).Build(doc);
            if (scenario is not null && scenario.Load.Open?.Trace is { Arrivals: null } trace) scenario = WithTrace(scenario, trace, sourceName, traces, found);
            foreach (ValidationError e in found)
            {
                if (!seen.Add(e.ToString())) continue; // reported by an earlier phase already
                errors.Add(k == 0 ? e : Remap(e, k - 1, patched));
            }
            if (scenario is not null) phases.Add(new ScenarioPhase(name, description, changes, scenario) { ReplacedOverrides = [.. replaced], Patched = [.. patched], Reference = references[k] });
        }
        return errors.Count > 0 ? Failed(errors) : new ScenarioLoadResult(phases, []);
    }

    /// <summary>
    /// The JSON path each of <paramref name="paths"/> reaches in the scenario after <paramref name="overrides"/>, as the
    /// loader resolves a <c>--set</c> path (<c>classes.page.weight</c> → <c>$.classes[0].weight</c>), or null for one that
    /// does not resolve (the load reports it). Lets two spellings of one field be compared as the same field.
    /// </summary>
    /// <param name="jsonText">A scenario document that loads.</param>
    /// <param name="overrides">The <c>--set</c> texts applied first.</param>
    /// <param name="paths">Dotted paths.</param>
    internal static string?[] ResolvePaths(string jsonText, IReadOnlyList<string> overrides, IReadOnlyList<string> paths)
    {
        var resolved = new string?[paths.Count];
        JsonObject root;
        try
        {
            if (JsonNode.Parse(jsonText, documentOptions: DocumentOptions) is not JsonObject r) return resolved;
            root = r;
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            return resolved;
        }
        root.Remove("phases");
        foreach (string text in overrides)
        {
            int eq = text.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0) ScenarioPaths.Apply(root, text[..eq].Trim(), ParseValue(text[(eq + 1)..]), out _);
        }
        for (int i = 0; i < paths.Count; i++)
        {
            var copy = (JsonObject)root.DeepClone();
            if (ScenarioPaths.Apply(copy, paths[i], null, out string jsonPath) is null) resolved[i] = jsonPath;
        }
        return resolved;
    }

    /// <summary>
    /// The document of one configuration as the loader resolves it, before defaults are filled: <paramref name="overrides"/>
    /// applied, then each phase's patch up to and including <paramref name="phase"/> (<c>baseline</c>: none), without the
    /// <c>phases</c> list — a scenario of its own that loads to that configuration. Null when the text, an override or a
    /// patch does not apply, or there is no such phase (<see cref="Load"/> reports why).
    /// </summary>
    /// <param name="jsonText">A scenario document.</param>
    /// <param name="overrides">The <c>--set</c> texts applied first.</param>
    /// <param name="phase">The configuration's name.</param>
    internal static JsonObject? Resolve(string jsonText, IReadOnlyList<string> overrides, string phase)
    {
        JsonObject root;
        try
        {
            if (JsonNode.Parse(jsonText, documentOptions: DocumentOptions) is not JsonObject r) return null;
            Touch(r);
            root = r;
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            return null;
        }
        foreach (string text in overrides)
        {
            int eq = text.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || ScenarioPaths.Apply(root, text[..eq].Trim(), ParseValue(text[(eq + 1)..]), out _) is not null) return null;
        }
        var errors = new List<ValidationError>();
        var phaseDefs = ReadPhases(root, errors);
        root.Remove("phases");
        root.Remove("reference"); // a source's figures, not a field of the configuration
        if (errors.Count > 0) return null;
        if (phase == "baseline") return root;
        foreach (var (name, _, set, _) in phaseDefs)
        {
            foreach (var (key, value) in set)
                if (ScenarioPaths.Apply(root, key, value, out _) is not null) return null;
            if (name == phase) return root;
        }
        return null;
    }

    /// <summary>
    /// Reads the access log of a trace replay (a relative path from the folder of <paramref name="sourceName"/> when that
    /// names one, else from the current folder) and returns the scenario with its arrivals, validated for what depends on
    /// them (a trace shorter than the run, the work the run would offer); a log that cannot be read is an error at
    /// <c>$.load.open.trace.file</c>.
    /// </summary>
    private static StackScenario? WithTrace(StackScenario scenario, TraceReplay trace, string sourceName,
        Dictionary<(string, AccessLogs.AccessLogFormat), object> traces, List<ValidationError> found)
    {
        string? named = Path.GetDirectoryName(sourceName);
        string folder = string.IsNullOrEmpty(named) ? Directory.GetCurrentDirectory() : Path.GetFullPath(named);
        string path = Path.GetFullPath(Path.Combine(folder, trace.File));
        if (!traces.TryGetValue((path, trace.Format), out object? read))
        {
            try
            {
                read = AccessLogs.ArrivalTrace.Read(path, trace.Format);
            }
            catch (AccessLogs.AccessLogException ex)
            {
                read = ex.Message;
            }
            traces[(path, trace.Format)] = read;
        }
        if (read is string problem)
        {
            found.Add(new ValidationError("$.load.open.trace.file", ScenarioReader.Raw(JsonValue.Create(trace.File)), problem));
            return null;
        }
        StackScenario withTrace = scenario with { Load = scenario.Load with { Open = scenario.Load.Open! with { Trace = trace with { Arrivals = (AccessLogs.ArrivalTrace)read } } } };
        // The scenario passed every other check when it was built: only what depends on the arrivals is left to judge.
        IReadOnlyList<ValidationError> problems = ScenarioValidator.ValidateArrivals(withTrace);
        found.AddRange(problems);
        return problems.Count > 0 ? null : withTrace;
    }

    /// <summary>Loads a scenario file; a missing or unreadable file is reported as an error, not thrown.</summary>
    /// <param name="path">File path.</param>
    /// <param name="overrides">As for <see cref="Load"/>.</param>
    /// <returns>The phases or the errors.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    public static ScenarioLoadResult LoadFile(string path, IReadOnlyList<string>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return TryReadFile(path, out string text, out ValidationError? error) ? Load(text, path, overrides) : Failed([error!]);
    }

    /// <summary>
    /// Reads a scenario file's text: at most <see cref="MaxFileChars"/> characters, so a huge file or a device that
    /// never ends (<c>/dev/zero</c>) is refused rather than read into memory; a folder, a missing or an unreadable
    /// file is an error, not an exception.
    /// </summary>
    /// <param name="path">File path.</param>
    /// <param name="text">The file's text, or empty.</param>
    /// <param name="error">Why it could not be read, or null.</param>
    /// <returns>True when <paramref name="text"/> holds the whole file.</returns>
    public static bool TryReadFile(string path, out string text, out ValidationError? error)
    {
        ArgumentNullException.ThrowIfNull(path);
        text = "";
        error = null;
        if (Directory.Exists(path))
        {
            error = new ValidationError(path, "(folder)", "a scenario JSON file, not a folder");
            return false;
        }
        try
        {
            using var reader = new StreamReader(path);
            var chunk = new char[65536];
            var read = new System.Text.StringBuilder();
            for (int n; (n = reader.ReadBlock(chunk, 0, chunk.Length)) > 0;)
            {
                read.Append(chunk, 0, n);
                if (read.Length > MaxFileChars)
                {
                    error = new ValidationError(path, "(file)", $"a scenario JSON file of at most {MaxFileChars:N0} characters; this one is longer");
                    return false;
                }
            }
            text = read.ToString();
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error = new ValidationError(path, "(file)", $"a readable scenario file ({ex.Message})");
            return false;
        }
    }

    /// <summary>The longest scenario file read, in characters (4 Mi; the seed stack's file has about 6,000).</summary>
    public const int MaxFileChars = 4 * 1024 * 1024;

    private static string? Record(List<(string, string)> patched, string key, string jsonPath)
    {
        patched.Add((key, jsonPath));
        return null;
    }

    // An error inside a value this phase patched is reported at the patch, e.g. $.phases[1].set["workers.count"].
    private static ValidationError Remap(ValidationError e, int phase, List<(string Key, string JsonPath)> patched)
    {
        for (int i = patched.Count - 1; i >= 0; i--)
        {
            var (key, jsonPath) = patched[i];
            if (e.Path == jsonPath || e.Path.StartsWith(jsonPath + ".", StringComparison.Ordinal) || e.Path.StartsWith(jsonPath + "[", StringComparison.Ordinal))
            {
                return e with { Path = $"$.phases[{phase}].set[\"{key}\"]" + e.Path[jsonPath.Length..] };
            }
        }
        return e with { Allowed = e.Allowed + $" (in phase {phase})" };
    }

    /// <summary>
    /// The <c>reference</c> object of <paramref name="owner"/> (the root or a phase), or null when absent or unreadable;
    /// types are the reader's, ranges checked here (no validator sees it: it is not part of the simulated stack).
    /// </summary>
    private static PhaseReference? ReadReference(JsonObject owner, string ownerPath, List<ValidationError> errors)
    {
        if (!owner.TryGetPropertyValue("reference", out JsonNode? node)) return null;
        var shape = (ObjectShape)ScenarioSchema.Root.Find("reference")!.Shape;
        string path = ownerPath + ".reference";
        int before = errors.Count;
        if (new ScenarioReader(errors).ReadObject(node, shape, path) is not PhaseReference r || errors.Count != before) return null;
        void Check(string field, double? value)
        {
            if (value is not { } v) return;
            var leaf = (LeafShape)shape.Find(field)!.Shape;
            if (v >= leaf.Min! && v <= leaf.Max! && double.IsFinite(v)) return;
            errors.Add(new ValidationError($"{path}.{field}", ScenarioReader.Raw(node![field]), (v < leaf.Min! ? "too small" : "too large") + "; allowed: " + leaf.Allowed));
        }
        Check("users", r.Users);
        Check("throughput", r.ThroughputPerSecond);
        Check("p95", r.LatencyP95Seconds);
        return errors.Count == before ? r : null;
    }

    private static List<(string Name, string Description, List<KeyValuePair<string, JsonNode?>> Set, PhaseReference? Reference)> ReadPhases(JsonObject root, List<ValidationError> errors)
    {
        var result = new List<(string, string, List<KeyValuePair<string, JsonNode?>>, PhaseReference?)>();
        if (!root.TryGetPropertyValue("phases", out JsonNode? node)) return result;
        var phasesShape = (ObjectShape)((ArrayShape)ScenarioSchema.Root.Find("phases")!.Shape).Item;
        if (node is not JsonArray arr)
        {
            errors.Add(new ValidationError("$.phases", ScenarioReader.Raw(node), "a list of phases [{\"name\": …, \"set\": {…}}]"));
            return result;
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        var reader = new ScenarioReader(errors);
        for (int i = 0; i < arr.Count; i++)
        {
            string path = $"$.phases[{i}]";
            ScenarioReader.FillDefaults(arr[i], phasesShape);
            if (reader.Object(arr[i], phasesShape, path) is not { } p) continue;
            string name = p.Text("name"), description = p.Text("description");
            if (p.Node["name"] is JsonValue { } v && v.GetValueKind() == JsonValueKind.String && ScenarioValidator.PhaseNameProblem(name, names) is { } problem)
            {
                errors.Add(new ValidationError(path + ".name", ScenarioReader.Raw(p.Node["name"]), problem));
            }
            if (p.Node["set"] is not JsonObject set)
            {
                errors.Add(new ValidationError(path + ".set", ScenarioReader.Raw(p.Node["set"]), "an object of path → value, e.g. {\"workers.count\": 8}"));
                continue;
            }
            result.Add((name, description, [.. set.Select(kv => new KeyValuePair<string, JsonNode?>(kv.Key, kv.Value))], ReadReference(p.Node, path, errors)));
        }
        return result;
    }

    /// <summary>
    /// Every key given twice in one object of <paramref name="text"/>, each at its JSON path (<c>$.workers.count</c>) with
    /// its line and column (1-based, column in bytes as the parser counts); empty for text that is not JSON or has none.
    /// </summary>
    internal static List<(string Path, string Key, long Line, long Column)> DuplicateKeys(string text)
    {
        var found = new List<(string, string, long, long)>();
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = DocumentOptions.MaxDepth });
        var frames = new Stack<(string Path, HashSet<string>? Keys, int[] Index)>();
        string? property = null;
        string Next()
        {
            if (frames.Count == 0) return "$";
            var (path, keys, index) = frames.Peek();
            return keys is not null ? (ScenarioReader.ClassName().IsMatch(property!) ? $"{path}.{property}" : $"{path}[\"{property}\"]") : $"{path}[{index[0]++}]";
        }
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        property = reader.GetString()!;
                        if (!frames.Peek().Keys!.Add(property))
                        {
                            long offset = reader.TokenStartIndex;
                            int lineStart = Array.LastIndexOf(bytes, (byte)'\n', (int)Math.Max(0, offset - 1)) + 1;
                            long line = 1 + bytes.AsSpan(0, (int)offset).Count((byte)'\n');
                            found.Add((Next(), property, line, offset - lineStart + 1));
                        }
                        break;
                    case JsonTokenType.StartObject:
                        frames.Push((Next(), new HashSet<string>(StringComparer.Ordinal), [0]));
                        break;
                    case JsonTokenType.StartArray:
                        frames.Push((Next(), null, [0]));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.Pop();
                        break;
                    default:
                        Next(); // a value: advances a list's index
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (the parser reports that); the keys found so far stand.
        }
        return found;
    }

    private static JsonNode? ParseValue(string text)
    {
        try
        {
            JsonNode? node = JsonNode.Parse(text, documentOptions: DocumentOptions);
            Touch(node);
            return node;
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            return JsonValue.Create(text);
        }
    }

    private static void Touch(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var kv in o) Touch(kv.Value);
                break;
            case JsonArray a:
                foreach (JsonNode? item in a) Touch(item);
                break;
        }
    }

    private static string LineText(string text, long line)
    {
        string[] lines = text.Split('\n');
        string s = line >= 1 && line <= lines.Length ? lines[line - 1].TrimEnd('\r').Trim() : "";
        s = s.Length > 80 ? s[..80] + "…" : s;
        // A binary file (or one in another encoding) would echo raw control bytes and U+FFFD to the terminal.
        foreach (char c in s)
            if (char.IsControl(c) || c == '\uFFFD') return "(not text: is this a JSON file?)";
        return s;
    }

    private static ScenarioLoadResult Failed(List<ValidationError> errors) => new([], errors);
}
