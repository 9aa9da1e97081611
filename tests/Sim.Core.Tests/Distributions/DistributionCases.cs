using Sim.Distributions;

namespace Sim.Core.Tests.Distributions;

/// <summary>Named distributions shared by the statistical tests (names, not objects, so xunit lists each case).</summary>
public static class DistributionCases
{
    public static readonly IReadOnlyDictionary<string, Distribution> All = new Dictionary<string, Distribution>
    {
        ["deterministic 12ms"] = Deterministic.Of(0.012),
        ["exponential mean 5ms"] = Exponential.FromMean(0.005),
        ["exponential rate 200/s"] = Exponential.FromRate(200),
        ["uniform 5..10ms"] = Uniform.Between(0.005, 0.010),
        ["truncnormal 10ms/3ms (rejection)"] = TruncatedNormal.FromMeanAndStdDev(0.010, 0.003),
        ["truncnormal 0/3ms (half-normal)"] = TruncatedNormal.FromMeanAndStdDev(0, 0.003),
        ["truncnormal -10ms/3ms (inversion)"] = TruncatedNormal.FromMeanAndStdDev(-0.010, 0.003),
        ["lognormal mean 12ms sd 8ms"] = LogNormal.FromMeanAndStdDev(0.012, 0.008),
        ["lognormal median 40ms p95 100ms"] = LogNormal.FromMedianAndP95(0.040, 0.100),
        ["gamma shape 0.5 (boost)"] = Gamma.FromShapeAndScale(0.5, 0.004),
        ["gamma mean 10ms cv 0.5"] = Gamma.FromMeanAndCv(0.010, 0.5),
        ["erlang 3 mean 9ms"] = Erlang.FromMean(3, 0.009),
        ["weibull 1.5 / 20ms"] = Weibull.FromShapeAndScale(1.5, 0.020),
        ["weibull 0.7 / 20ms"] = Weibull.FromShapeAndScale(0.7, 0.020),
        ["boundedPareto 1.2 1ms..1s"] = BoundedPareto.From(1.2, 0.001, 1),
        ["boundedPareto alpha 1"] = BoundedPareto.From(1, 1, 100),
        ["boundedPareto alpha 2"] = BoundedPareto.From(2, 1, 100),
        ["empirical 5 values"] = Empirical.FromSamples([0.001, 0.002, 0.002, 0.005, 0.010]),
        ["mixture hit/miss"] = Mixture.Of((0.35, Deterministic.Of(0.001)), (0.65, LogNormal.FromMedianAndP95(0.040, 0.100))),
        ["mixture of continuous"] = Mixture.Of((2, Exponential.FromMean(0.002)), (1, Gamma.FromMeanAndCv(0.030, 0.3))),
    };

    public static TheoryData<string> Names() => new(All.Keys);

    /// <summary>Families with a continuous CDF, for the Kolmogorov–Smirnov test.</summary>
    public static TheoryData<string> ContinuousNames() =>
        new(All.Keys.Where(k => !k.StartsWith("deterministic") && !k.StartsWith("empirical") && k != "mixture hit/miss"));

    public static TheoryData<string> WithCdfNames() => new(All.Keys.Where(k => All[k].HasClosedFormCdf));
}
