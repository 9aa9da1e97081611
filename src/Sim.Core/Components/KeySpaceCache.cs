using Sim.Distributions;
using Sim.Randomness;

namespace Sim.Components;

/// <summary>
/// A Redis-like cache in simulated time whose hit ratio, memory use and evictions come out of a key
/// space: N keys read with Zipf popularity, values of given sizes, a memory limit with LRU eviction
/// and a TTL. Built for the cache-aside pattern: <see cref="Get(double, RandomStream, out int)"/>
/// picks a key and reports hit or miss; after a miss the caller does its database work and then
/// calls <see cref="Set"/> for that key. A miss inserts nothing by itself.
/// </summary>
/// <remarks>
/// <para><b>Keys.</b> Keys are 0..N−1; key k has popularity rank k + 1, so key 0 is the hottest.</para>
/// <para><b>Expiry.</b> A key set at time t with TTL τ &gt; 0 is live for t ≤ now &lt; t + τ and
/// expired from t + τ on (Redis keeps it for the whole millisecond t + τ; in continuous time the
/// difference has probability 0). Reads do not extend the TTL; a set (also on a live key)
/// restarts it. Expiry is lazy: an expired key is removed — and counted in
/// <see cref="Expirations"/> — when it is next read or set, or evicted (counted as an eviction) when
/// it reaches the LRU end first. Until then it occupies memory. Redis also expires actively
/// (sampling keys with a TTL ten times a second), which frees memory earlier; see
/// docs/components/cache.md.</para>
/// <para><b>Memory.</b> A resident key uses its value size plus
/// <see cref="KeySpaceCacheConfig.PerKeyOverheadBytes"/>. With a limit, a set first evicts from the
/// LRU end until the key fits, so <see cref="MemoryUsedBytes"/> never exceeds the limit (Redis
/// evicts after the fact and may overshoot briefly); a value larger than the whole limit is
/// rejected. No allocator fragmentation.</para>
/// <para><b>Cost.</b> Arrays indexed by key (resident flag, size, expiry time, LRU links of an
/// intrusive doubly linked list) are allocated once, ≈ 21 bytes per key. Every operation is O(1)
/// (an eviction O(1) per evicted key) and allocates nothing. Not thread safe; owned by one
/// simulation.</para>
/// </remarks>
public sealed class KeySpaceCache
{
    private const int None = -1;

    private readonly bool[] _resident;
    private readonly int[] _size;          // value bytes; 0 = not yet sampled
    private readonly double[] _expiresAt;  // seconds; +∞ when no TTL
    private readonly int[] _prev, _next;   // LRU list: _head = most recent, _tail = least recent
    private readonly Distribution _objectSize;
    private readonly double _ttl;
    private readonly long _maxMemory;
    private readonly int _overhead;
    private readonly bool _noEviction;
    private int _head = None, _tail = None;

