using Sim.Components;
using Sim.Distributions;
using Sim.Randomness;

namespace Sim.Core.Tests.Components;

/// <summary>Deterministic behaviour of <see cref="KeySpaceCache"/>: LRU order, TTL boundaries, memory accounting, evictions, guards, allocation.</summary>
public class KeySpaceCacheTests
{
    private static readonly RandomStream Rng = new(1);

    private static KeySpaceCache Cache(int keys, long maxMemory = 0, double ttl = 0, int size = 100, int overhead = 0,
        KeySpaceCacheEviction eviction = KeySpaceCacheEviction.AllKeysLru) =>
        new(new KeySpaceCacheConfig(keys, 1.0, Deterministic.Of(size), maxMemory, ttl, eviction, overhead));

    private static List<int> Recency(KeySpaceCache cache)
    {
        var keys = new List<int>();
        cache.CopyKeysByRecency(keys);
        return keys;
    }

    [Fact]
    public void Lru_CapacityForThreeObjects_EvictsLeastRecentlyUsed()
    {
        var cache = Cache(keys: 10, maxMemory: 300);
        Assert.True(cache.Set(0, 0, Rng));
        Assert.True(cache.Set(1, 1, Rng));
        Assert.True(cache.Set(2, 2, Rng));
        Assert.Equal([2, 1, 0], Recency(cache));
        Assert.True(cache.GetKey(3, 0));                // 0 becomes most recent; 1 is now LRU
        Assert.Equal([0, 2, 1], Recency(cache));
        Assert.Equal(1, cache.LeastRecentlyUsedKey);

        Assert.True(cache.Set(4, 3, Rng));              // evicts 1
        Assert.False(cache.IsResident(1));
        Assert.Equal([3, 0, 2], Recency(cache));
        Assert.Equal(1, cache.Evictions);
        Assert.False(cache.GetKey(5, 1));               // a miss does not insert
        Assert.False(cache.IsResident(1));
        Assert.True(cache.Set(6, 1, Rng));              // evicts 2
        Assert.Equal([1, 3, 0], Recency(cache));
        Assert.Equal(2, cache.Evictions);
        Assert.Equal(300, cache.MemoryUsedBytes);
        Assert.Equal(3, cache.KeysResident);
        Assert.Equal((1L, 1L, 5L), (cache.Hits, cache.Misses, cache.Sets));
    }

    [Fact]
    public void Set_OnResidentKey_OverwritesAndMovesToFront_WithoutEviction()
    {
        var cache = Cache(keys: 5, maxMemory: 200);
        cache.Set(0, 0, Rng);
        cache.Set(0, 1, Rng);
        cache.Set(1, 0, Rng);
        Assert.Equal([0, 1], Recency(cache));
        Assert.Equal((0L, 3L, 200L), (cache.Evictions, cache.Sets, cache.MemoryUsedBytes));
    }

    [Fact]
    public void Ttl_ExpiresExactlyAtSetPlusTtl_AndReadsDoNotExtendIt()
    {
        var cache = Cache(keys: 5, ttl: 10);
        cache.Set(5, 2, Rng);
        Assert.True(cache.GetKey(5, 2));
        Assert.True(cache.GetKey(Math.BitDecrement(15.0), 2)); // last representable instant before 15
        Assert.Equal(0, cache.Expirations);
        Assert.False(cache.GetKey(15, 2));                      // t + τ: expired
        Assert.Equal(1, cache.Expirations);
        Assert.False(cache.IsResident(2));
        Assert.Equal(0, cache.MemoryUsedBytes);
        Assert.Equal(0, cache.KeysResident);
        Assert.False(cache.GetKey(16, 2));                      // already removed: not counted again
        Assert.Equal(1, cache.Expirations);
    }

    [Fact]
    public void Ttl_SetOnLiveKey_RestartsIt_SetOnExpiredKey_CountsExpiration()
    {
        var cache = Cache(keys: 5, ttl: 10);
        cache.Set(0, 1, Rng);
        cache.Set(8, 1, Rng);          // live: TTL restarts, expires at 18
        Assert.True(cache.GetKey(17, 1));
        Assert.False(cache.GetKey(18, 1));
        cache.Set(20, 1, Rng);
        Assert.True(cache.Set(31, 1, Rng)); // expired at 30 when set again: counted, then re-inserted
        Assert.Equal(2, cache.Expirations);
        Assert.True(cache.GetKey(40, 1));
        Assert.Equal(100, cache.MemoryUsedBytes);
    }

    [Fact]
    public void ExpiredKeyAtLruEnd_IsEvicted_NotExpired()
    {
        var cache = Cache(keys: 5, maxMemory: 200, ttl: 1);
        cache.Set(0, 0, Rng);
        cache.Set(0, 1, Rng);
        cache.Set(5, 2, Rng); // 0 expired long ago, but eviction removes it as LRU
        Assert.Equal((1L, 0L), (cache.Evictions, cache.Expirations));
        Assert.Equal([2, 1], Recency(cache));
    }

