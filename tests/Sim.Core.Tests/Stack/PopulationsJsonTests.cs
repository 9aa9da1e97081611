using System.Text;
using System.Text.Json;
using Sim.Distributions;
using Sim.Stack;

namespace Sim.Core.Tests.Stack;

/// <summary>
/// <see cref="StackPopulationResult.WriteJson"/>, the <c>populations</c> array of <c>sim run --format json</c> and of each
/// phase of <c>sim phases</c>: mean and 95 % half-width across replications, <c>null</c> where JSON cannot hold the number.
/// </summary>
public class PopulationsJsonTests
{
    private static readonly StackReplicationResult Replication =
        StackExperiment.RunOne(Scenarios.Bare(workers: 1, holding: Deterministic.Of(0.01), rate: 10, duration: 10, warmup: 0, replications: 1), 0);

    private static StackReplicationResult With(params StackPopulationResult[] populations) => Replication with { Populations = populations };

    private static JsonElement Write(params StackReplicationResult[] runs)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            StackPopulationResult.WriteJson(w, runs);
            w.WriteEndObject();
        }
        using JsonDocument doc = JsonDocument.Parse(Encoding.UTF8.GetString(buffer.ToArray()));
        return doc.RootElement.Clone();
    }

    [Fact]
    public void TwoReplications_GiveEachPopulationsMeanAndHalfWidth_InTheScenariosOrder()
    {
        // Throughputs 10 and 12: mean 11, s = √2, half-width t(0.975, 1) · s / √2 = 12.7062.
        JsonElement pops = Write(
            With(new("browsers", 90, 10, 10, 0.2, 0.1, 0.5, 0.9), new("api", 50, 0, 5, 0.01, 0.01, 0.02, 0.03)),
            With(new("browsers", 95, 5, 12, 0.4, 0.3, 0.7, 1.1), new("api", 50, 0, 5, 0.01, 0.01, 0.02, 0.03))).GetProperty("populations");
        Assert.Equal(["browsers", "api"], pops.EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        JsonElement browsers = pops[0];
        Assert.Equal(11, browsers.GetProperty("throughputPerSecond").GetProperty("mean").GetDouble(), 12);
        Assert.Equal(12.7062047361747, browsers.GetProperty("throughputPerSecond").GetProperty("ci95").GetDouble(), 9);
        Assert.Equal(0.075, browsers.GetProperty("errorRate").GetProperty("mean").GetDouble(), 12); // 10 % and 5 %
        Assert.Equal(300, browsers.GetProperty("latencyMsMean").GetProperty("mean").GetDouble(), 9);
        Assert.Equal(1000, browsers.GetProperty("latencyMsP99").GetProperty("mean").GetDouble(), 9);
        Assert.Equal(0.0, pops[1].GetProperty("latencyMsP95").GetProperty("ci95").GetDouble()); // the same in both
    }

    [Fact]
    public void AValueNoReplicationMeasured_IsNull_AndAnOverflowingHalfWidth_IsNull()
    {
        // No request of the population finished: NaN latencies and no error rate. Throughputs 1e200 and 3e200 have a
        // finite mean but a variance past double's range: JSON has no infinity, so ci95 is null (Utf8JsonWriter throws on it).
        JsonElement pop = Write(
            With(new StackPopulationResult("idle", 0, 0, 1e200, double.NaN, double.NaN, double.NaN, double.NaN)),
            With(new StackPopulationResult("idle", 0, 0, 3e200, double.NaN, double.NaN, double.NaN, double.NaN))).GetProperty("populations")[0];
        Assert.Equal(2e200, pop.GetProperty("throughputPerSecond").GetProperty("mean").GetDouble(), 1e188);
        Assert.Equal(JsonValueKind.Null, pop.GetProperty("throughputPerSecond").GetProperty("ci95").ValueKind);
        foreach (string name in new[] { "errorRate", "latencyMsMean", "latencyMsP50", "latencyMsP95", "latencyMsP99" })
        {
            Assert.Equal(JsonValueKind.Null, pop.GetProperty(name).GetProperty("mean").ValueKind);
            Assert.Equal(JsonValueKind.Null, pop.GetProperty(name).GetProperty("ci95").ValueKind);
        }
    }

    [Fact]
    public void WithoutPopulations_NothingIsWritten()
    {
        Assert.Empty(Replication.Populations);
        Assert.False(Write(Replication, Replication).TryGetProperty("populations", out _));
        Assert.False(Write().TryGetProperty("populations", out _));
    }
}
