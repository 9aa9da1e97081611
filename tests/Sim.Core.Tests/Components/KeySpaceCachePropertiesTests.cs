using FsCheck.Xunit;
using Sim.Components;
using Sim.Distributions;
using Sim.Randomness;

namespace Sim.Core.Tests.Components;

/// <summary>
/// Invariants of <see cref="KeySpaceCache"/> on random configurations and operation sequences (FsCheck
/// supplies the seed; our generator the shape): memory never above the limit, the LRU list
/// consistent with the resident flags, counts and memory, and gets = hits + misses, after every operation.
/// </summary>
public class KeySpaceCachePropertiesTests
{
    [Property(MaxTest = 100)]
    public bool Invariants_HoldAfterEveryOperation(ulong seed)
    {
        var random = new RandomStream(seed);
        int keys = 1 + random.NextInt(60);
        Distribution size = random.NextInt(2) == 0 ? Deterministic.Of(1 + random.NextInt(500)) : Uniform.Between(1, 1000);
        long maxMemory = random.NextInt(4) == 0 ? 0 : 1 + random.NextInt(5000);
        double ttl = random.NextInt(3) == 0 ? 0 : random.NextDouble() * 5;
        var eviction = random.NextInt(4) == 0 ? KeySpaceCacheEviction.NoEviction : KeySpaceCacheEviction.AllKeysLru;
        int overhead = random.NextInt(3) * 50;
        var cache = new KeySpaceCache(new KeySpaceCacheConfig(keys, random.NextDouble() * 2, size, maxMemory, ttl, eviction, overhead));
        var list = new List<int>();
        double now = 0;
        for (int op = 0; op < 300; op++)
        {
            now += random.NextInt(3) == 0 ? 0 : random.NextDouble(); // ties in time, too
            switch (random.NextInt(4))
            {
                case 0: if (!cache.Get(now, random, out int k)) cache.Set(now, k, random); break;
                case 1: cache.GetKey(now, random.NextInt(keys)); break;
                case 2: cache.Set(now, random.NextInt(keys), random); break;
                default: cache.Get(now, random, out _); break;
            }
            if (random.NextInt(50) == 0) cache.ResetStatistics();

            if (maxMemory > 0 && cache.MemoryUsedBytes > maxMemory) return Fail(seed, op, "memory above limit");
            if (cache.MaxMemoryUsedBytes < cache.MemoryUsedBytes) return Fail(seed, op, "peak below current");
            cache.CopyKeysByRecency(list);
            if (list.Count != cache.KeysResident) return Fail(seed, op, "list length ≠ resident count");
            long memory = 0;
            var seen = new bool[keys];
            foreach (int key in list)
            {
                if (seen[key] || !cache.IsResident(key)) return Fail(seed, op, "list has a duplicate or a non-resident key");
                seen[key] = true;
                memory += cache.FootprintBytes(key);
            }
            for (int key = 0; key < keys; key++)
            {
                if (cache.IsResident(key) != seen[key]) return Fail(seed, op, "resident key missing from the list");
            }
            if (memory != cache.MemoryUsedBytes) return Fail(seed, op, "memory ≠ Σ footprints");
            if (cache.LeastRecentlyUsedKey != (list.Count == 0 ? -1 : list[^1])) return Fail(seed, op, "tail ≠ last of list");
            if (cache.Hits + cache.Misses != cache.Gets || cache.Hits < 0 || cache.Misses < 0) return Fail(seed, op, "gets ≠ hits + misses");
            if (eviction == KeySpaceCacheEviction.NoEviction && cache.Evictions != 0) return Fail(seed, op, "noeviction evicted");
        }
        return true;
    }

    private static bool Fail(ulong seed, int op, string what) => throw new Xunit.Sdk.XunitException($"seed {seed}, operation {op}: {what}");
}
