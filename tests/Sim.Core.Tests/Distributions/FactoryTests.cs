using Sim.Distributions;
using Sim.Randomness;

namespace Sim.Core.Tests.Distributions;

public class FactoryTests
{
    public static TheoryData<string, string> BadArguments() => new()
    {
        { "Deterministic.Of(-1)", "value" }, { "Deterministic.Of(NaN)", "value" }, { "Deterministic.Of(+Inf)", "value" },
        { "Exponential.FromMean(0)", "mean" }, { "Exponential.FromMean(-1)", "mean" }, { "Exponential.FromMean(NaN)", "mean" },
        { "Exponential.FromMean(+Inf)", "mean" }, { "Exponential.FromRate(0)", "rate" }, { "Exponential.FromRate(NaN)", "rate" },
        { "Exponential.FromRate(1e-320)", "rate" },
        { "Uniform.Between(-1, 1)", "min" }, { "Uniform.Between(NaN, 1)", "min" }, { "Uniform.Between(0, +Inf)", "max" },
        { "Uniform.Between(2, 1)", "max" },
        { "TruncatedNormal(NaN, 1)", "mean" }, { "TruncatedNormal(1, 0)", "stdDev" }, { "TruncatedNormal(1, -1)", "stdDev" },
        { "TruncatedNormal(-31, 1)", "mean" }, { "TruncatedNormal(1, NaN)", "stdDev" },
        { "LogNormal.FromMuSigma(NaN, 1)", "mu" }, { "LogNormal.FromMuSigma(0, 0)", "sigma" }, { "LogNormal.FromMuSigma(0, 40)", "sigma" },
        { "LogNormal.FromMeanAndStdDev(0, 1)", "mean" }, { "LogNormal.FromMeanAndStdDev(1, -1)", "stdDev" },
        { "LogNormal.FromMeanAndStdDev(1, 1e-170)", "stdDev" },
        { "LogNormal.FromMedianAndP95(-1, 2)", "median" }, { "LogNormal.FromMedianAndP95(2, 1)", "p95" },
        { "LogNormal.FromMedianAndP95(2, NaN)", "p95" },
        { "LogNormal.FromMeanAndP95(1, 0.9)", "p95" }, { "LogNormal.FromMeanAndP95(1, 5)", "p95" }, { "LogNormal.FromMeanAndP95(NaN, 5)", "mean" },
        { "Gamma.FromShapeAndScale(0, 1)", "shape" }, { "Gamma.FromShapeAndScale(1, NaN)", "scale" },
        { "Gamma.FromMeanAndCv(1, 0)", "cv" }, { "Gamma.FromMeanAndCv(-1, 1)", "mean" }, { "Gamma.FromMeanAndCv(1, +Inf)", "cv" },
        { "Erlang.FromMean(0, 1)", "k" }, { "Erlang.FromMean(2, 0)", "mean" }, { "Erlang.FromMean(2, NaN)", "mean" },
        { "Weibull.FromShapeAndScale(0, 1)", "shape" }, { "Weibull.FromShapeAndScale(1, -1)", "scale" },
        { "Weibull.FromShapeAndScale(0.001, 1)", "shape" },
        { "BoundedPareto.From(0, 1, 2)", "alpha" }, { "BoundedPareto.From(1, 0, 2)", "lower" }, { "BoundedPareto.From(1, 2, 2)", "upper" },
        { "BoundedPareto.From(NaN, 1, 2)", "alpha" }, { "BoundedPareto.From(1, 1, +Inf)", "upper" },
        { "Empirical.FromSamples([])", "samples" }, { "Empirical.FromSamples([1, -1])", "samples" }, { "Empirical.FromSamples([NaN])", "samples" },
        { "Mixture.Of()", "parts" }, { "Mixture.Of((0, x))", "parts" }, { "Mixture.Of((NaN, x))", "parts" }, { "Mixture.Of((1, null))", "parts" },
    };

