namespace Sim.Scenarios;

// The scenario format as data: one tree that the loader walks to find unknown fields, fill defaults,
// resolve override and phase-patch paths, and that generates scenarios/scenario.schema.json. Keeping
// one tree is what stops the loader, the JSON Schema and the documentation from drifting apart.

/// <summary>What a leaf value holds and how it is written.</summary>
internal enum LeafKind
{
    /// <summary>A JSON string.</summary>
    Text,

    /// <summary>true or false.</summary>
    Bool,

    /// <summary>A whole number.</summary>
    Integer,

    /// <summary>A plain number.</summary>
    Number,

    /// <summary>A number in [0, 1] or a percent string "35%".</summary>
    Ratio,

    /// <summary>A duration string with a unit, "5ms"; "0" or 0 for zero.</summary>
    Duration,

    /// <summary>A size string with a unit, "500KB"; "0" or 0 for zero.</summary>
    Bytes,

    /// <summary>A rate string with a unit, "200/s".</summary>
    Rate,

    /// <summary>A duration, or "auto".</summary>
    Warmup,

    /// <summary>A non-negative whole number up to 2^64 − 1.</summary>
    Seed,

    /// <summary>One of <see cref="LeafShape.Values"/>.</summary>
    Enum,

    /// <summary>A distribution of durations (a duration string is a constant).</summary>
    DurationDistribution,

    /// <summary>A distribution of sizes (a size string is a constant).</summary>
    BytesDistribution,

    /// <summary>A bit-rate string "20Mbit/s" (constant), or a distribution of plain numbers in bits per second.</summary>
    BitRateDistribution,

    /// <summary>A bit-rate string with a unit, "1Gbit/s".</summary>
    BitRate,

    /// <summary>A backoff jitter: "full" (1), "equal" (0.5), "none" (0), or a ratio in [0, 1].</summary>
    Jitter,
}

/// <summary>A node of the scenario format.</summary>
/// <param name="Doc">One-line meaning, for the JSON Schema and the docs.</param>
internal abstract record Shape(string Doc);

/// <summary>A field of an object.</summary>
/// <param name="Name">camelCase JSON name.</param>
/// <param name="Shape">What the value is.</param>
/// <param name="Default">JSON text of the default filled in when the field is absent; null = no default (required or optional-absent).</param>
/// <param name="Required">Absence is an error.</param>
/// <param name="DefaultUnless">The default is not filled when this sibling field is present.</param>
/// <param name="To">Where the reader puts the value: the record property it sets; null = not read into a record (<c>$schema</c>, <c>phases</c>).</param>
internal sealed record Field(string Name, Shape Shape, string? Default = null, bool Required = false, string? DefaultUnless = null, Binding? To = null);

/// <summary>
/// How a field's value reaches its record: the type the reader produces for it (<see cref="int"/>, <see cref="long"/>,
/// <see cref="ulong"/>, <see cref="double"/>, <c>double?</c> for a warm-up, <see cref="bool"/>, <see cref="string"/> also
/// for an enum's word, a distribution, a record, a list) and a function that returns a copy of the record with the value
/// set (for a step alternative written as a bare value, <c>{"cpu": "20ms"}</c>, the record is ignored and the step made).
/// </summary>
/// <param name="ValueType">What the reader produces.</param>
/// <param name="Set">(record, value) → record with the property set.</param>
internal sealed record Binding(Type ValueType, Func<object, object?, object> Set);

/// <summary>A JSON object with a closed set of fields.</summary>
/// <param name="Doc">One-line meaning.</param>
/// <param name="Fields">The fields, in documentation order.</param>
/// <param name="ExactlyOne">Groups of fields of which exactly one must be present (after defaults).</param>
/// <param name="AtMostOne">Groups of fields of which at most one may be present.</param>
/// <param name="Create">The record the reader starts from: every default, and a placeholder for each required property (reported when absent); the fields' bindings then set what the JSON gives.</param>
internal sealed record ObjectShape(string Doc, Field[] Fields, string[][]? ExactlyOne = null, string[][]? AtMostOne = null, Func<object>? Create = null) : Shape(Doc)
{
    public Field? Find(string name) => Array.Find(Fields, f => f.Name == name);
}

/// <summary>A one-key object whose key names the alternative (a step).</summary>
internal sealed record OneKeyShape(string Doc, Field[] Alternatives) : Shape(Doc)
{
    public Field? Find(string name) => Array.Find(Alternatives, f => f.Name == name);
}

