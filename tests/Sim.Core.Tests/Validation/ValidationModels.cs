using Sim.Distributions;
using Sim.Kernel;
using Sim.Models;
using Sim.Randomness;
using Sim.Statistics;

namespace Sim.Core.Tests.Validation;

/// <summary>What one replication of an open station measured over its observation window (after the warm-up).</summary>
/// <param name="MeanWait">Wq, mean wait in queue of customers that arrived in the window, seconds.</param>
/// <param name="MeanResponse">W, mean response time of customers that arrived in the window and left, seconds.</param>
/// <param name="WaitProbability">Fraction of customers that arrived in the window and waited (wait &gt; 0).</param>
/// <param name="MeanNumberInSystem">L, time-average number in the system.</param>
/// <param name="Throughput">Departures per second in the window.</param>
/// <param name="Utilization">Time-average fraction of servers busy.</param>
/// <param name="Blocking">Fraction of arrivals in the window that were lost (system full).</param>
/// <param name="Customers">Response times recorded.</param>
/// <param name="ResponseTimes">Response times of the same customers in a <see cref="LatencyHistogram"/> (α = 0.5 %), as the
/// library reports percentiles; null where the model keeps none.</param>
/// <param name="WaitingTimes">Waiting times of the customers that arrived in the window, in a histogram; null where none is kept.</param>
internal sealed record OpenRun(double MeanWait, double MeanResponse, double WaitProbability, double MeanNumberInSystem,
    double Throughput, double Utilization, double Blocking, long Customers,
    LatencyHistogram? ResponseTimes = null, LatencyHistogram? WaitingTimes = null);

/// <summary>What one replication of the closed interactive model measured over its observation window.</summary>
/// <param name="Throughput">X, completions at the station per second in the window.</param>
/// <param name="MeanResponse">R, mean time at the station (wait + service) of completions in the window, seconds.</param>
/// <param name="MeanAtStation">Q, time-average number at the station (waiting + in service).</param>
/// <param name="Utilization">Time-average fraction of servers busy.</param>
internal sealed record ClosedRun(double Throughput, double MeanResponse, double MeanAtStation, double Utilization);

/// <summary>The models the validation tests run: one per mechanism of the kernel.</summary>
internal static class ValidationModels
{
    /// <summary>
    /// One replication of <see cref="MultiServerQueue"/> (the kernel's low-level mechanism): run the
    /// warm-up, <see cref="MultiServerQueue.ResetStatistics"/>, run the window. Response and waiting times
    /// also go to the station's histograms (<see cref="MultiServerQueue.ResponseHistogram"/>, as
    /// <see cref="QueueExperiment"/> sets it, and <see cref="MultiServerQueue.WaitHistogram"/>).
    /// </summary>
    public static OpenRun LowLevel(ulong seed, int replication, Distribution interarrival, Distribution service,
        int servers, int systemCapacity, double warmupSeconds, double windowSeconds)
    {
        var sim = new Simulation();
        var station = new MultiServerQueue(sim, new StreamFactory(seed), interarrival, service, servers, systemCapacity, replication)
        {
            ResponseHistogram = new LatencyHistogram(),
            WaitHistogram = new LatencyHistogram(),
        };
        sim.Run(until: warmupSeconds);
        station.ResetStatistics();
        sim.Run(until: warmupSeconds + windowSeconds);
        return new OpenRun(station.Wait.Mean, station.Response.Mean, station.WaitedCount / (double)station.Wait.Count,
            station.MeanNumberInSystem, station.Throughput, station.Utilization, station.BlockingProbability, station.Response.Count,
            station.ResponseHistogram, station.WaitHistogram);
    }