    private static readonly Dictionary<string, Action> Calls = new()
    {
        ["Deterministic.Of(-1)"] = () => Deterministic.Of(-1),
        ["Deterministic.Of(NaN)"] = () => Deterministic.Of(double.NaN),
        ["Deterministic.Of(+Inf)"] = () => Deterministic.Of(double.PositiveInfinity),
        ["Exponential.FromMean(0)"] = () => Exponential.FromMean(0),
        ["Exponential.FromMean(-1)"] = () => Exponential.FromMean(-1),
        ["Exponential.FromMean(NaN)"] = () => Exponential.FromMean(double.NaN),
        ["Exponential.FromMean(+Inf)"] = () => Exponential.FromMean(double.PositiveInfinity),
        ["Exponential.FromRate(0)"] = () => Exponential.FromRate(0),
        ["Exponential.FromRate(NaN)"] = () => Exponential.FromRate(double.NaN),
        ["Exponential.FromRate(1e-320)"] = () => Exponential.FromRate(1e-320),
        ["Uniform.Between(-1, 1)"] = () => Uniform.Between(-1, 1),
        ["Uniform.Between(NaN, 1)"] = () => Uniform.Between(double.NaN, 1),
        ["Uniform.Between(0, +Inf)"] = () => Uniform.Between(0, double.PositiveInfinity),
        ["Uniform.Between(2, 1)"] = () => Uniform.Between(2, 1),
        ["TruncatedNormal(NaN, 1)"] = () => TruncatedNormal.FromMeanAndStdDev(double.NaN, 1),
        ["TruncatedNormal(1, 0)"] = () => TruncatedNormal.FromMeanAndStdDev(1, 0),
        ["TruncatedNormal(1, -1)"] = () => TruncatedNormal.FromMeanAndStdDev(1, -1),
        ["TruncatedNormal(-31, 1)"] = () => TruncatedNormal.FromMeanAndStdDev(-31, 1),
        ["TruncatedNormal(1, NaN)"] = () => TruncatedNormal.FromMeanAndStdDev(1, double.NaN),
        ["LogNormal.FromMuSigma(NaN, 1)"] = () => LogNormal.FromMuSigma(double.NaN, 1),
        ["LogNormal.FromMuSigma(0, 0)"] = () => LogNormal.FromMuSigma(0, 0),
        ["LogNormal.FromMuSigma(0, 40)"] = () => LogNormal.FromMuSigma(0, 40),
        ["LogNormal.FromMeanAndStdDev(0, 1)"] = () => LogNormal.FromMeanAndStdDev(0, 1),
        ["LogNormal.FromMeanAndStdDev(1, -1)"] = () => LogNormal.FromMeanAndStdDev(1, -1),
        ["LogNormal.FromMeanAndStdDev(1, 1e-170)"] = () => LogNormal.FromMeanAndStdDev(1, 1e-170),
        ["LogNormal.FromMedianAndP95(-1, 2)"] = () => LogNormal.FromMedianAndP95(-1, 2),
        ["LogNormal.FromMedianAndP95(2, 1)"] = () => LogNormal.FromMedianAndP95(2, 1),
        ["LogNormal.FromMedianAndP95(2, NaN)"] = () => LogNormal.FromMedianAndP95(2, double.NaN),
        ["LogNormal.FromMeanAndP95(1, 0.9)"] = () => LogNormal.FromMeanAndP95(1, 0.9),
        ["LogNormal.FromMeanAndP95(1, 5)"] = () => LogNormal.FromMeanAndP95(1, 5),
        ["LogNormal.FromMeanAndP95(NaN, 5)"] = () => LogNormal.FromMeanAndP95(double.NaN, 5),
        ["Gamma.FromShapeAndScale(0, 1)"] = () => Gamma.FromShapeAndScale(0, 1),
        ["Gamma.FromShapeAndScale(1, NaN)"] = () => Gamma.FromShapeAndScale(1, double.NaN),
        ["Gamma.FromMeanAndCv(1, 0)"] = () => Gamma.FromMeanAndCv(1, 0),
        ["Gamma.FromMeanAndCv(-1, 1)"] = () => Gamma.FromMeanAndCv(-1, 1),
        ["Gamma.FromMeanAndCv(1, +Inf)"] = () => Gamma.FromMeanAndCv(1, double.PositiveInfinity),
        ["Erlang.FromMean(0, 1)"] = () => Erlang.FromMean(0, 1),
        ["Erlang.FromMean(2, 0)"] = () => Erlang.FromMean(2, 0),
        ["Erlang.FromMean(2, NaN)"] = () => Erlang.FromMean(2, double.NaN),
        ["Weibull.FromShapeAndScale(0, 1)"] = () => Weibull.FromShapeAndScale(0, 1),
        ["Weibull.FromShapeAndScale(1, -1)"] = () => Weibull.FromShapeAndScale(1, -1),
        ["Weibull.FromShapeAndScale(0.001, 1)"] = () => Weibull.FromShapeAndScale(0.001, 1),
        ["BoundedPareto.From(0, 1, 2)"] = () => BoundedPareto.From(0, 1, 2),
        ["BoundedPareto.From(1, 0, 2)"] = () => BoundedPareto.From(1, 0, 2),
        ["BoundedPareto.From(1, 2, 2)"] = () => BoundedPareto.From(1, 2, 2),
        ["BoundedPareto.From(NaN, 1, 2)"] = () => BoundedPareto.From(double.NaN, 1, 2),
        ["BoundedPareto.From(1, 1, +Inf)"] = () => BoundedPareto.From(1, 1, double.PositiveInfinity),
        ["Empirical.FromSamples([])"] = () => Empirical.FromSamples([]),
        ["Empirical.FromSamples([1, -1])"] = () => Empirical.FromSamples([1, -1]),
        ["Empirical.FromSamples([NaN])"] = () => Empirical.FromSamples([double.NaN]),
        ["Mixture.Of()"] = () => Mixture.Of(),
        ["Mixture.Of((0, x))"] = () => Mixture.Of((0, Deterministic.Of(1))),
        ["Mixture.Of((NaN, x))"] = () => Mixture.Of((double.NaN, Deterministic.Of(1))),
        ["Mixture.Of((1, null))"] = () => Mixture.Of((1, null!)),
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void Factory_BadArgument_ThrowsNamingTheParameter(string call, string parameter)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(Calls[call]);
        Assert.Equal(parameter, ex.ParamName);
    }

