namespace Sim.Models;

/// <summary>What one replication of a <see cref="MultiServerQueue"/> experiment measured over its observation window.</summary>
/// <param name="Replication">Replication index.</param>
/// <param name="Throughput">Departures per second.</param>
/// <param name="MeanWait">Mean waiting time in queue, seconds.</param>
/// <param name="MeanResponse">Mean response time (wait + service), seconds.</param>
/// <param name="P50Response">Median response time, seconds (histogram estimate, ≤ 0.5 % relative error).</param>
/// <param name="P95Response">95th percentile response time, seconds.</param>
/// <param name="P99Response">99th percentile response time, seconds.</param>
/// <param name="WaitProbability">Fraction of served customers that waited at all.</param>
/// <param name="MeanNumberInSystem">Time-average number in the system.</param>
/// <param name="MeanQueueLength">Time-average number waiting.</param>
/// <param name="Utilization">Time-average fraction of servers busy, in [0, 1].</param>
/// <param name="BlockingProbability">Fraction of arrivals blocked (system full), in [0, 1].</param>
/// <param name="Customers">Customers whose response time was recorded.</param>
/// <param name="Events">Kernel events run, including the warm-up.</param>
public sealed record QueueReplicationResult(
    int Replication,
    double Throughput,
    double MeanWait,
    double MeanResponse,
    double P50Response,
    double P95Response,
    double P99Response,
    double WaitProbability,
    double MeanNumberInSystem,
    double MeanQueueLength,
    double Utilization,
    double BlockingProbability,
    long Customers,
    long Events);
