using Sim.Distributions;
using Sim.Kernel;
using Sim.Models;
using Sim.Randomness;

namespace Sim.Core.Tests.Models;

public class MultiServerQueueTests
{
    /// <summary>Records the times of arrival events (kind 0) the station handles.</summary>
    private sealed class ArrivalTrace : IEventTrace
    {
        public readonly List<double> Arrivals = new();

        public void OnEvent(double time, int priority, long sequence, IEventTarget target, int kind, long data)
        {
            if (kind == 0) Arrivals.Add(time);
        }
    }

    private static List<double> ArrivalTimes(Distribution service, int servers)
    {
        var sim = new Simulation();
        var trace = new ArrivalTrace();
        sim.Trace = trace;
        _ = new MultiServerQueue(sim, new StreamFactory(11), Exponential.FromRate(5), service, servers);
        sim.Run(until: 500);
        return trace.Arrivals;
    }

    [Fact]
    public void ChangingTheServiceModel_DoesNotChangeTheArrivals()
    {
        // Common random numbers: arrivals and service draw from different named streams, so a phase
        // that changes the servers or the service time still sees exactly the same arrivals.
        List<double> baseline = ArrivalTimes(Exponential.FromMean(0.15), servers: 1);
        Assert.True(baseline.Count > 2000);
        Assert.Equal(baseline, ArrivalTimes(LogNormal.FromMeanAndStdDev(0.5, 1), servers: 3));
        Assert.Equal(baseline, ArrivalTimes(Deterministic.Of(0.01), servers: 8));
    }

    [Fact]
    public void DeterministicArrivalsAndService_GiveExactCounts()
    {
        // D/D/1 with arrivals at t = 1, 2, …, 100 and 0.5 s of service: never a wait. By t = 100.25
        // the customer that arrived at 100 is still in service: 99 departures, and the server was busy
        // 99 × 0.5 + 0.25 = 49.75 s of 100.25.
        var sim = new Simulation();
        var station = new MultiServerQueue(sim, new StreamFactory(1), Deterministic.Of(1), Deterministic.Of(0.5), servers: 1);
        sim.Run(until: 100.25);
        Assert.Equal(100, station.Arrivals);
        Assert.Equal(99, station.Departures);
        Assert.Equal(0, station.Wait.Max);
        Assert.Equal(0.5, station.Response.Mean, 12);
        Assert.Equal(49.75 / 100.25, station.Utilization, 12);
    }

    [Fact]
    public void FullSystem_BlocksArrivals()
    {
        // D/D/1/1 with service longer than the gap: every other arrival finds the server busy.
        var sim = new Simulation();
        var station = new MultiServerQueue(sim, new StreamFactory(1), Deterministic.Of(1), Deterministic.Of(1.5), servers: 1, systemCapacity: 1);
        sim.Run(until: 100.5);
        Assert.Equal(100, station.Arrivals);
        Assert.Equal(50, station.Blocked);
        Assert.Equal(0.5, station.BlockingProbability);
    }

    [Fact]
    public void Constructor_RejectsBadArguments()
    {
        var sim = new Simulation();
        var f = new StreamFactory(1);
        var e = Exponential.FromMean(1);
        Assert.Equal("servers", Assert.Throws<ArgumentOutOfRangeException>(() => new MultiServerQueue(sim, f, e, e, 0)).ParamName);
        Assert.Equal("systemCapacity", Assert.Throws<ArgumentOutOfRangeException>(() => new MultiServerQueue(sim, f, e, e, 3, systemCapacity: 2)).ParamName);
        Assert.Equal("service", Assert.Throws<ArgumentNullException>(() => new MultiServerQueue(sim, f, e, null!, 1)).ParamName);
    }

    [Fact]
    public void QueueConfig_Validate_NamesTheBadField()
    {
        var e = Exponential.FromMean(1);
        Assert.Equal("DurationSeconds", Assert.Throws<ArgumentOutOfRangeException>(() => new QueueConfig(e, e, 1, int.MaxValue, 0, 0).Validate()).ParamName);
        Assert.Equal("WarmupSeconds", Assert.Throws<ArgumentOutOfRangeException>(() => new QueueConfig(e, e, 1, int.MaxValue, double.NaN, 1).Validate()).ParamName);
    }
}
