using FsCheck;
using FsCheck.Xunit;
using Sim.Randomness;

namespace Sim.Core.Tests.Randomness;

public class StreamFactoryTests
{
    [Fact]
    public void SameSeedNameAndReplication_GiveTheSameStream()
    {
        var a = new StreamFactory(42).Create("load/arrivals", 3);
        var b = new StreamFactory(42).Create("load/arrivals", 3);
        for (int i = 0; i < 100; i++) Assert.Equal(a.NextUInt64(), b.NextUInt64());
    }

    [Property(MaxTest = 300)]
    public bool DifferentNamesSeedsOrReplications_GiveDifferentStreams(ulong seed, NonEmptyString name, byte replication)
    {
        string n = name.Get;
        ulong baseSeed = StreamFactory.DeriveSeed(seed, n, replication);
        return baseSeed != StreamFactory.DeriveSeed(seed, n + "x", replication)
            && baseSeed != StreamFactory.DeriveSeed(seed, n, replication + 1)
            && baseSeed != StreamFactory.DeriveSeed(seed + 1, n, replication);
    }

    [Fact]
    public void NamedStreams_AreUncorrelated()
    {
        // Pearson correlation of 200,000 paired uniforms from two named streams, and from adjacent
        // replications: under independence r·√n is ≈ N(0, 1), so |r| < 4.5/√n fails by chance with
        // probability < 1e-5 per pair.
        const int n = 200_000;
        var f = new StreamFactory(7);
        var pairs = new[]
        {
            (f.Create("web/workers"), f.Create("db/queries")),
            (f.Create("load/arrivals", 0), f.Create("load/arrivals", 1)),
            (f.Create("a"), f.Create("b")),
        };
        foreach (var (x, y) in pairs)
        {
            double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
            for (int i = 0; i < n; i++)
            {
                double u = x.NextDouble(), v = y.NextDouble();
                sx += u; sy += v; sxx += u * u; syy += v * v; sxy += u * v;
            }
            double cov = sxy / n - sx / n * (sy / n);
            double r = cov / Math.Sqrt((sxx / n - sx / n * (sx / n)) * (syy / n - sy / n * (sy / n)));
            Assert.True(Math.Abs(r) < 4.5 / Math.Sqrt(n), $"r = {r}");
        }
    }

    [Fact]
    public void Fnv1a64_MatchesPublishedVectors()
    {
        // FNV-1a 64-bit test vectors (Fowler/Noll/Vo reference): "" and "a".
        Assert.Equal(0xCBF29CE484222325UL, StreamFactory.Fnv1a64(""));
        Assert.Equal(0xAF63DC4C8601EC8CUL, StreamFactory.Fnv1a64("a"));
        // Long names go through the heap buffer and still hash the same bytes.
        string longName = new string('x', 1000);
        Assert.Equal(StreamFactory.Fnv1a64(longName), StreamFactory.Fnv1a64(new string('x', 1000)));
    }

    [Fact]
    public void DeriveSeed_RejectsBadArguments()
    {
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => StreamFactory.DeriveSeed(1, "", 0)).ParamName);
        Assert.Equal("name", Assert.Throws<ArgumentNullException>(() => StreamFactory.DeriveSeed(1, null!, 0)).ParamName);
        Assert.Equal("replication", Assert.Throws<ArgumentOutOfRangeException>(() => StreamFactory.DeriveSeed(1, "a", -1)).ParamName);
    }
}