    [Fact]
    public void EveryBadArgumentCase_IsListed()
    {
        Assert.Equal(Calls.Count, BadArguments().Count);
    }

    [Fact]
    public void TruncatedNormal_TooFarBelowZero_MessageSuggestsExponential()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => TruncatedNormal.FromMeanAndStdDev(-31, 1));
        Assert.Contains("exponential", ex.Message);
        // μ/σ = −30 is still accepted and sampled by inversion: the mean is ≈ σ²/|μ| (exponential-like tail).
        var d = TruncatedNormal.FromMeanAndStdDev(-30, 1);
        Assert.Equal(1.0 / 30, d.Mean, 0.01 / 30);
        var random = new RandomStream(3);
        for (int i = 0; i < 1000; i++) Assert.InRange(d.Sample(random), 0, 2);
    }

    [Fact]
    public void LogNormal_Factories_ReproduceTheirTargets()
    {
        var a = LogNormal.FromMeanAndStdDev(0.012, 0.008);
        Assert.Equal(0.012, a.Mean, 1e-15);
        Assert.Equal(0.008, a.StandardDeviation, 1e-15);

        var b = LogNormal.FromMedianAndP95(0.040, 0.300);
        Assert.Equal(0.040, b.InverseCumulativeDistribution(0.5), 1e-15);
        Assert.Equal(0.300, b.InverseCumulativeDistribution(0.95), 1e-14);

        var c = LogNormal.FromMeanAndP95(0.012, 0.030);
        Assert.Equal(0.012, c.Mean, 1e-15);
        Assert.Equal(0.030, c.InverseCumulativeDistribution(0.95), 1e-14);
        Assert.True(c.Sigma < 1.6448536269514722, "takes the smaller root");

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => LogNormal.FromMeanAndP95(1, 4));
        Assert.Contains("No log-normal", ex.Message);
    }

    [Fact]
    public void Gamma_And_Erlang_Factories_ReproduceTheirTargets()
    {
        var g = Gamma.FromMeanAndCv(0.010, 0.5);
        Assert.Equal(0.010, g.Mean, 1e-15);
        Assert.Equal(0.25, g.CoefficientOfVariationSquared, 1e-12);
        Assert.Equal(4, g.Shape, 1e-12);

        var e = Erlang.FromMean(3, 0.009);
        Assert.Equal(0.009, e.Mean);
        Assert.Equal(0.009 * 0.009 / 3, e.Variance, 1e-18);
        // Erlang-k is Gamma(k, mean/k): same CDF.
        var asGamma = Gamma.FromShapeAndScale(3, 0.003);
        foreach (double x in new[] { 0.001, 0.005, 0.02 })
        {
            Assert.Equal(asGamma.CumulativeDistribution(x), e.CumulativeDistribution(x), 1e-14);
        }
    }

    [Fact]
    public void Exponential_RateAndMean_AreReciprocal()
    {
        Assert.Equal(0.005, Exponential.FromRate(200).Mean, 1e-18);
        Assert.Equal(200, Exponential.FromMean(0.005).Rate, 1e-10);
    }

    [Fact]
    public void Describe_UsesUnits()
    {
        Assert.Equal("exponential(mean=5ms)", Exponential.FromMean(0.005).Describe());
        Assert.Equal("exponential(mean=150KB)", Exponential.FromMean(150_000).Describe(DistributionUnit.Bytes));
        Assert.Equal("uniform(min=5ms, max=10ms)", Uniform.Between(0.005, 0.010).ToString());
        Assert.Equal("erlang(k=3, mean=9ms)", Erlang.FromMean(3, 0.009).Describe());
        Assert.StartsWith("mixture(0.7×deterministic(1ms), 0.3×", Mixture.Of((7, Deterministic.Of(0.001)), (3, Exponential.FromMean(1))).Describe());
    }
}
