using System.Text.Json;
using Sim.Distributions;
using Sim.Validation;

namespace Sim.Core.Tests.Distributions;

public class DistributionJsonTests
{
    private static (Distribution? D, List<ValidationError> Errors) Parse(string json, DistributionUnit unit = DistributionUnit.Seconds)
    {
        using var doc = JsonDocument.Parse(json);
        var errors = new List<ValidationError>();
        var d = DistributionJson.Parse(doc.RootElement.Clone(), "$.x", unit, errors);
        return (d, errors);
    }

    private static Distribution ParseOk(string json, DistributionUnit unit = DistributionUnit.Seconds)
    {
        var (d, errors) = Parse(json, unit);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return d!;
    }

    [Theory]
    [InlineData("""{"exponential": {"mean": "5ms"}}""", "exponential(mean=5ms)")]
    [InlineData("""{"exponential": {"rate": "200/s"}}""", "exponential(mean=5ms)")]
    [InlineData("""{"deterministic": {"value": "12ms"}}""", "deterministic(12ms)")]
    [InlineData("\"12ms\"", "deterministic(12ms)")]
    [InlineData("""{"uniform": {"min": "5ms", "max": "10ms"}}""", "uniform(min=5ms, max=10ms)")]
    [InlineData("""{"erlang": {"k": 3, "mean": "9ms"}}""", "erlang(k=3, mean=9ms)")]
    [InlineData("""{"truncatedNormal": {"mean": "10ms", "stdDev": "3ms"}}""", "truncatedNormal(mean=10ms, stdDev=3ms)")]
    [InlineData("""{"boundedPareto": {"alpha": 1.2, "min": "1ms", "max": "10s"}}""", "boundedPareto(alpha=1.2, min=1ms, max=10s)")]
    public void Parse_EachFamily_Describes(string json, string description) =>
        Assert.Equal(description, ParseOk(json).Describe());

    [Fact]
    public void Parse_ParameterisedFamilies_HitTheirTargets()
    {
        var ln = (LogNormal)ParseOk("""{"lognormal": {"median": "40ms", "p95": "300ms"}}""");
        Assert.Equal(0.040, ln.Median, 1e-15);
        Assert.Equal(0.300, ln.InverseCumulativeDistribution(0.95), 1e-14);
        var ln2 = ParseOk("""{"lognormal": {"mean": "12ms", "stdDev": "8ms"}}""");
        Assert.Equal(0.012, ln2.Mean, 1e-15);
        Assert.Equal(0.008, ln2.StandardDeviation, 1e-15);
        var ln3 = ParseOk("""{"lognormal": {"mean": "12ms", "p95": "30ms"}}""");
        Assert.Equal(0.030, ln3.InverseCumulativeDistribution(0.95), 1e-14);
        var ln4 = (LogNormal)ParseOk("""{"lognormal": {"mu": -3, "sigma": 0.5}}""");
        Assert.Equal(-3, ln4.Mu);
        var g = ParseOk("""{"gamma": {"mean": "10ms", "cv": 0.5}}""");
        Assert.Equal(0.010, g.Mean, 1e-15);
        Assert.Equal(0.25, g.CoefficientOfVariationSquared, 1e-12);
        var w = (Weibull)ParseOk("""{"weibull": {"shape": 1.5, "scale": "20ms"}}""");
        Assert.Equal(1.5, w.Shape);
        var e = (Empirical)ParseOk("""{"empirical": {"samples": ["10ms", "12ms", "11ms"]}}""");
        Assert.Equal([0.010, 0.011, 0.012], e.Values);
        var m = (Mixture)ParseOk("""{"mixture": [{"weight": 0.7, "distribution": "1ms"}, {"weight": 0.3, "distribution": {"exponential": {"mean": "40ms"}}}]}""");
        Assert.Equal(0.7 * 0.001 + 0.3 * 0.040, m.Mean, 1e-15);
        var bytes = ParseOk("""{"lognormal": {"median": "150KB", "p95": "500KB"}}""", DistributionUnit.Bytes);
        Assert.Equal(150_000, bytes.InverseCumulativeDistribution(0.5), 1e-9);
        var plain = ParseOk("""{"uniform": {"min": 1, "max": 3}}""", DistributionUnit.Dimensionless);
        Assert.Equal(2, plain.Mean);
    }

