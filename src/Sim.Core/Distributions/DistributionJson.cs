using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sim.Units;
using Sim.Validation;

namespace Sim.Distributions;

/// <summary>
/// Reads and writes distributions in their JSON form: a one-key object naming the family, whose value holds named
/// parameters, e.g. <c>{"exponential": {"mean": "5ms"}}</c> or <c>{"lognormal": {"median": "40ms", "p95": "300ms"}}</c>.
/// See <c>docs/distributions.md</c> for every family.
/// </summary>
/// <remarks>
/// <para>Parameters that carry the distribution's unit are strings with units (<c>"5ms"</c> for
/// <see cref="DistributionUnit.Seconds"/>, <c>"500KB"</c> for <see cref="DistributionUnit.Bytes"/>) or plain numbers
/// for <see cref="DistributionUnit.Dimensionless"/>; dimensionless parameters (shape, cv, k, alpha, sigma, mu, weight)
/// are plain numbers. A bare string (<c>"12ms"</c>) is shorthand for a deterministic value.</para>
/// <para>Parsing never throws on bad input: it appends one <see cref="ValidationError"/> per problem (unknown family,
/// unknown or duplicate parameter, missing parameter, bad value, inconsistent parameters) and keeps going, so that
/// one pass reports everything. Thread safe: the type is stateless.</para>
/// </remarks>
public static class DistributionJson
{
    private enum Kind { Magnitude, SignedMagnitude, Rate, Number, Integer }

    private enum Bound { Any, NonNegative, Positive, AtLeastOne }

    private sealed record Param(string Name, Kind Kind, Bound Bound);

    private sealed record Family(string Name, Param[] Params, string[][] Combinations, Func<IReadOnlyDictionary<string, double>, Distribution> Build);

    private static readonly Family[] Families =
    [
        new("deterministic", [new("value", Kind.Magnitude, Bound.NonNegative)], [["value"]],
            v => Deterministic.Of(v["value"])),
        new("exponential", [new("mean", Kind.Magnitude, Bound.Positive), new("rate", Kind.Rate, Bound.Positive)],
            [["mean"], ["rate"]],
            v => v.TryGetValue("mean", out double m) ? Exponential.FromMean(m) : Exponential.FromRate(v["rate"])),
        new("uniform", [new("min", Kind.Magnitude, Bound.NonNegative), new("max", Kind.Magnitude, Bound.NonNegative)],
            [["min", "max"]], v => Uniform.Between(v["min"], v["max"])),
        new("truncatedNormal", [new("mean", Kind.SignedMagnitude, Bound.Any), new("stdDev", Kind.Magnitude, Bound.Positive)],
            [["mean", "stdDev"]], v => TruncatedNormal.FromMeanAndStdDev(v["mean"], v["stdDev"])),
        new("lognormal",
            [
                new("mu", Kind.Number, Bound.Any), new("sigma", Kind.Number, Bound.Positive),
                new("mean", Kind.Magnitude, Bound.Positive), new("stdDev", Kind.Magnitude, Bound.Positive),
                new("median", Kind.Magnitude, Bound.Positive), new("p95", Kind.Magnitude, Bound.Positive),
            ],
            [["mu", "sigma"], ["mean", "stdDev"], ["median", "p95"], ["mean", "p95"]],
            v => v.ContainsKey("mu") ? LogNormal.FromMuSigma(v["mu"], v["sigma"])
                : v.ContainsKey("median") ? LogNormal.FromMedianAndP95(v["median"], v["p95"])
                : v.ContainsKey("stdDev") ? LogNormal.FromMeanAndStdDev(v["mean"], v["stdDev"])
                : LogNormal.FromMeanAndP95(v["mean"], v["p95"])),
        new("gamma",
            [
                new("shape", Kind.Number, Bound.Positive), new("scale", Kind.Magnitude, Bound.Positive),
                new("mean", Kind.Magnitude, Bound.Positive), new("cv", Kind.Number, Bound.Positive),
            ],
            [["shape", "scale"], ["mean", "cv"]],
            v => v.ContainsKey("shape") ? Gamma.FromShapeAndScale(v["shape"], v["scale"]) : Gamma.FromMeanAndCv(v["mean"], v["cv"])),
        new("erlang", [new("k", Kind.Integer, Bound.AtLeastOne), new("mean", Kind.Magnitude, Bound.Positive)],
            [["k", "mean"]], v => Erlang.FromMean((int)v["k"], v["mean"])),
        new("weibull", [new("shape", Kind.Number, Bound.Positive), new("scale", Kind.Magnitude, Bound.Positive)],
            [["shape", "scale"]], v => Weibull.FromShapeAndScale(v["shape"], v["scale"])),
        new("boundedPareto",
            [new("alpha", Kind.Number, Bound.Positive), new("min", Kind.Magnitude, Bound.Positive), new("max", Kind.Magnitude, Bound.Positive)],
            [["alpha", "min", "max"]], v => BoundedPareto.From(v["alpha"], v["min"], v["max"])),
    ];

