using System.Globalization;
using System.Text.Json.Nodes;

namespace Sim.Scenarios;

/// <summary>
/// Dotted paths into a scenario document (<c>workers.count</c>, <c>classes[0].weight</c>, <c>classes.page.weight</c>,
/// <c>slo.p99.9</c>), checked against <see cref="ScenarioSchema.Root"/> and applied to a <see cref="JsonObject"/>.
/// Used by <c>--set</c> overrides and phase patches. Stateless.
/// </summary>
internal static class ScenarioPaths
{
    private readonly record struct Segment(string? Name, int Index);

    /// <summary>Sets <paramref name="value"/> at <paramref name="pathText"/>, creating absent objects on the way.</summary>
    /// <param name="root">The document, changed in place.</param>
    /// <param name="pathText">The dotted path.</param>
    /// <param name="value">The new value (cloned).</param>
    /// <param name="jsonPath">The JSON path reached, e.g. <c>$.classes[0].weight</c> (class names resolved to indices).</param>
    /// <returns>Null on success, else why the path is not allowed.</returns>
    public static string? Apply(JsonObject root, string pathText, JsonNode? value, out string jsonPath)
    {
        jsonPath = "$";
        List<Segment>? segments = Parse(pathText);
        if (segments is null || segments.Count == 0)
        {
            return $"not a field path; write field names separated by '.', with [n] or a class name for list items, e.g. workers.count, classes[0].weight, classes.page.weight";
        }
        JsonNode container = root;
        Shape shape = ScenarioSchema.Root;
        bool free = false; // inside a distribution, a step's free value, or a phase patch: no schema below
        for (int i = 0; i < segments.Count; i++)
        {
            Segment seg = segments[i];
            bool last = i == segments.Count - 1;
            if (shape is NullableShape n) shape = n.Inner;
            if (!free && shape is SloShape or PatchShape)
            {
                if (segments.Skip(i).Any(s => s.Name is null)) return $"{jsonPath} takes keys, not list indices";
                string key = string.Join('.', segments.Skip(i).Select(s => s.Name));
                if (shape is SloShape && key.StartsWith(ScenarioSchema.SloClassesKey + ".", StringComparison.Ordinal))
                {
                    return ApplySloClass((JsonObject)container, key[(ScenarioSchema.SloClassesKey.Length + 1)..], value, ref jsonPath);
                }
                if (shape is SloShape && ScenarioSchema.IsSloLatencyKey(key) && !System.Text.RegularExpressions.Regex.IsMatch(key, ScenarioSchema.SloKeyPattern))
                {
                    return $"unknown SLO key '{key}' in {jsonPath}; allowed: a latency quantile p50, p95, p99, p99.9 …, errorRate, classes.NAME.pNN or excludeClasses";
                }
                var slo = (JsonObject)container;
                if (shape is SloShape && ScenarioSchema.IsSloLatencyKey(key))
                {
                    foreach (string old in slo.Select(kv => kv.Key).Where(k => k != "errorRate").ToList()) slo.Remove(old);
                }
                jsonPath += $"[\"{key}\"]";
                slo[key] = value?.DeepClone();
                return null;
            }
            if (seg.Name is not null && (free || shape is ObjectShape or OneKeyShape))
            {
                if (container is not JsonObject obj) return $"{jsonPath} is not an object, so it has no field '{seg.Name}'";
                Shape? next = null;
                if (!free)
                {
                    Field? field = shape is ObjectShape os ? os.Find(seg.Name) : ((OneKeyShape)shape).Find(seg.Name);
                    if (field is null)
                    {
                        string[] names = shape is ObjectShape o2 ? [.. o2.Fields.Select(f => f.Name)] : [.. ((OneKeyShape)shape).Alternatives.Select(f => f.Name)];
                        return $"unknown field '{seg.Name}' in {jsonPath}{ScenarioReader.Suggestion(seg.Name, names)}; allowed: {string.Join(", ", names)}";
                    }
                    next = field.Shape;
                }
                jsonPath += "." + seg.Name;
                if (last)
                {
                    obj[seg.Name] = value?.DeepClone();
                    return null;
                }
                JsonNode? child = obj[seg.Name];
                Shape? unwrapped = next is NullableShape nn ? nn.Inner : next;
                if (!free && unwrapped is LeafShape leaf)
                {
                    bool distribution = leaf.Kind is LeafKind.DurationDistribution or LeafKind.BytesDistribution or LeafKind.BitRateDistribution;
                    if (!distribution) return $"{jsonPath} is a value, so it has no field '{segments[i + 1].Name ?? "[" + segments[i + 1].Index + "]"}'";
                    free = true;
                }
                if (child is null)
                {
                    if (segments[i + 1].Name is null || unwrapped is ArrayShape) return $"{jsonPath} is absent, so it has no element {Describe(segments[i + 1])}";
                    child = new JsonObject();
                    obj[seg.Name] = child;
                }
                container = child;
                if (!free) shape = next!;
                continue;
            }
            // A list: by index, or by name where the items are named.
            if (container is not JsonArray arr) return $"{jsonPath} is not a list, so it has no element {Describe(seg)}";
            int index = seg.Index;
            string? namedBy = free ? null : (shape as ArrayShape)?.NamedBy;
            if (seg.Name is not null)
            {
                if (namedBy is null) return $"{jsonPath} is a list; select an element with [n], not '{seg.Name}'";
                index = arr.ToList().FindIndex(e => e is JsonObject eo && eo[namedBy] is JsonValue v && v.TryGetValue(out string? s) && s == seg.Name);
                if (index < 0)
                {
                    var known = arr.OfType<JsonObject>().Select(e => e[namedBy]?.ToString()).Where(s => s is not null);
                    return $"no element with {namedBy} '{seg.Name}' in {jsonPath}; there are: {string.Join(", ", known)}";
                }
            }
            else if (index >= arr.Count)
            {
                return $"{jsonPath} has {arr.Count} element(s), so [{index}] does not exist";
            }
            jsonPath += $"[{index}]";
            if (last)
            {
                arr[index] = value?.DeepClone();
                return null;
            }
            container = arr[index] ?? new JsonObject();
            if (!free) shape = ((ArrayShape)shape).Item;
        }
        return null;
    }