/// <summary>An array of items; <paramref name="NamedBy"/> lets a path select an item by that field (<c>classes.page</c>).</summary>
/// <param name="Doc">One-line meaning.</param>
/// <param name="Item">The shape of each item.</param>
/// <param name="NamedBy">The item field a path may select an item by.</param>
/// <param name="MinCount">Fewer items are an error of the JSON (a profile of no points), and the reader pads the list with <paramref name="Invalid"/> items.</param>
/// <param name="DescribeAsNonEmpty">Call the expected value a non-empty list even though emptiness is left to the validator.</param>
/// <param name="Invalid">The placeholder for an item that could not be read (given the items read before it), so that later items keep their index for the validator.</param>
internal sealed record ArrayShape(string Doc, Shape Item, string? NamedBy = null, int MinCount = 0, bool DescribeAsNonEmpty = false,
    Func<IReadOnlyList<object?>, object>? Invalid = null) : Shape(Doc);

/// <summary>Either the inner shape or JSON null.</summary>
internal sealed record NullableShape(string Doc, Shape Inner) : Shape(Doc);

/// <summary>The SLO object: one latency key pNN (or p99.9) and errorRate.</summary>
internal sealed record SloShape(string Doc) : Shape(Doc);

/// <summary>An object with free keys (a phase's <c>set</c>): patch path → JSON value.</summary>
internal sealed record PatchShape(string Doc) : Shape(Doc);

/// <summary>A value.</summary>
/// <param name="Doc">One-line meaning.</param>
/// <param name="Kind">How it is written.</param>
/// <param name="Min">Smallest allowed value (SI units); null = none.</param>
/// <param name="Max">Largest allowed value; null = none.</param>
/// <param name="MinExclusive">The value must be strictly above <paramref name="Min"/>.</param>
/// <param name="Values">The allowed words of an enum.</param>
internal sealed record LeafShape(string Doc, LeafKind Kind, double? Min = null, double? Max = null, bool MinExclusive = false, string[]? Values = null) : Shape(Doc)
{
    /// <summary>The range in words, e.g. "≥ 1" or "> 0"; empty when unbounded.</summary>
    public string Range => (Min, Max is { } m && !(Kind == LeafKind.Integer && m >= int.MaxValue) ? Max : null) switch
    {
        (null, null) => "",
        ({ } lo, null) => (MinExclusive ? "> " : "≥ ") + Num(lo),
        (null, { } hi) => "≤ " + Num(hi),
        ({ } lo, { } hi) => (MinExclusive ? "in (" : "in [") + Num(lo) + ", " + Num(hi) + "]",
    };

    /// <summary>What is allowed, in words, for error messages: e.g. <c>a whole number in [1, 1000]</c>, <c>a duration &gt; 0 with a unit, e.g. "5ms" …</c>.</summary>
    public string Allowed => Kind switch
    {
        LeafKind.Integer or LeafKind.Seed => $"a whole number {Range}".TrimEnd().Replace("2147483647", "2147483647 (2³¹−1)", StringComparison.Ordinal),
        LeafKind.Number => $"a number {Range}".TrimEnd(),
        LeafKind.Ratio => $"a ratio {Range}: a number like 0.35 or a percentage like \"35%\"",
        LeafKind.Jitter => "\"full\", \"equal\", \"none\", or a ratio in [0, 1] (a number like 0.35 or a percentage like \"35%\")",
        LeafKind.Duration => $"a duration {Range} with a unit, e.g. \"5ms\" (units: ns, us, ms, s, min, h)",
        LeafKind.Bytes => $"a size {Range} with a unit, e.g. \"500KB\" (units: B, KB, MB, GB, TB, KiB, MiB, GiB, TiB)",
        LeafKind.Rate => $"a rate {Range} with a unit, e.g. \"200/s\" (units: /s, /ms, /min, /h, rps)",
        LeafKind.BitRate => $"a bit rate {Range} with a unit, e.g. \"1Gbit/s\" (units: bit/s, kbit/s, Mbit/s, Gbit/s or bps, kbps, Mbps, Gbps; 1000-based)",
        LeafKind.Warmup => $"a duration {Range} with a unit, e.g. \"60s\", or \"auto\"",
        LeafKind.Bool => "true or false",
        LeafKind.Text => "a string",
        LeafKind.Enum => $"one of {string.Join(", ", Values!)}",
        _ => Doc,
    };

    /// <summary>True when <paramref name="value"/> lies within <see cref="Min"/> (exclusive when <see cref="MinExclusive"/>) and <see cref="Max"/>; false for NaN.</summary>
    public bool Contains(double value) =>
        (Min is not { } lo || (MinExclusive ? value > lo : value >= lo)) && (Max is not { } hi || value <= hi) && !double.IsNaN(value);

    // Durations and sizes with their unit (the bounds are round: 1e7 s, 1 TB); other numbers as they are.
    private string Num(double x) => Kind switch
    {
        LeafKind.Duration or LeafKind.Warmup when x != 0 => x.ToString("0.###e0", System.Globalization.CultureInfo.InvariantCulture) + " s",
        LeafKind.BitRate => x.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + " bit/s",
        LeafKind.Bytes when x >= 1e12 => (x / 1e12).ToString("R", System.Globalization.CultureInfo.InvariantCulture) + " TB",
        _ => x.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
    };
}
