using Sim.Distributions;
using Sim.Kernel;
using Sim.Models;
using Sim.Randomness;
using Sim.Statistics;

namespace Sim.Core.Tests.Models;

/// <summary>The textbook station follows its window's customers to their end, as the stack model does.</summary>
public class QueueDrainTests
{
    [Fact]
    public void EveryCustomerAdmittedInTheWindow_IsRecorded_AndTimeAveragesStopAtTheWindowsEnd()
    {
        // M/M/1 at ρ = 0.9 with 20 s windows: ≈ 9 of the ≈ 180 admitted customers are still in the system at the end.
        var config = new QueueConfig(Exponential.FromRate(9), Exponential.FromRate(10), 1, int.MaxValue, WarmupSeconds: 100, DurationSeconds: 20);
        long recorded = 0, admitted = 0;
        for (int r = 0; r < 50; r++)
        {
            var sim = new Simulation();
            var station = new MultiServerQueue(sim, new StreamFactory(3), config.Interarrival, config.Service, 1, replication: r) { ResponseHistogram = new LatencyHistogram() };
            sim.Run(100);
            station.ResetStatistics();
            sim.Run(120);
            double l = station.MeanNumberInSystem, x = station.Throughput;
            station.EndWindow();
            while (station.DrainPending) sim.Run(sim.Now + 1);
            Assert.Equal(l, station.MeanNumberInSystem);
            Assert.Equal(x, station.Throughput);
            Assert.Equal(station.Arrivals - station.Blocked, station.Response.Count);
            Assert.Equal(station.Response.Count, station.Wait.Count);
            recorded += station.Response.Count;
            admitted += station.Arrivals;
        }
        Assert.Equal(admitted, recorded);
        QueueReplicationResult one = QueueExperiment.RunOne(config, seed: 3, replication: 0);
        Assert.True(one.Customers > 100);
    }

    [Fact]
    public void QueueExperiment_RecordsTheWholeCohort()
    {
        // Through the experiment: the customers recorded are the window's arrivals (no blocking, K unbounded).
        var config = new QueueConfig(Exponential.FromRate(9), Exponential.FromRate(10), 1, int.MaxValue, WarmupSeconds: 100, DurationSeconds: 20);
        for (int r = 0; r < 20; r++)
        {
            QueueReplicationResult result = QueueExperiment.RunOne(config, seed: 5, replication: r);
            var sim = new Simulation();
            var station = new MultiServerQueue(sim, new StreamFactory(5), config.Interarrival, config.Service, 1, replication: r, name: "station");
            sim.Run(100);
            station.ResetStatistics();
            sim.Run(120);
            Assert.Equal(station.Arrivals, result.Customers);
        }
    }
}
