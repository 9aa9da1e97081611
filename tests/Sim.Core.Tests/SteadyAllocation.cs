namespace Sim.Core.Tests;

/// <summary>
/// Measures what a hot path allocates once warm. A one-off allocation by the runtime itself — tiered
/// JIT promotion, on-stack replacement — can land in any single window, and when it happens depends
/// on timing (CI load moved it into the window once); an allocation per operation shows in every
/// window. So: run the same window several times and take the least.
/// </summary>
internal static class SteadyAllocation
{
    /// <summary>Bytes allocated on this thread by <paramref name="window"/>, the least over <paramref name="windows"/> consecutive runs.</summary>
    public static long Measure(Action window, int windows = 3)
    {
        long least = long.MaxValue;
        for (int i = 0; i < windows; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            window();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }
}
