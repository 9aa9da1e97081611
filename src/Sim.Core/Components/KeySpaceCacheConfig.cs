using Sim.Distributions;
using Sim.Validation;

namespace Sim.Components;

/// <summary>
/// Parameters of a <see cref="KeySpaceCache"/>: the key space (count, Zipf popularity, object sizes)
/// and the Redis limits (max memory, TTL, eviction policy). Immutable; check with <see cref="Validate"/>.
/// </summary>
/// <param name="KeyCount">N, the number of distinct keys the application reads; range 1 ≤ N ≤ <see cref="ZipfSampler.MaxRanks"/>. Memory O(N) (≈ 21 bytes per key) is allocated once.</param>
/// <param name="ZipfExponent">s, popularity exponent: key k (0-based) is read with probability ∝ (k + 1)^(−s); range 0 ≤ s ≤ 50; 0 = uniform, ≈ 0.6–1.2 typical for web objects.</param>
/// <param name="ObjectSizeBytes">Size of a key's value, bytes: sampled once per key at its first set and kept for the run; values are rounded to whole bytes, at least 1 and at most 2³¹ − 1. E.g. <c>Deterministic.Of(2_000)</c>.</param>
/// <param name="MaxMemoryBytes">Redis <c>maxmemory</c>, bytes; range ≥ 0; 0 = unlimited (default).</param>
/// <param name="TtlSeconds">Time to live given to a key at each set, seconds; range ≥ 0, finite; 0 = keys never expire (default). Not refreshed by reads (Redis <c>SET key value EX ttl</c>).</param>
/// <param name="Eviction">Policy when a set does not fit in <paramref name="MaxMemoryBytes"/>; default <see cref="KeySpaceCacheEviction.AllKeysLru"/>.</param>
/// <param name="PerKeyOverheadBytes">Bytes charged per resident key on top of its value (key string, dict entry, robj, expiry entry); range 0 ≤ x ≤ 10⁶; default 50, roughly Redis 7 for short keys of small strings.</param>
public sealed record KeySpaceCacheConfig(
    int KeyCount,
    double ZipfExponent,
    Distribution ObjectSizeBytes,
    long MaxMemoryBytes = 0,
    double TtlSeconds = 0,
    KeySpaceCacheEviction Eviction = KeySpaceCacheEviction.AllKeysLru,
    int PerKeyOverheadBytes = 50)
{
    /// <summary>Checks every parameter and returns all problems at once (empty when valid). Paths are the property names.</summary>
    /// <returns>The problems found; empty when the configuration is valid.</returns>
    public IReadOnlyList<ValidationError> Validate()
    {
        var errors = new List<ValidationError>();
        if (KeyCount < 1 || KeyCount > ZipfSampler.MaxRanks)
            errors.Add(new(nameof(KeyCount), KeyCount.ToString(System.Globalization.CultureInfo.InvariantCulture), $"an integer in 1..{ZipfSampler.MaxRanks}"));
        if (!(ZipfExponent >= 0 && ZipfExponent <= 50))
            errors.Add(new(nameof(ZipfExponent), ZipfExponent.ToString("R", System.Globalization.CultureInfo.InvariantCulture), "a number in [0, 50]"));
        if (ObjectSizeBytes is null)
            errors.Add(new(nameof(ObjectSizeBytes), "(missing)", "a size distribution in bytes"));
        if (MaxMemoryBytes < 0)
            errors.Add(new(nameof(MaxMemoryBytes), MaxMemoryBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), "bytes ≥ 0 (0 = unlimited)"));
        if (!(TtlSeconds >= 0 && double.IsFinite(TtlSeconds)))
            errors.Add(new(nameof(TtlSeconds), TtlSeconds.ToString("R", System.Globalization.CultureInfo.InvariantCulture), "seconds ≥ 0, finite (0 = no expiry)"));
        if (!Enum.IsDefined(Eviction))
            errors.Add(new(nameof(Eviction), Eviction.ToString(), "AllKeysLru or NoEviction"));
        if (PerKeyOverheadBytes < 0 || PerKeyOverheadBytes > 1_000_000)
            errors.Add(new(nameof(PerKeyOverheadBytes), PerKeyOverheadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), "bytes in 0..1000000"));
        return errors;
    }
}
