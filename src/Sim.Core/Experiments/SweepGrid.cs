using System.Diagnostics.CodeAnalysis;

namespace Sim.Experiments;

/// <summary>
/// The points of a sweep: the Cartesian product of its parameters, enumerated in a fixed order — the first
/// parameter varies slowest, the last fastest (row-major), so point <c>i</c> means the same configuration on
/// every machine and in every shard. Immutable; thread safe.
/// </summary>
public sealed class SweepGrid
{
    /// <summary>The largest number of points a grid may have: 10,000.</summary>
    public const int MaxPoints = 10_000;

    private SweepGrid(IReadOnlyList<SweepParameter> parameters, int count)
    {
        Parameters = parameters;
        Count = count;
    }

    /// <summary>The axes, in the order given.</summary>
    public IReadOnlyList<SweepParameter> Parameters { get; }

    /// <summary>Number of points, 1 … <see cref="MaxPoints"/>.</summary>
    public int Count { get; }

    /// <summary>Builds a grid: at least one parameter, no path twice, at most <see cref="MaxPoints"/> points.</summary>
    /// <param name="parameters">The axes.</param>
    /// <param name="grid">The grid, when valid.</param>
    /// <param name="error">Otherwise what is wrong.</param>
    /// <returns>True when valid.</returns>
    public static bool TryCreate(IReadOnlyList<SweepParameter> parameters, [NotNullWhen(true)] out SweepGrid? grid, out string error)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        grid = null;
        if (parameters.Count == 0)
        {
            error = "a sweep needs at least one --param path=a..b[:step] or path=v1,v2,…";
            return false;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long count = 1;
        foreach (SweepParameter p in parameters)
        {
            if (p.Values.Count == 0) throw new ArgumentException($"Parameter '{p.Path}' has no values.", nameof(parameters));
            if (!seen.Add(p.Path))
            {
                error = $"'{p.Path}' is given twice; each path may be swept once";
                return false;
            }
            count *= p.Values.Count;
            if (count > MaxPoints)
            {
                error = $"the grid {string.Join(" × ", parameters.Select(q => q.Values.Count))} has more than the {MaxPoints} points a sweep allows; use fewer values or a coarser step";
                return false;
            }
        }
        grid = new SweepGrid(parameters, (int)count);
        error = "";
        return true;
    }

    /// <summary>The (path, value) pairs of point <paramref name="index"/>, in parameter order.</summary>
    /// <param name="index">0 … <see cref="Count"/> − 1.</param>
    public IReadOnlyList<KeyValuePair<string, string>> Point(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        var result = new KeyValuePair<string, string>[Parameters.Count];
        for (int p = Parameters.Count - 1; p >= 0; p--)
        {
            IReadOnlyList<string> values = Parameters[p].Values;
            result[p] = new(Parameters[p].Path, values[index % values.Count]);
            index /= values.Count;
        }
        return result;
    }

    /// <summary>Point <paramref name="index"/> as <c>path=value</c> overrides, the form <c>--set</c> takes.</summary>
    /// <param name="index">0 … <see cref="Count"/> − 1.</param>
    public IReadOnlyList<string> Overrides(int index) => [.. Point(index).Select(kv => kv.Key + "=" + kv.Value)];

    /// <summary>The indices of the points <paramref name="shard"/> runs, ascending.</summary>
    /// <param name="shard">The slice; <see cref="SweepShard.All"/> for every point.</param>
    public IReadOnlyList<int> Indices(SweepShard shard)
    {
        var result = new List<int>();
        for (int i = 0; i < Count; i++) if (shard.Contains(i)) result.Add(i);
        return result;
    }
}