    [Theory]
    [MemberData(nameof(DistributionCases.Names), MemberType = typeof(DistributionCases))]
    public void ToJson_ThenParse_RoundTrips(string name)
    {
        Distribution d = DistributionCases.All[name];
        foreach (var unit in new[] { DistributionUnit.Seconds, DistributionUnit.Bytes, DistributionUnit.Dimensionless })
        {
            string json = DistributionJson.ToJson(d, unit);
            Distribution back = ParseOk(json, unit);
            Assert.Equal(d.GetType(), back.GetType());
            Assert.Equal(json, DistributionJson.ToJson(back, unit));
            Assert.Equal(d.Mean, back.Mean, 1e-14 * d.Mean);
            Assert.Equal(d.Variance, back.Variance, 1e-13 * d.Variance);
        }
    }

    [Fact]
    public void ToJson_UsesReadableUnits()
    {
        Assert.Equal("""{"exponential":{"mean":"5ms"}}""", DistributionJson.ToJson(Exponential.FromRate(200)));
        Assert.Equal("""{"erlang":{"k":3,"mean":"9ms"}}""", DistributionJson.ToJson(Erlang.FromMean(3, 0.009)));
        Assert.Equal("""{"uniform":{"min":"5KB","max":"1.5MB"}}""", DistributionJson.ToJson(Uniform.Between(5000, 1.5e6), DistributionUnit.Bytes));
    }

