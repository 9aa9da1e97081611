using FsCheck;
using FsCheck.Xunit;
using Sim.Analytic;
using Sim.Randomness;

namespace Sim.Core.Tests.Analytic;

public class MvaTests
{
    private static void Near(double expected, double actual, double relative = 1e-12) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Max(1.0, Math.Abs(expected)), $"expected {expected}, got {actual}");

    [Fact]
    public void HandWorked_TwoStations_NoThink()
    {
        // Exact MVA by hand (Lazowska et al., QSP 1984, ch. 6 recursion), D₁ = 1 s, D₂ = 0.5 s, Z = 0:
        // n=1: R₁ = 1, R₂ = 1/2, X = 2/3, Q₁ = 2/3, Q₂ = 1/3
        // n=2: R₁ = 5/3, R₂ = 2/3, X = 6/7, Q₁ = 10/7, Q₂ = 4/7
        // n=3: R₁ = 17/7, R₂ = 11/14, X = 14/15, Q₁ = 34/15, Q₂ = 11/15
        var r = Mva.Compute(3, 0.0, [new MvaStation(1.0), new MvaStation(0.5)]);
        Near(2.0 / 3.0, r.Throughput(1));
        Near(1.5, r.ResponseTime(1));
        Near(6.0 / 7.0, r.Throughput(2));
        Near(5.0 / 3.0, r.ResidenceTime(2, 0));
        Near(2.0 / 3.0, r.ResidenceTime(2, 1));
        Near(14.0 / 15.0, r.Throughput(3));
        Near(45.0 / 14.0, r.ResponseTime(3));
        Near(17.0 / 7.0, r.ResidenceTime(3, 0));
        Near(11.0 / 14.0, r.ResidenceTime(3, 1));
        Near(34.0 / 15.0, r.QueueLength(3, 0));
        Near(11.0 / 15.0, r.QueueLength(3, 1));
        Near(14.0 / 15.0, r.Utilization(3, 0));
        Near(7.0 / 15.0, r.Utilization(3, 1));
    }

    [Fact]
    public void HandWorked_MachineRepairman_TwoCustomers()
    {
        // N = 2, Z = 1 s, S = 1 s, c = 1. Birth–death: p ∝ (1, 2, 2) → (0.2, 0.4, 0.4); X = 0.8/s,
        // Q = 0.4 + 0.8 = 1.2, R = Q/X = 1.5 s. MVA: n=1: R = 1, X = 1/2, Q = 1/2; n=2: R = 1.5, X = 0.8.
        var mr = MachineRepairman.Compute(2, 1.0, 1.0, 1);
        Near(0.2, mr.StateProbabilities[0]);
        Near(0.4, mr.StateProbabilities[2]);
        Near(0.8, mr.Throughput);
        Near(1.2, mr.QueueLength);
        Near(1.5, mr.ResponseTime);
        Near(0.8, mr.Utilization);
        var mva = Mva.Compute(2, 1.0, [new MvaStation(1.0)]);
        Near(0.8, mva.Throughput(2));
        Near(1.5, mva.ResponseTime(2));
    }

    [Property(MaxTest = 100)]
    public void OneCustomer_ResponseTimeIsTotalDemand(int seed, PositiveInt stations)
    {
        var rs = new StreamFactory((ulong)seed).Create("mva", 0);
        int k = stations.Get % 6 + 1;
        var st = new MvaStation[k];
        double total = 0;
        for (int i = 0; i < k; i++)
        {
            st[i] = new MvaStation(0.001 + rs.NextDouble(), 1 + rs.NextInt(4));
            total += st[i].ServiceDemand;
        }
        double z = rs.NextDouble() * 5;
        var r = Mva.Compute(1, z, st);
        Near(total, r.ResponseTime(1));
        Near(1.0 / (total + z), r.Throughput(1));
    }

    /// <summary>
    /// One c-server station plus think time is the machine-repairman model; load-dependent MVA and the
    /// birth–death solution are two exact algorithms, so they must agree to rounding. Both accumulate
    /// O(N·ε) relative error; 1e-10 allows N up to 3,000 with margin. The textbook p(0) = 1 − Σ closure
    /// fails this test by more than 20 % at N = 170 for c = 8 (see Mva remarks).
    /// </summary>
    [Theory]
    [InlineData(60, 10.0, 1.0, 1)]
    [InlineData(60, 10.0, 1.0, 4)]
    [InlineData(40, 0.0, 0.5, 3)]
    [InlineData(200, 2.0, 0.1, 8)]    // saturates around N* = (2 + 0.1)/(0.1/8) = 168
    [InlineData(3000, 1.0, 0.05, 16)] // deep saturation: where the textbook recursion breaks down
    public void MultiServer_EqualsMachineRepairman(int n, double z, double s, int c)
    {
        var mva = Mva.Compute(n, z, [new MvaStation(s, c)]);
        for (int m = 1; m <= n; m += m < 300 ? 1 : 37)
        {
            var mr = MachineRepairman.Compute(m, z, s, c);
            Near(mr.Throughput, mva.Throughput(m), 1e-10);
            Near(mr.ResponseTime, mva.ResponseTime(m), 1e-10);
            Near(mr.QueueLength, mva.QueueLength(m, 0), 1e-10);
            Near(mr.Utilization, mva.Utilization(m, 0), 1e-10);
        }
    }

    /// <summary>
    /// Independent reference: Buzen's convolution algorithm with load-dependent stations, F_k(j) =
    /// D_k^j / Π_{i≤j} min(i, c_k), delay F_Z(j) = Z^j/j!; X(n) = G(n − 1)/G(n) and
    /// Q_k(n) = Σ_j j·F_k(j)·G_{−k}(n − j)/G(n). Only positive sums, so exact to rounding for small N.
    /// </summary>
    private static (double[] x, double[][] q) Convolution(int n, double z, MvaStation[] st)
    {
        double[] F(int c, double d, int max)
        {
            var f = new double[max + 1];
            f[0] = 1;
            for (int j = 1; j <= max; j++) f[j] = f[j - 1] * d / Math.Min(j, c);
            return f;
        }
        double[] Conv(double[] a, double[] b)
        {
            var g = new double[a.Length];
            for (int m = 0; m < a.Length; m++)
                for (int j = 0; j <= m; j++) g[m] += a[j] * b[m - j];
            return g;
        }
        var delay = F(int.MaxValue, z, n);
        if (z == 0) { delay = new double[n + 1]; delay[0] = 1; }
        double[] Without(int skip)
        {
            var g = delay;
            for (int i = 0; i < st.Length; i++) if (i != skip) g = Conv(g, F(st[i].Servers, st[i].ServiceDemand, n));
            return g;
        }
        var all = Without(-1);
        var x = new double[n + 1];
        for (int m = 1; m <= n; m++) x[m] = all[m - 1] / all[m];
        var q = new double[st.Length][];
        for (int i = 0; i < st.Length; i++)
        {
            var rest = Without(i);
            var f = F(st[i].Servers, st[i].ServiceDemand, n);
            q[i] = new double[n + 1];
            for (int m = 1; m <= n; m++)
            {
                double s = 0;
                for (int j = 1; j <= m; j++) s += j * f[j] * rest[m - j];
                q[i][m] = s / all[m];
            }
        }
        return (x, q);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(4.0)]
    public void SeveralMultiServerStations_MatchConvolution(double z)
    {
        // A web tier of 4 workers, a DB with 2 cores, a single-server disk and a 3-server cache.
        MvaStation[] st = [new(0.2, 4), new(0.12, 2), new(0.05, 1), new(0.03, 3)];
        const int n = 40;
        var mva = Mva.Compute(n, z, st);
        var (x, q) = Convolution(n, z, st);
        for (int m = 1; m <= n; m++)
        {
            Near(x[m], mva.Throughput(m), 1e-11);
            for (int i = 0; i < st.Length; i++) Near(q[i][m], mva.QueueLength(m, i), 1e-11);
        }
    }

    [Property(MaxTest = 100)]
    public void Throughput_LiesWithinAsymptoticBounds(int seed, PositiveInt customers)
    {
        var rs = new StreamFactory((ulong)seed).Create("bounds", 0);
        int k = 1 + rs.NextInt(4);
        var st = new MvaStation[k];
        for (int i = 0; i < k; i++) st[i] = new MvaStation(0.001 + rs.NextDouble(), 1 + rs.NextInt(3));
        double z = rs.NextDouble() * 10;
        int n = customers.Get % 200 + 1;
        var r = Mva.Compute(n, z, st);
        for (int m = 1; m <= n; m++)
        {
            var b = Bounds.Closed(m, z, st);
            double x = r.Throughput(m), rt = r.ResponseTime(m);
            Assert.InRange(x, b.ThroughputLower * (1 - 1e-12), b.ThroughputUpper * (1 + 1e-12));
            Assert.InRange(rt, b.ResponseTimeLower * (1 - 1e-12), b.ResponseTimeUpper * (1 + 1e-12));
            for (int i = 0; i < k; i++) Assert.InRange(r.Utilization(m, i), 0.0, 1.0 + 1e-12);
            Near(m, x * (rt + z), 1e-12); // N = X·(R + Z)
        }
    }

    [Fact]
    public void Bounds_HandWorked()
    {
        // D = 1 + 0.5 = 1.5 s, Dmax = 1 s, Z = 3 s, N = 10: X ≤ min(10/4.5, 1) = 1, X ≥ 10/18,
        // R ≥ max(1.5, 10 − 3) = 7, R ≤ 15, N* = 4.5.
        var b = Bounds.Closed(10, 3.0, [1.0, 0.5]);
        Near(1.0, b.ThroughputUpper);
        Near(10.0 / 18.0, b.ThroughputLower);
        Near(7.0, b.ResponseTimeLower);
        Near(15.0, b.ResponseTimeUpper);
        Near(4.5, b.SaturationPopulation);
    }

    [Fact]
    public void Guards_NameTheParameter()
    {
        MvaStation[] ok = [new(1.0)];
        Assert.Equal("customers", Assert.Throws<ArgumentOutOfRangeException>(() => Mva.Compute(0, 1, ok)).ParamName);
        Assert.Equal("thinkTime", Assert.Throws<ArgumentOutOfRangeException>(() => Mva.Compute(1, double.NaN, ok)).ParamName);
        Assert.Equal("thinkTime", Assert.Throws<ArgumentOutOfRangeException>(() => Mva.Compute(1, -1, ok)).ParamName);
        Assert.Equal("stations", Assert.Throws<ArgumentException>(() => Mva.Compute(1, 1, ReadOnlySpan<MvaStation>.Empty)).ParamName);
        Assert.Equal("stations", Assert.Throws<ArgumentOutOfRangeException>(() => Mva.Compute(1, 1, [new MvaStation(0.0)])).ParamName);
        Assert.Equal("stations", Assert.Throws<ArgumentOutOfRangeException>(() => Mva.Compute(1, 1, [new MvaStation(1.0, 0)])).ParamName);
        Assert.Equal("demands", Assert.Throws<ArgumentOutOfRangeException>(() => Bounds.Closed(1, 1, [double.NaN])).ParamName);
        Assert.Equal("demands", Assert.Throws<ArgumentException>(() => Bounds.Closed(1, 1, ReadOnlySpan<double>.Empty)).ParamName);
        var r = Mva.Compute(2, 1, ok);
        Assert.Equal("customers", Assert.Throws<ArgumentOutOfRangeException>(() => r.Throughput(3)).ParamName);
        Assert.Equal("station", Assert.Throws<ArgumentOutOfRangeException>(() => r.QueueLength(1, 1)).ParamName);
        Assert.Equal("customers", Assert.Throws<ArgumentOutOfRangeException>(() => MachineRepairman.Compute(0, 1, 1, 1)).ParamName);
        Assert.Equal("serviceTime", Assert.Throws<ArgumentOutOfRangeException>(() => MachineRepairman.Compute(1, 1, 0, 1)).ParamName);
        Assert.Equal("servers", Assert.Throws<ArgumentOutOfRangeException>(() => MachineRepairman.Compute(1, 1, 1, 0)).ParamName);
    }
}
