using FsCheck;
using FsCheck.Xunit;
using Sim.Distributions;
using Sim.Randomness;

namespace Sim.Core.Tests.Distributions;

public class SamplingTests
{
    [Theory]
    [MemberData(nameof(DistributionCases.Names), MemberType = typeof(DistributionCases))]
    public void Sample_SameSeed_GivesSameSequence(string name)
    {
        Distribution d = DistributionCases.All[name];
        var a = new RandomStream(42);
        var b = new RandomStream(42);
        var c = new RandomStream(43);
        bool anyDifferent = false;
        for (int i = 0; i < 1000; i++)
        {
            double x = d.Sample(a);
            Assert.Equal(x, d.Sample(b));
            anyDifferent |= x != d.Sample(c);
        }
        Assert.True(anyDifferent || d.Variance == 0, "a different seed must give a different sequence");
    }

    [Theory]
    [MemberData(nameof(DistributionCases.Names), MemberType = typeof(DistributionCases))]
    public void Sample_DoesNotAllocate(string name)
    {
        Distribution d = DistributionCases.All[name];
        var random = new RandomStream(9);
        double sink = 0;
        for (int i = 0; i < 1000; i++) sink += d.Sample(random);    // warm up (JIT, tiering)
        long allocated = SteadyAllocation.Measure(() =>
        {
            for (int i = 0; i < 10_000; i++) sink += d.Sample(random);
        });
        Assert.Equal(0, allocated);
        Assert.True(sink >= 0);
    }

    [Property(MaxTest = 200)]
    public void Gamma_AnyShape_SamplesAreFiniteAndNonNegative(PositiveInt shapeTenths, ulong seed)
    {
        double shape = Math.Min(shapeTenths.Get, 10_000) / 10.0;
        var d = Gamma.FromShapeAndScale(shape, 1);
        var random = new RandomStream(seed);
        for (int i = 0; i < 50; i++)
        {
            double x = d.Sample(random);
            Assert.True(x >= 0 && double.IsFinite(x));
        }
    }

    [Property(MaxTest = 200)]
    public void BoundedPareto_SamplesStayInsideBounds(PositiveInt alphaTenths, PositiveInt ratio, ulong seed)
    {
        double alpha = Math.Min(alphaTenths.Get, 100) / 10.0;
        double upper = 1 + Math.Min(ratio.Get, 1_000_000);
        var d = BoundedPareto.From(alpha, 1, upper);
        var random = new RandomStream(seed);
        for (int i = 0; i < 50; i++) Assert.InRange(d.Sample(random), 1, upper);
        Assert.InRange(d.Mean, 1, upper);
    }
}