    private const string EmpiricalName = "empirical";
    private const string MixtureName = "mixture";

    /// <summary>The family names accepted as the key of a distribution object, in documentation order.</summary>
    public static IReadOnlyList<string> FamilyNames { get; } =
        [.. Families.Select(f => f.Name), EmpiricalName, MixtureName];

    /// <summary>
    /// Reads a distribution. Never throws on bad input: each problem is appended to <paramref name="errors"/> with its
    /// JSON path, the value as written, and what is allowed, and parsing continues to find the others.
    /// </summary>
    /// <param name="element">The JSON value: a one-key family object, or a bare duration/size string (deterministic shorthand;
    /// a bare number only for <see cref="DistributionUnit.Dimensionless"/>).</param>
    /// <param name="path">JSON path of <paramref name="element"/>, e.g. <c>$.stations.db.queryTime</c>; prefixes every error path.</param>
    /// <param name="unit">The unit of the values, which decides how unit-bearing parameters are written.</param>
    /// <param name="errors">Receives one entry per problem; entries already present are left alone.</param>
    /// <returns>The distribution, or <see langword="null"/> when at least one error was appended.</returns>
    public static Distribution? Parse(JsonElement element, string path, DistributionUnit unit, List<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(errors);
        int before = errors.Count;
        Distribution? result = ParseAny(element, path, unit, errors);
        return errors.Count == before ? result : null;
    }

