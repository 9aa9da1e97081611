namespace Sim.Distributions;

/// <summary>The unit of the values a <see cref="Distribution"/> produces; decides how its parameters are written in JSON and in reports.</summary>
public enum DistributionUnit
{
    /// <summary>Times, in seconds. JSON parameters are durations with a unit: <c>"5ms"</c>, <c>"1.5s"</c>.</summary>
    Seconds,

    /// <summary>Sizes, in bytes. JSON parameters are sizes with a unit: <c>"500KB"</c>, <c>"2MiB"</c>.</summary>
    Bytes,

    /// <summary>Plain numbers with no unit (counts, ratios). JSON parameters are plain numbers.</summary>
    Dimensionless,
}