    /// <summary>
    /// The value at a JSON path as error messages write it (<c>$.workers.count</c>, <c>$.classes[0].steps[1].db</c>,
    /// <c>$.slo["p99.9"]</c>), or false when the document has no such value.
    /// </summary>
    /// <param name="root">The document.</param>
    /// <param name="jsonPath">A path beginning with <c>$</c>.</param>
    /// <param name="value">The value found (JSON null is a value), or null.</param>
    public static bool TryFind(JsonObject root, string jsonPath, out JsonNode? value)
    {
        value = null;
        if (!jsonPath.StartsWith('$')) return false;
        JsonNode? node = root;
        int i = 1;
        while (i < jsonPath.Length)
        {
            string? key;
            int index = -1;
            if (jsonPath[i] == '.')
            {
                int end = jsonPath.IndexOfAny(['.', '['], i + 1);
                if (end < 0) end = jsonPath.Length;
                key = jsonPath[(i + 1)..end];
                i = end;
            }
            else if (jsonPath[i] == '[' && i + 1 < jsonPath.Length && jsonPath[i + 1] == '"')
            {
                int end = jsonPath.IndexOf("\"]", i + 2, StringComparison.Ordinal);
                if (end < 0) return false;
                key = jsonPath[(i + 2)..end];
                i = end + 2;
            }
            else if (jsonPath[i] == '[')
            {
                int end = jsonPath.IndexOf(']', i);
                if (end < 0 || !int.TryParse(jsonPath[(i + 1)..end], NumberStyles.None, CultureInfo.InvariantCulture, out index)) return false;
                key = null;
                i = end + 1;
            }
            else
            {
                return false;
            }
            if (key is not null)
            {
                if (node is not JsonObject obj || !obj.TryGetPropertyValue(key, out node)) return false;
            }
            else
            {
                if (node is not JsonArray arr || index >= arr.Count) return false;
                node = arr[index];
            }
        }
        value = node;
        return true;
    }

    /// <summary>
    /// Two JSON paths touch the same value when they are equal or one lies inside the other (<c>$.classes[0]</c> and
    /// <c>$.classes[0].weight</c>), or when both are SLO latency keys (<c>$.slo["p95"]</c> and <c>$.slo["p99"]</c>): setting
    /// one removes the other, since an SLO has one latency key.
    /// </summary>
    public static bool Overlaps(string a, string b) => a == b || Inside(a, b) || Inside(b, a) || (SloLatencyKey(a) && SloLatencyKey(b));

    private static bool SloLatencyKey(string path) => path.StartsWith("$.slo[\"p", StringComparison.Ordinal);

    private static bool Inside(string inner, string outer) =>
        inner.Length > outer.Length && inner.StartsWith(outer, StringComparison.Ordinal) && inner[outer.Length] is '.' or '[';

    private static string Describe(Segment s) => s.Name is null ? $"[{s.Index}]" : $"'{s.Name}'";

    private static List<Segment>? Parse(string text)
    {
        var result = new List<Segment>();
        foreach (string token in text.Trim().Split('.'))
        {
            int bracket = token.IndexOf('[', StringComparison.Ordinal);
            string name = bracket < 0 ? token : token[..bracket];
            if (name.Length > 0) result.Add(new Segment(name, -1));
            else if (bracket != 0 || result.Count == 0) return null;
            string rest = bracket < 0 ? "" : token[bracket..];
            while (rest.Length > 0)
            {
                int close = rest.IndexOf(']', StringComparison.Ordinal);
                if (rest[0] != '[' || close < 0) return null;
                if (!int.TryParse(rest[1..close], NumberStyles.None, CultureInfo.InvariantCulture, out int index)) return null;
                result.Add(new Segment(null, index));
                rest = rest[(close + 1)..];
            }
        }
        return result;
    }
    // slo.classes.NAME (the class's whole clause) or slo.classes.NAME.pNN (its latency key, replacing the one it had).
    private static string? ApplySloClass(JsonObject slo, string rest, JsonNode? value, ref string jsonPath)
    {
        int dot = rest.IndexOf('.');
        string name = dot < 0 ? rest : rest[..dot];
        jsonPath += $".{ScenarioSchema.SloClassesKey}.{name}";
        if (slo[ScenarioSchema.SloClassesKey] is not JsonObject classes) slo[ScenarioSchema.SloClassesKey] = classes = new JsonObject();
        if (dot < 0)
        {
            classes[name] = value?.DeepClone();
            return null;
        }
        string key = rest[(dot + 1)..];
        if (!System.Text.RegularExpressions.Regex.IsMatch(key, ScenarioSchema.SloKeyPattern))
            return $"unknown key '{key}' in {jsonPath}; allowed: one latency quantile p50, p95, p99, p99.9 …";
        if (classes[name] is not JsonObject clause) classes[name] = clause = new JsonObject();
        clause.Clear();
        clause[key] = value?.DeepClone();
        jsonPath += $"[\"{key}\"]";
        return null;
    }
}
