namespace Sim.Components;

/// <summary>What a <see cref="KeySpaceCache"/> does when a set would exceed its maximum memory (Redis <c>maxmemory-policy</c>).</summary>
public enum KeySpaceCacheEviction
{
    /// <summary>Evict least-recently-used keys, any key (Redis <c>allkeys-lru</c>), until the new key fits. Exact LRU (Redis samples; see the cache docs).</summary>
    AllKeysLru = 0,

    /// <summary>Evict nothing: a set that does not fit fails and is counted in <see cref="KeySpaceCache.SetsRejected"/> (Redis <c>noeviction</c>, which returns an OOM error).</summary>
    NoEviction = 1,
}