    [Fact]
    public void Memory_VaryingSizes_AccountsValuePlusOverhead_AndEvictsUntilItFits()
    {
        const int overhead = 50;
        var config = new KeySpaceCacheConfig(1000, 0.8, Uniform.Between(100, 5000), MaxMemoryBytes: 20_000, PerKeyOverheadBytes: overhead);
        var cache = new KeySpaceCache(config);
        var random = new RandomStream(3);
        for (int i = 0; i < 20_000; i++)
        {
            if (!cache.Get(i, random, out int key)) Assert.True(cache.Set(i, key, random));
            long sum = 0;
            foreach (int k in Recency(cache))
            {
                long f = cache.FootprintBytes(k);
                Assert.InRange(f, 100 + overhead, 5000 + overhead);
                sum += f;
            }
            Assert.Equal(sum, cache.MemoryUsedBytes);
            Assert.True(cache.MemoryUsedBytes <= 20_000);
        }
        Assert.True(cache.Evictions > 0);
        Assert.True(cache.MaxMemoryUsedBytes > 20_000 - 5050);
        // A key's size is drawn once: its footprint never changes.
        int k0 = Recency(cache)[0];
        long before = cache.FootprintBytes(k0);
        cache.Set(1e6, k0, random);
        Assert.Equal(before, cache.FootprintBytes(k0));
    }

    [Fact]
    public void NoEviction_RejectsSetsThatDoNotFit_AndTooLargeValuesAreAlwaysRejected()
    {
        var cache = Cache(keys: 10, maxMemory: 250, overhead: 20, eviction: KeySpaceCacheEviction.NoEviction);
        Assert.True(cache.Set(0, 0, Rng));
        Assert.True(cache.Set(0, 1, Rng));
        Assert.False(cache.Set(0, 2, Rng));              // 3 × 120 > 250
        Assert.Equal((1L, 2L, 0L), (cache.SetsRejected, cache.Sets, cache.Evictions));
        Assert.False(cache.IsResident(2));
        Assert.True(cache.Set(1, 1, Rng));               // overwrite needs no memory

        var tiny = Cache(keys: 10, maxMemory: 99);
        Assert.False(tiny.Set(0, 0, Rng));
        Assert.Equal((1L, 0L, 0), (tiny.SetsRejected, tiny.Evictions, tiny.KeysResident));
    }

    [Fact]
    public void ResetStatistics_KeepsContents_ZeroesCounters()
    {
        var cache = Cache(keys: 10, maxMemory: 500);
        var random = new RandomStream(5);
        cache.Warm(0, random, 1000);
        Assert.Equal(0, cache.Gets);
        Assert.Equal(5, cache.KeysResident);
        Assert.Equal(500, cache.MaxMemoryUsedBytes);
        Assert.True(double.IsNaN(cache.HitRatio));
        Assert.True(cache.GetKey(1, Recency(cache)[4]));
        Assert.Equal(1.0, cache.HitRatio);
    }

    [Fact]
    public void Operations_DoNotAllocate()
    {
        var cache = new KeySpaceCache(new KeySpaceCacheConfig(100_000, 0.9, LogNormal.FromMedianAndP95(2000, 20_000),
            MaxMemoryBytes: 10_000_000, TtlSeconds: 30));
        var random = new RandomStream(11);
        double now = 0;
        for (int i = 0; i < 10_000; i++, now += 0.01)
        {
            if (!cache.Get(now, random, out int key)) cache.Set(now, key, random);
        }
        long allocated = SteadyAllocation.Measure(() =>
        {
            for (int i = 0; i < 200_000; i++, now += 0.01)
            {
                if (!cache.Get(now, random, out int key)) cache.Set(now, key, random);
            }
        });
        Assert.Equal(0, allocated);
        Assert.True(cache.Evictions > 0 && cache.Expirations > 0 && cache.Hits > 0);
    }

    [Fact]
    public void Config_Validate_ReportsEveryProblem()
    {
        var bad = new KeySpaceCacheConfig(0, -1, null!, -1, double.NaN, (KeySpaceCacheEviction)7, -3);
        var errors = bad.Validate();
        Assert.Equal(7, errors.Count);
        var ex = Assert.Throws<ArgumentException>(() => new KeySpaceCache(bad));
        Assert.Contains("KeyCount", ex.Message);
        Assert.Contains("TtlSeconds", ex.Message);
        Assert.Empty(new KeySpaceCacheConfig(1, 0, Deterministic.Of(1)).Validate());
    }

    [Fact]
    public void Guards()
    {
        var cache = Cache(keys: 10);
        Assert.Throws<ArgumentOutOfRangeException>(() => cache.GetKey(0, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => cache.GetKey(0, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => cache.Set(0, 10, Rng));
        Assert.Throws<ArgumentNullException>(() => cache.Set(0, 1, null!));
        Assert.Throws<ArgumentNullException>(() => cache.Get(0, null!, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => cache.Warm(0, Rng, -1));
        Assert.Throws<ArgumentNullException>(() => new KeySpaceCache(null!));
    }
}