    /// <summary>Creates an empty cache.</summary>
    /// <param name="config">The parameters; must be valid (<see cref="KeySpaceCacheConfig.Validate"/>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="config"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="config"/> is invalid; the message lists every problem.</exception>
    public KeySpaceCache(KeySpaceCacheConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = config.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid cache configuration: " + string.Join("; ", errors), nameof(config));
        }
        Config = config;
        int n = config.KeyCount;
        Popularity = new ZipfSampler(n, config.ZipfExponent);
        _objectSize = config.ObjectSizeBytes;
        _ttl = config.TtlSeconds;
        _maxMemory = config.MaxMemoryBytes;
        _overhead = config.PerKeyOverheadBytes;
        _noEviction = config.Eviction == KeySpaceCacheEviction.NoEviction;
        _resident = new bool[n];
        _size = new int[n];
        _expiresAt = new double[n];
        _prev = new int[n];
        _next = new int[n];
    }

    /// <summary>The parameters the cache was built with.</summary>
    public KeySpaceCacheConfig Config { get; }

    /// <summary>The key-popularity law: key k is read with <c>Popularity.Probability(k + 1)</c>.</summary>
    public ZipfSampler Popularity { get; }

    /// <summary>Reads since the last <see cref="ResetStatistics"/>; = <see cref="Hits"/> + <see cref="Misses"/>.</summary>
    public long Gets => Hits + Misses;

    /// <summary>Reads that found a live key, since the last reset.</summary>
    public long Hits { get; private set; }

    /// <summary>Reads that found no key or an expired one, since the last reset.</summary>
    public long Misses { get; private set; }

    /// <summary>Hits / gets since the last reset, in [0, 1]; NaN before the first get.</summary>
    public double HitRatio => Gets == 0 ? double.NaN : (double)Hits / Gets;

    /// <summary>Successful sets (including overwrites of a resident key), since the last reset.</summary>
    public long Sets { get; private set; }

    /// <summary>Sets that failed: the value is larger than the whole memory limit, or the policy is <see cref="KeySpaceCacheEviction.NoEviction"/> and it does not fit; since the last reset.</summary>
    public long SetsRejected { get; private set; }

    /// <summary>Keys removed to make room (LRU), since the last reset; Redis <c>evicted_keys</c>.</summary>
    public long Evictions { get; private set; }

    /// <summary>Expired keys removed when read or set (lazy expiry), since the last reset; Redis <c>expired_keys</c> without active expiry.</summary>
    public long Expirations { get; private set; }

    /// <summary>Bytes used now by resident keys (values plus per-key overhead); ≤ max memory when limited.</summary>
    public long MemoryUsedBytes { get; private set; }

    /// <summary>Peak of <see cref="MemoryUsedBytes"/> since the last reset (a reset starts it at the current use), bytes.</summary>
    public long MaxMemoryUsedBytes { get; private set; }

    /// <summary>Keys resident now, including expired keys not yet removed; in 0..N.</summary>
    public int KeysResident { get; private set; }

    /// <summary>Reads one key chosen by Zipf popularity (the cache-aside GET). O(1), no allocation.</summary>
    /// <param name="now">Simulated time, seconds; must not decrease between calls (not checked).</param>
    /// <param name="random">Stream the key is drawn from.</param>
    /// <param name="key">The key read, 0..N−1; pass it to <see cref="Set"/> after a miss.</param>
    /// <returns>True on a hit (resident and live at <paramref name="now"/>); a hit makes the key most recently used.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="random"/> is null.</exception>
    public bool Get(double now, RandomStream random, out int key)
    {
        ArgumentNullException.ThrowIfNull(random);
        key = Popularity.Sample(random) - 1;
        return GetKey(now, key);
    }

    /// <summary>Reads a given key. O(1), no allocation.</summary>
    /// <param name="now">Simulated time, seconds.</param>
    /// <param name="key">Key, 0..N−1.</param>
    /// <returns>True on a hit. An expired key is removed and counted in <see cref="Expirations"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="key"/> outside 0..N−1.</exception>
    public bool GetKey(double now, int key)
    {
        CheckKey(key);
        if (_resident[key])
        {
            if (now < _expiresAt[key])
            {
                Hits++;
                MoveToFront(key);
                return true;
            }
            Expirations++;
            Remove(key);
        }
        Misses++;
        return false;
    }

    /// <summary>
    /// Stores a key (the cache-aside fill after a miss, Redis <c>SET key value [EX ttl]</c>): it becomes
    /// most recently used and its TTL restarts at <paramref name="now"/>. Evicts LRU keys as needed.
    /// O(1) plus O(1) per eviction, no allocation.
    /// </summary>
    /// <param name="now">Simulated time, seconds.</param>
    /// <param name="key">Key, 0..N−1.</param>
    /// <param name="random">Stream for the key's value size, drawn once at its first set (not used for a constant size).</param>
    /// <returns>True if stored; false if rejected (counted in <see cref="SetsRejected"/>), the key then stays absent.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="key"/> outside 0..N−1.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="random"/> is null.</exception>
    public bool Set(double now, int key, RandomStream random)
    {
        CheckKey(key);
        ArgumentNullException.ThrowIfNull(random);
        if (_resident[key])
        {
            if (now >= _expiresAt[key])
            {
                Expirations++;
                Remove(key);
            }
            else
            {
                _expiresAt[key] = Expiry(now);
                MoveToFront(key);
                Sets++;
                return true;
            }
        }
        int size = _size[key];
        if (size == 0) _size[key] = size = SampleSize(random);
        long need = (long)size + _overhead;
        if (_maxMemory > 0)
        {
            if (need > _maxMemory || (_noEviction && MemoryUsedBytes + need > _maxMemory))
            {
                SetsRejected++;
                return false;
            }
            while (MemoryUsedBytes + need > _maxMemory)
            {
                Evictions++;
                Remove(_tail);
            }
        }
        _resident[key] = true;
        _expiresAt[key] = Expiry(now);
        PushFront(key);
        KeysResident++;
        MemoryUsedBytes += need;
        if (MemoryUsedBytes > MaxMemoryUsedBytes) MaxMemoryUsedBytes = MemoryUsedBytes;
        Sets++;
        return true;
    }

    /// <summary>
    /// Pre-warms the cache: <paramref name="accesses"/> cache-aside rounds (get; on a miss, set) at time
    /// <paramref name="now"/>, then <see cref="ResetStatistics"/>. With a TTL every key set here expires
    /// at the same instant now + TTL; prefer a simulated warm-up period when that matters.
    /// </summary>
    /// <param name="now">Simulated time, seconds.</param>
    /// <param name="random">Stream for keys and sizes.</param>
    /// <param name="accesses">Number of rounds, ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="accesses"/> &lt; 0.</exception>
    public void Warm(double now, RandomStream random, long accesses)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegative(accesses);
        for (long i = 0; i < accesses; i++)
        {
            if (!Get(now, random, out int key)) Set(now, key, random);
        }
        ResetStatistics();
    }

    /// <summary>Zeroes every counter (end of warm-up) and restarts the memory peak at the current use; contents are kept.</summary>
    public void ResetStatistics()
    {
        Hits = Misses = Sets = SetsRejected = Evictions = Expirations = 0;
        MaxMemoryUsedBytes = MemoryUsedBytes;
    }

    /// <summary>Whether a key is resident (possibly expired but not yet removed). For tests and reports.</summary>
    /// <param name="key">Key, 0..N−1.</param>
    /// <returns>True if the key occupies memory.</returns>
    public bool IsResident(int key)
    {
        CheckKey(key);
        return _resident[key];
    }

    /// <summary>The key that would be evicted next (least recently used), or −1 when empty.</summary>
    public int LeastRecentlyUsedKey => _tail;

    /// <summary>Walks the LRU list from most to least recent; O(resident keys). For tests and diagnostics.</summary>
    /// <param name="keys">Receives the resident keys, most recent first; cleared first.</param>
    /// <exception cref="ArgumentNullException"><paramref name="keys"/> is null.</exception>
    public void CopyKeysByRecency(List<int> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        keys.Clear();
        for (int k = _head; k != None; k = _next[k]) keys.Add(k);
    }

    /// <summary>Memory one resident key uses, bytes (value + overhead), or 0 if its size has not been drawn yet.</summary>
    /// <param name="key">Key, 0..N−1.</param>
    /// <returns>Bytes, ≥ 0.</returns>
    public long FootprintBytes(int key)
    {
        CheckKey(key);
        return _size[key] == 0 ? 0 : (long)_size[key] + _overhead;
    }

    private double Expiry(double now) => _ttl > 0 ? now + _ttl : double.PositiveInfinity;

    private int SampleSize(RandomStream random)
    {
        double bytes = Math.Round(_objectSize.Sample(random));
        if (!(bytes >= 1)) return 1;
        return bytes >= int.MaxValue ? int.MaxValue : (int)bytes;
    }

    private void CheckKey(int key)
    {
        if ((uint)key >= (uint)_resident.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(key), key, $"Keys are 0..{_resident.Length - 1}.");
        }
    }

    private void Remove(int key)
    {
        Unlink(key);
        _resident[key] = false;
        KeysResident--;
        MemoryUsedBytes -= (long)_size[key] + _overhead;
    }

    private void MoveToFront(int key)
    {
        if (_head == key) return;
        Unlink(key);
        PushFront(key);
    }

    private void PushFront(int key)
    {
        _prev[key] = None;
        _next[key] = _head;
        if (_head != None) _prev[_head] = key;
        else _tail = key;
        _head = key;
    }

    private void Unlink(int key)
    {
        int p = _prev[key], n = _next[key];
        if (p != None) _next[p] = n;
        else _head = n;
        if (n != None) _prev[n] = p;
        else _tail = p;
    }
}
