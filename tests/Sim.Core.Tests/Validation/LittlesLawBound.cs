using Sim.Analytic;

namespace Sim.Core.Tests.Validation;

/// <summary>
/// How far a finite observation window may move Little's law L = λW from an identity: only through
/// its end effects. Customers present when the window opens add area to L but no response time to W
/// (and a departure to λ); customers present when it closes add area but are not yet in W.
/// </summary>
internal static class LittlesLawBound
{
    /// <summary>
    /// The relative error |L − λW|/L allowed when at most <paramref name="edgeCustomers"/> customers are
    /// present at either end of a window of <paramref name="windowSeconds"/>. With n present at a FIFO
    /// c-server station of mean service S, the k-th of them leaves about (k/c + 1)·S later, so one edge
    /// holds about S·(n(n + 1)/(2c) + n) customer-seconds; at the closing edge the same bound applies to
    /// the elapsed times, because the birth–death models validated here are time-reversible. Two edges
    /// against an area of L·T, plus n extra departures against λT.
    /// </summary>
    public static double Relative(int edgeCustomers, int servers, double meanServiceSeconds, double meanNumber,
        double throughput, double windowSeconds)
    {
        double n = edgeCustomers;
        double edgeArea = meanServiceSeconds * (n * (n + 1) / (2.0 * servers) + n);
        return 2 * edgeArea / (meanNumber * windowSeconds) + n / (throughput * windowSeconds);
    }

    /// <summary>
    /// The smallest n such that, over <paramref name="edges"/> independent stationary looks at an M/M/c
    /// queue, the chance that any of them sees n or more customers is at most
    /// <paramref name="probability"/>: edges·P(N ≥ n) ≤ p with P(N ≥ n) = C·ρ^{n−c} for n ≥ c (Erlang C).
    /// </summary>
    public static int MmcEdgeCustomers(MMcResult theory, int edges, double probability)
    {
        int n = theory.Servers;
        while (edges * theory.WaitProbability * Math.Pow(theory.Utilization, n - theory.Servers) > probability) n++;
        return n;
    }
}