    public static TheoryData<string, string, string, string> BadInputs() => new()
    {
        // json, expected path, expected value, expected fragment of "allowed"
        { """{"exponential": {"mean": 5}}""", "$.x.exponential.mean", "5", "missing unit; write e.g. \"5ms\"" },
        { """{"exponential": {"mean": "-5ms"}}""", "$.x.exponential.mean", "\"-5ms\"", "must not be negative" },
        { """{"exponential": {"mean": "0"}}""", "$.x.exponential.mean", "\"0\"", "must be > 0" },
        { """{"exponential": {"mean": "5 fortnights"}}""", "$.x.exponential.mean", "\"5 fortnights\"", "unknown unit" },
        { """{"exponential": {"mean": "NaN"}}""", "$.x.exponential.mean", "\"NaN\"", "not a number" },
        { """{"exponential": {"mean": "1e999s"}}""", "$.x.exponential.mean", "\"1e999s\"", "finite" },
        { """{"exponential": {"rate": "200"}}""", "$.x.exponential.rate", "\"200\"", "\"200/s\"" },
        { """{"exponential": {"mean": "5ms", "rate": "200/s"}}""", "$.x.exponential", """{"mean": "5ms", "rate": "200/s"}""", "{mean} or {rate}" },
        { """{"exponential": {}}""", "$.x.exponential", "{}", "{mean} or {rate}" },
        { """{"exponential": {"mean": "5ms", "meen": "5ms"}}""", "$.x.exponential.meen", "\"5ms\"", "unknown parameter \"meen\" for exponential; allowed: mean, rate" },
        { """{"exponental": {"mean": "5ms"}}""", "$.x.exponental", "\"exponental\"", "unknown distribution family; allowed: deterministic, exponential" },
        { """{"Exponential": {"mean": "5ms"}}""", "$.x.Exponential", "\"Exponential\"", "did you mean \"exponential\"" },
        { """{"exponential": {"mean": "5ms"}, "uniform": {}}""", "$.x", """{"exponential": {"mean": "5ms"}, "uniform": {}}""", "exactly one family key" },
        { """{}""", "$.x", "{}", "exactly one family key" },
        { """12""", "$.x", "12", "missing unit" },
        { """null""", "$.x", "null", "a distribution" },
        { """{"exponential": "5ms"}""", "$.x.exponential", "\"5ms\"", "an object with the parameters {mean} or {rate}" },
        { """{"uniform": {"min": "10ms", "max": "5ms"}}""", "$.x.uniform.max", "\"5ms\"", "must be ≥ min (\"10ms\")" },
        { """{"uniform": {"min": "10ms"}}""", "$.x.uniform.max", "(missing)", "required: a duration ≥ 0" },
        { """{"lognormal": {"median": "40ms", "p95": "30ms"}}""", "$.x.lognormal.p95", "\"30ms\"", "must be > median (\"40ms\")" },
        { """{"lognormal": {"mean": "10ms", "p95": "100ms"}}""", "$.x.lognormal.p95", "\"100ms\"", "no log-normal has mean" },
        { """{"lognormal": {"mean": "10ms", "p95": "100ms"}}""", "$.x.lognormal.p95", "\"100ms\"", "(values in seconds)" },
        { """{"truncatedNormal": {"mean": "-40ms", "stdDev": "1ms"}}""", "$.x.truncatedNormal.mean", "\"-40ms\"", "(values in seconds)" },
        { """{"lognormal": {"median": "40ms", "stdDev": "30ms"}}""", "$.x.lognormal", """{"median": "40ms", "stdDev": "30ms"}""", "{mu, sigma} or {mean, stdDev} or {median, p95} or {mean, p95}" },
        { """{"gamma": {"mean": "10ms", "cv": "0.5ms"}}""", "$.x.gamma.cv", "\"0.5ms\"", "expected a plain number" },
        { """{"gamma": {"mean": "10ms", "cv": -1}}""", "$.x.gamma.cv", "-1", "must be > 0" },
        { """{"erlang": {"k": 2.5, "mean": "9ms"}}""", "$.x.erlang.k", "2.5", "expected a whole number" },
        { """{"erlang": {"k": 0, "mean": "9ms"}}""", "$.x.erlang.k", "0", "must be ≥ 1" },
        { """{"erlang": {"k": 1e10, "mean": "9ms"}}""", "$.x.erlang.k", "1e10", "too large: at most 2147483647" },
        { """{"boundedPareto": {"alpha": 1.2, "min": "10s", "max": "1ms"}}""", "$.x.boundedPareto.max", "\"1ms\"", "must be > min (\"10s\")" },
        { """{"truncatedNormal": {"mean": "-40ms", "stdDev": "1ms"}}""", "$.x.truncatedNormal.mean", "\"-40ms\"", "exponential" },
        { """{"empirical": {"samples": []}}""", "$.x.empirical.samples", "[]", "non-empty array" },
        { """{"empirical": {"samples": ["1ms", "x"]}}""", "$.x.empirical.samples[1]", "\"x\"", "not a number" },
        { """{"empirical": {}}""", "$.x.empirical.samples", "(missing)", "required" },
        { """{"mixture": []}""", "$.x.mixture", "[]", "non-empty array" },
        { """{"mixture": [{"weight": 0, "distribution": "1ms"}]}""", "$.x.mixture[0].weight", "0", "must be > 0" },
        { """{"mixture": [{"distribution": "1ms"}]}""", "$.x.mixture[0].weight", "(missing)", "required" },
        { """{"mixture": [{"weight": 1, "distribution": "1ms", "label": "x"}]}""", "$.x.mixture[0].label", "\"x\"", "unknown parameter \"label\"" },
        { """{"mixture": [{"weight": 1, "distribution": {"exponential": {"mean": "-1ms"}}}]}""", "$.x.mixture[0].distribution.exponential.mean", "\"-1ms\"", "must not be negative" },
        { """{"exponential": {"mean": "5ms", "mean": "6ms"}}""", "$.x.exponential.mean", "\"6ms\"", "duplicate" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Parse_BadInput_ReportsPathValueAndAllowed(string json, string path, string value, string allowed)
    {
        var (d, errors) = Parse(json);
        Assert.Null(d);
        Assert.Contains(errors, e => e.Path == path && e.Value == value && e.Allowed.Contains(allowed, StringComparison.Ordinal));
        Assert.All(errors, e => Assert.StartsWith("$.x", e.Path));
    }

    [Fact]
    public void Parse_ManyProblems_AreAllReportedInOnePass()
    {
        var (d, errors) = Parse("""
            {"mixture": [
              {"weight": -1, "distribution": {"lognormal": {"median": 40, "p95": "3 parsecs", "shape": 2}}},
              {"weight": 1, "distribution": {"gama": {"mean": "10ms"}}},
              {"weight": 1, "distribution": {"empirical": {"samples": ["1ms", "-2ms", 3]}}}
            ]}
            """);
        Assert.Null(d);
        string[] paths = [.. errors.Select(e => e.Path)];
        Assert.Equal(
            [
                "$.x.mixture[0].weight",
                "$.x.mixture[0].distribution.lognormal.median",
                "$.x.mixture[0].distribution.lognormal.p95",
                "$.x.mixture[0].distribution.lognormal.shape",
                "$.x.mixture[1].distribution.gama",
                "$.x.mixture[2].distribution.empirical.samples[1]",
                "$.x.mixture[2].distribution.empirical.samples[2]",
            ],
            paths);
    }

    [Fact]
    public void Parse_KeepsExistingErrors_AndReturnsDistributionWhenItAddsNone()
    {
        var errors = new List<ValidationError> { new("$.other", "1", "something") };
        using var doc = JsonDocument.Parse("\"5ms\"");
        var d = DistributionJson.Parse(doc.RootElement, "$.x", DistributionUnit.Seconds, errors);
        Assert.NotNull(d);
        Assert.Single(errors);
    }

    [Fact]
    public void ValidationError_ToString_ShowsPathValueAllowed() =>
        Assert.Equal("$.a.b: \"-5ms\" — must not be negative", new ValidationError("$.a.b", "\"-5ms\"", "must not be negative").ToString());
}