    /// <summary>
    /// One replication of an open FIFO c-server queue written with the process API, as a user would:
    /// a source process draws inter-arrival times and starts one process per customer, which requests
    /// the <see cref="Resource"/>, holds it for its service time and releases it. No waiting-room limit, or, with
    /// <paramref name="loss"/>, none at all: an arrival that finds every server busy (<see cref="Resource.InUse"/>)
    /// is lost (M/G/c/c), and <see cref="OpenRun.Blocking"/> is the fraction of arrivals in the window lost.
    /// </summary>
    public static OpenRun ProcessApi(ulong seed, int replication, Distribution interarrival, Distribution service,
        int servers, double warmupSeconds, double windowSeconds, bool loss = false)
    {
        var sim = new Simulation();
        var streams = new StreamFactory(seed);
        RandomStream arrivalStream = streams.Create("process/arrivals", replication);
        RandomStream serviceStream = streams.Create("process/service", replication);
        var server = new Resource(sim, servers);
        var inSystem = new TimeWeighted(0);
        var wait = new Tally();
        var response = new Tally();
        long waited = 0, departures = 0, arrivals = 0, lost = 0;
        int present = 0;
        double windowStart = warmupSeconds;

        sim.Start(Source());
        sim.Run(until: warmupSeconds);
        inSystem.Reset(sim.Now);
        server.ResetStatistics();
        departures = arrivals = lost = 0;
        sim.Run(until: warmupSeconds + windowSeconds);
        return new OpenRun(wait.Mean, response.Mean, waited / (double)wait.Count, inSystem.Mean(sim.Now),
            departures / windowSeconds, server.Utilization(), arrivals == 0 ? 0 : lost / (double)arrivals, response.Count);

        IEnumerable<SimEvent> Source()
        {
            while (true)
            {
                yield return sim.Delay(interarrival.Sample(arrivalStream));
                arrivals++;
                if (loss && server.InUse == servers)
                {
                    lost++;
                    continue;
                }
                sim.Start(Customer());
            }
        }

        IEnumerable<SimEvent> Customer()
        {
            double arrived = sim.Now;
            bool inWindow = arrived >= windowStart;
            inSystem.Update(sim.Now, ++present);
            using (ResourceRequest request = server.Request())
            {
                yield return request;
                if (inWindow)
                {
                    wait.Add(sim.Now - arrived);
                    if (sim.Now > arrived) waited++;
                }
                yield return sim.Delay(service.Sample(serviceStream));
            }
            inSystem.Update(sim.Now, --present);
            departures++;
            if (inWindow) response.Add(sim.Now - arrived);
        }
    }

    /// <summary>
    /// One replication of the closed interactive model with the process API: <paramref name="users"/>
    /// users loop forever — think Exp(<paramref name="thinkMeanSeconds"/>), request one of
    /// <paramref name="servers"/> servers, hold it Exp(<paramref name="serviceMeanSeconds"/>), release.
    /// </summary>
    public static ClosedRun ClosedInteractive(ulong seed, int replication, int users, double thinkMeanSeconds,
        double serviceMeanSeconds, int servers, double warmupSeconds, double windowSeconds)
    {
        var sim = new Simulation();
        var streams = new StreamFactory(seed);
        RandomStream thinkStream = streams.Create("users/think", replication);
        RandomStream serviceStream = streams.Create("station/service", replication);
        Distribution think = Exponential.FromMean(thinkMeanSeconds), service = Exponential.FromMean(serviceMeanSeconds);
        var station = new Resource(sim, servers);
        var atStation = new TimeWeighted(0);
        var response = new Tally();
        int present = 0;

        for (int u = 0; u < users; u++) sim.Start(User());
        sim.Run(until: warmupSeconds);
        response.Reset();
        atStation.Reset(sim.Now);
        station.ResetStatistics();
        sim.Run(until: warmupSeconds + windowSeconds);
        return new ClosedRun(response.Count / windowSeconds, response.Mean, atStation.Mean(sim.Now), station.Utilization());

        IEnumerable<SimEvent> User()
        {
            while (true)
            {
                yield return sim.Delay(think.Sample(thinkStream));
                double requested = sim.Now;
                atStation.Update(sim.Now, ++present);
                using (ResourceRequest request = station.Request())
                {
                    yield return request;
                    yield return sim.Delay(service.Sample(serviceStream));
                }
                atStation.Update(sim.Now, --present);
                response.Add(sim.Now - requested); // every completion in the window (after the reset) counts
            }
        }
    }
}