    private static Distribution? ParseAny(JsonElement element, string path, DistributionUnit unit, List<ValidationError> errors)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
            case JsonValueKind.Number:
                return ReadValue(element, path, Kind.Magnitude, Bound.NonNegative, unit, errors, out double v)
                    ? Deterministic.Of(v) : null;
            case JsonValueKind.Object:
                break;
            default:
                errors.Add(new(path, Raw(element),
                    $"a distribution: an object naming one family, e.g. {{\"exponential\": {{\"mean\": {Example(unit)}}}}}, " +
                    $"or a bare value {Example(unit)} for a constant"));
                return null;
        }

        var props = element.EnumerateObject().ToList();
        if (props.Count != 1)
        {
            errors.Add(new(path, Raw(element),
                props.Count == 0
                    ? $"an object with exactly one family key, one of: {string.Join(", ", FamilyNames)}"
                    : $"exactly one family key, found {props.Count} ({string.Join(", ", props.Select(p => p.Name))})"));
            return null;
        }

        string name = props[0].Name;
        JsonElement body = props[0].Value;
        string familyPath = $"{path}.{name}";
        if (name == EmpiricalName) return ParseEmpirical(body, familyPath, unit, errors);
        if (name == MixtureName) return ParseMixture(body, familyPath, unit, errors);
        Family? family = Array.Find(Families, f => f.Name == name);
        if (family is null)
        {
            string? nearest = FamilyNames.FirstOrDefault(f => string.Equals(f, name, StringComparison.OrdinalIgnoreCase));
            errors.Add(new(familyPath, Quote(name),
                (nearest is null ? "unknown distribution family" : $"unknown distribution family (did you mean \"{nearest}\"?)") +
                $"; allowed: {string.Join(", ", FamilyNames)}"));
            return null;
        }
        return ParseFamily(family, body, familyPath, unit, errors);
    }

    private static Distribution? ParseFamily(Family family, JsonElement body, string path, DistributionUnit unit, List<ValidationError> errors)
    {
        string combos = string.Join(" or ", family.Combinations.Select(c => "{" + string.Join(", ", c) + "}"));
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(path, Raw(body), $"an object with the parameters {combos}"));
            return null;
        }

        int before = errors.Count;
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        var present = new List<string>();
        foreach (JsonProperty prop in body.EnumerateObject())
        {
            string paramPath = $"{path}.{prop.Name}";
            Param? param = Array.Find(family.Params, p => p.Name == prop.Name);
            if (param is null)
            {
                errors.Add(new(paramPath, Raw(prop.Value),
                    $"unknown parameter \"{prop.Name}\" for {family.Name}; allowed: {string.Join(", ", family.Params.Select(p => p.Name))}"));
                continue;
            }
            if (present.Contains(prop.Name))
            {
                errors.Add(new(paramPath, Raw(prop.Value), "duplicate parameter; give it once"));
                continue;
            }
            present.Add(prop.Name);
            if (ReadValue(prop.Value, paramPath, param.Kind, param.Bound, unit, errors, out double v)) values[prop.Name] = v;
        }

        string[]? combination = Array.Find(family.Combinations, c => c.Length == present.Count && c.All(present.Contains));
        if (combination is null)
        {
            if (family.Combinations.Length == 1)
            {
                foreach (string missing in family.Combinations[0].Where(n => !present.Contains(n)))
                {
                    Param p = Array.Find(family.Params, q => q.Name == missing)!;
                    errors.Add(new($"{path}.{missing}", "(missing)", $"required: {Describe(p, unit)}"));
                }
            }
            else
            {
                errors.Add(new(path, Raw(body), $"give exactly one parameter set: {combos}"));
            }
        }
        if (errors.Count != before) return null;
        return Build(() => family.Build(values), body, path, unit, errors);
    }

    private static Distribution? ParseEmpirical(JsonElement body, string path, DistributionUnit unit, List<ValidationError> errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(path, Raw(body), $"an object {{\"samples\": [{Example(unit)}, …]}}"));
            return null;
        }
        int before = errors.Count;
        JsonElement? samples = null;
        foreach (JsonProperty prop in body.EnumerateObject())
        {
            if (prop.Name != "samples")
            {
                errors.Add(new($"{path}.{prop.Name}", Raw(prop.Value), $"unknown parameter \"{prop.Name}\" for empirical; allowed: samples"));
            }
            else if (samples is not null)
            {
                errors.Add(new($"{path}.{prop.Name}", Raw(prop.Value), "duplicate parameter; give it once"));
            }
            else
            {
                samples = prop.Value;
            }
        }
        var data = new List<double>();
        if (samples is null)
        {
            errors.Add(new($"{path}.samples", "(missing)", $"required: a non-empty array of values, e.g. [{Example(unit)}]"));
        }
        else if (samples.Value.ValueKind != JsonValueKind.Array || samples.Value.GetArrayLength() == 0)
        {
            errors.Add(new($"{path}.samples", Raw(samples.Value), $"a non-empty array of values, e.g. [{Example(unit)}]"));
        }
        else
        {
            int i = 0;
            foreach (JsonElement item in samples.Value.EnumerateArray())
            {
                if (ReadValue(item, $"{path}.samples[{i}]", Kind.Magnitude, Bound.NonNegative, unit, errors, out double v)) data.Add(v);
                i++;
            }
        }
        return errors.Count != before ? null : Build(() => Empirical.FromSamples(data), body, path, unit, errors);
    }

    private static Distribution? ParseMixture(JsonElement body, string path, DistributionUnit unit, List<ValidationError> errors)
    {
        const string itemShape = "{\"weight\": 0.7, \"distribution\": {…}}";
        if (body.ValueKind != JsonValueKind.Array || body.GetArrayLength() == 0)
        {
            errors.Add(new(path, Raw(body), $"a non-empty array of {itemShape}"));
            return null;
        }
        int before = errors.Count;
        var parts = new List<(double, Distribution)>();
        int i = 0;
        foreach (JsonElement item in body.EnumerateArray())
        {
            string itemPath = $"{path}[{i++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new(itemPath, Raw(item), $"an object {itemShape}"));
                continue;
            }
            double weight = double.NaN;
            Distribution? component = null;
            bool sawWeight = false, sawDistribution = false;
            foreach (JsonProperty prop in item.EnumerateObject())
            {
                string propPath = $"{itemPath}.{prop.Name}";
                if (prop.Name == "weight" && !sawWeight)
                {
                    sawWeight = true;
                    if (ReadValue(prop.Value, propPath, Kind.Number, Bound.Positive, unit, errors, out double w)) weight = w;
                }
                else if (prop.Name == "distribution" && !sawDistribution)
                {
                    sawDistribution = true;
                    component = ParseAny(prop.Value, propPath, unit, errors);
                }
                else if (prop.Name is "weight" or "distribution")
                {
                    errors.Add(new(propPath, Raw(prop.Value), "duplicate parameter; give it once"));
                }
                else
                {
                    errors.Add(new(propPath, Raw(prop.Value), $"unknown parameter \"{prop.Name}\" for a mixture part; allowed: weight, distribution"));
                }
            }
            if (!sawWeight) errors.Add(new($"{itemPath}.weight", "(missing)", "required: a number > 0 (relative weight)"));
            if (!sawDistribution) errors.Add(new($"{itemPath}.distribution", "(missing)", "required: a distribution"));
            if (component is not null && !double.IsNaN(weight)) parts.Add((weight, component));
        }
        return errors.Count != before ? null : Build(() => Mixture.Of([.. parts]), body, path, unit, errors);
    }

    /// <summary>Runs a factory; cross-parameter violations (e.g. max &lt; min) become errors at the offending parameter.</summary>
    private static Distribution? Build(Func<Distribution> factory, JsonElement body, string path, DistributionUnit unit, List<ValidationError> errors)
    {
        try
        {
            return factory();
        }
        catch (ArgumentException ex)
        {
            string? jsonName = ex.ParamName switch { "lower" => "min", "upper" => "max", var n => n };
            string errorPath = path;
            string value = Raw(body);
            if (jsonName is not null && body.ValueKind == JsonValueKind.Object && body.TryGetProperty(jsonName, out JsonElement bad))
            {
                errorPath = $"{path}.{jsonName}";
                value = Raw(bad);
            }
            string message = ex.Message;
            int cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
            if (cut >= 0) message = message[..cut];
            errors.Add(new(errorPath, value, InUnits(message, body, unit)));
            return null;
        }
    }

    // A factory states its numbers in SI without a unit ("Must be ≥ min (0.005)."): name the other parameter as the
    // document wrote it ("must be ≥ min (\"5ms\")"), and say which unit the remaining numbers are in.
    private static string InUnits(string message, JsonElement body, DistributionUnit unit)
    {
        Match m = Regex.Match(message, @"^Must be (≥|>) (\w+) \([^)]*\)\.$");
        if (m.Success)
        {
            string other = m.Groups[2].Value == "lower" ? "min" : m.Groups[2].Value;
            if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty(other, out JsonElement written))
                return $"must be {m.Groups[1].Value} {other} ({Raw(written)})";
        }
        message = message.Length > 0 ? char.ToLowerInvariant(message[0]) + message[1..] : message;
        string? units = unit switch
        {
            DistributionUnit.Seconds => "seconds",
            DistributionUnit.Bytes => "bytes",
            _ => null, // plain numbers: as written
        };
        if (units is null || !Regex.IsMatch(message, @"[0-9]\.[0-9]|[0-9]e[-+]?[0-9]|[0-9]E[-+]?[0-9]|= [0-9]")) return message.TrimEnd('.');
        return $"{message.TrimEnd('.')} (values in {units})";
    }

    private static bool ReadValue(JsonElement e, string path, Kind kind, Bound bound, DistributionUnit unit, List<ValidationError> errors, out double value)
    {
        value = 0;
        string error;
        bool ok;
        bool plainNumber = kind is Kind.Number or Kind.Integer
            || (kind is Kind.Magnitude or Kind.SignedMagnitude or Kind.Rate && unit == DistributionUnit.Dimensionless);
        if (plainNumber)
        {
            ok = TryReadNumber(e, out value);
            error = ok ? "" : "expected a plain number";
            if (ok && kind == Kind.Integer && (value != Math.Floor(value) || value > int.MaxValue))
            {
                ok = false;
                // 1e10 is whole: too large for the count, not "not a whole number".
                error = value != Math.Floor(value) ? "expected a whole number" : "too large: at most 2147483647";
            }
        }
        else if (kind == Kind.Rate && unit == DistributionUnit.Bytes)
        {
            ok = false;
            error = "a rate is only allowed for time distributions; give the mean instead";
        }
        else if (e.ValueKind != JsonValueKind.String)
        {
            ok = false;
            error = e.ValueKind == JsonValueKind.Number
                ? $"missing unit; write e.g. {(kind == Kind.Rate ? "\"200/s\"" : Example(unit))}"
                : $"expected a string with a unit, e.g. {(kind == Kind.Rate ? "\"200/s\"" : Example(unit))}";
        }
        else
        {
            string text = e.GetString()!;
            ok = (kind, unit) switch
            {
                (Kind.Rate, _) => Quantity.TryParseRate(text, out value, out error),
                (Kind.SignedMagnitude, DistributionUnit.Seconds) => Quantity.TryParseSignedDuration(text, out value, out error),
                (Kind.SignedMagnitude, _) => Quantity.TryParseSignedBytes(text, out value, out error),
                (_, DistributionUnit.Seconds) => Quantity.TryParseDuration(text, out value, out error),
                _ => Quantity.TryParseBytes(text, out value, out error),
            };
        }
        if (ok)
        {
            ok = bound switch
            {
                Bound.Positive => value > 0,
                Bound.NonNegative => value >= 0,
                Bound.AtLeastOne => value >= 1,
                _ => true,
            };
            error = bound switch
            {
                Bound.Positive => "must be > 0",
                Bound.NonNegative => "must be ≥ 0",
                _ => "must be ≥ 1",
            };
        }
        if (!ok)
        {
            errors.Add(new(path, Raw(e), $"{error}; allowed: {Describe(new Param("", kind, bound), unit)}"));
        }
        return ok;
    }

    private static bool TryReadNumber(JsonElement e, out double value)
    {
        value = 0;
        bool ok = e.ValueKind switch
        {
            JsonValueKind.Number => e.TryGetDouble(out value),
            JsonValueKind.String => double.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value),
            _ => false,
        };
        return ok && double.IsFinite(value);
    }

    private static string Describe(Param p, DistributionUnit unit)
    {
        string range = p.Bound switch
        {
            Bound.Positive => " > 0",
            Bound.NonNegative => " ≥ 0",
            Bound.AtLeastOne => " ≥ 1",
            _ => "",
        };
        bool plain = p.Kind is Kind.Number or Kind.Integer || unit == DistributionUnit.Dimensionless;
        return p.Kind switch
        {
            Kind.Integer => $"a whole number{range}",
            _ when plain => $"a number{range}",
            Kind.Rate => $"a rate{range} with a unit, e.g. \"200/s\" (units: /s, /ms, /min, /h, rps)",
            _ when unit == DistributionUnit.Seconds => $"a duration{range} with a unit, e.g. \"5ms\" (units: ns, us, ms, s, min, h)",
            _ => $"a size{range} with a unit, e.g. \"500KB\" (units: B, KB, MB, GB, KiB, MiB, GiB)",
        };
    }

    private static string Example(DistributionUnit unit) => unit switch
    {
        DistributionUnit.Seconds => "\"5ms\"",
        DistributionUnit.Bytes => "\"500KB\"",
        _ => "2.5",
    };

    private static string Raw(JsonElement e) => e.ValueKind == JsonValueKind.Undefined ? "(missing)" : e.GetRawText();

    private static string Quote(string s) => "\"" + s + "\"";

    /// <summary>Writes <paramref name="distribution"/> in its JSON form as a compact string; <see cref="Parse"/> reads it back to an equal distribution.</summary>
    /// <param name="distribution">The distribution to write.</param>
    /// <param name="unit">The unit of its values; decides how unit-bearing parameters are written. Default: seconds.</param>
    /// <returns>Compact JSON, e.g. <c>{"exponential":{"mean":"5ms"}}</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="distribution"/> is null.</exception>
    public static string ToJson(Distribution distribution, DistributionUnit unit = DistributionUnit.Seconds)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(writer, distribution, unit);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes <paramref name="distribution"/> in its JSON form to <paramref name="writer"/> (as one JSON value).</summary>
    /// <param name="writer">Where to write; positioned where a value is expected.</param>
    /// <param name="distribution">The distribution to write.</param>
    /// <param name="unit">The unit of its values; decides how unit-bearing parameters are written.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void Write(Utf8JsonWriter writer, Distribution distribution, DistributionUnit unit)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(distribution);
        writer.WriteStartObject();
        switch (distribution)
        {
            case Deterministic d:
                Family(writer, "deterministic", ("value", d.Value, true));
                break;
            case Exponential d:
                Family(writer, "exponential", ("mean", d.Mean, true));
                break;
            case Uniform d:
                Family(writer, "uniform", ("min", d.Min, true), ("max", d.Max, true));
                break;
            case TruncatedNormal d:
                Family(writer, "truncatedNormal", ("mean", d.NormalMean, true), ("stdDev", d.NormalStdDev, true));
                break;
            case LogNormal d:
                Family(writer, "lognormal", ("mu", d.Mu, false), ("sigma", d.Sigma, false));
                break;
            case Gamma d:
                Family(writer, "gamma", ("shape", d.Shape, false), ("scale", d.Scale, true));
                break;
            case Erlang d:
                Family(writer, "erlang", ("k", d.K, false), ("mean", d.Mean, true));
                break;
            case Weibull d:
                Family(writer, "weibull", ("shape", d.Shape, false), ("scale", d.Scale, true));
                break;
            case BoundedPareto d:
                Family(writer, "boundedPareto", ("alpha", d.Alpha, false), ("min", d.Lower, true), ("max", d.Upper, true));
                break;
            case Empirical d:
                writer.WriteStartObject(EmpiricalName);
                writer.WriteStartArray("samples");
                foreach (double x in d.Values) WriteMagnitude(writer, x, unit);
                writer.WriteEndArray();
                writer.WriteEndObject();
                break;
            case Mixture d:
                writer.WriteStartArray(MixtureName);
                for (int i = 0; i < d.Components.Count; i++)
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("weight", d.Weights[i]);
                    writer.WritePropertyName("distribution");
                    Write(writer, d.Components[i], unit);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
                break;
            default:
                throw new NotSupportedException($"No JSON form for {distribution.GetType().Name}.");
        }
        writer.WriteEndObject();

        void Family(Utf8JsonWriter w, string name, params (string Name, double Value, bool HasUnit)[] ps)
        {
            w.WriteStartObject(name);
            foreach (var p in ps)
            {
                w.WritePropertyName(p.Name);
                if (p.HasUnit) WriteMagnitude(w, p.Value, unit); else w.WriteNumberValue(p.Value);
            }
            w.WriteEndObject();
        }
    }

    private static void WriteMagnitude(Utf8JsonWriter writer, double value, DistributionUnit unit)
    {
        if (unit == DistributionUnit.Dimensionless) writer.WriteNumberValue(value);
        else writer.WriteStringValue(UnitText.Format(value, unit));
    }
}
