using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Sim.Validation;

namespace Sim.Scenarios;

/// <summary>
/// The default of a scenario field, read from <see cref="ScenarioSchema"/> — the one place defaults are written — so
/// that a record built in code (<c>new WorkerPoolSpec()</c>) and a JSON file that omits the field get the same value.
/// Thread safe: values are computed once per path and cached; they are immutable.
/// </summary>
internal static class ScenarioDefaults
{
    private static readonly ConcurrentDictionary<string, object?> Cache = new(StringComparer.Ordinal);

    /// <summary>
    /// The schema default of the field at <paramref name="jsonPath"/>, converted as the reader converts a JSON value: a
    /// duration in seconds, a size in bytes, a rate per second, a ratio as a fraction, a distribution, an enum member.
    /// </summary>
    /// <typeparam name="T">The property type (an enum type for enum fields).</typeparam>
    /// <param name="jsonPath">Dotted path of the field: <c>workers.count</c>, <c>classes[].weight</c>, <c>classes[].steps[].db.queries</c>.</param>
    /// <returns>The default value.</returns>
    /// <exception cref="InvalidOperationException">The path names no field with a default (a bug in the schema or the record).</exception>
    public static T Of<T>(string jsonPath)
    {
        object? value = Cache.GetOrAdd(jsonPath, static p => Read(p, typeof(T)));
        return (T)value!;
    }

    /// <summary>The default SLO quantile, e.g. 0.95 for <c>p95</c>.</summary>
    public static double SloQuantile => double.Parse(ScenarioSchema.DefaultSloKey[1..], CultureInfo.InvariantCulture) / 100;

    /// <summary>The default SLO latency limit, seconds.</summary>
    public static double SloLatencySeconds => Of<double>("slo.latency");

    /// <summary>The default SLO error rate, a fraction.</summary>
    public static double SloErrorRate => Of<double>("slo.errorRate");

    private static object? Read(string path, Type type)
    {
        (LeafShape leaf, string json) = path switch
        {
            "slo.latency" => (ScenarioSchema.SloLatencyLimit, ScenarioSchema.DefaultSloLatency),
            "slo.errorRate" => (ScenarioSchema.SloErrorRate, ScenarioSchema.DefaultSloErrorRate),
            _ => Find(path),
        };
        var errors = new List<ValidationError>();
        object? value = new ScenarioReader(errors).ReadLeaf(JsonNode.Parse(json), "$." + path, leaf);
        if (errors.Count > 0) throw new InvalidOperationException($"The schema default of {path} ({json}) does not read: {errors[0]}.");
        if (type.IsEnum) return Enum.Parse(type, (string)value!, ignoreCase: true);
        if (type == typeof(int)) return checked((int)(long)value!);
        return value;
    }

    private static (LeafShape, string) Find(string path)
    {
        Shape shape = ScenarioSchema.Root;
        Field? field = null;
        foreach (string raw in path.Split('.'))
        {
            string name = raw.EndsWith("[]", StringComparison.Ordinal) ? raw[..^2] : raw;
            if (shape is NullableShape n) shape = n.Inner;
            field = shape switch
            {
                ObjectShape o => o.Find(name),
                OneKeyShape k => k.Find(name),
                _ => null,
            } ?? throw new InvalidOperationException($"No field '{name}' in the schema at {path}.");
            shape = field.Shape;
            if (raw.EndsWith("[]", StringComparison.Ordinal)) shape = ((ArrayShape)shape).Item;
        }
        return field is { Shape: LeafShape leaf, Default: { } json }
            ? (leaf, json)
            : throw new InvalidOperationException($"The schema field {path} is not a leaf with a default.");
    }
}
