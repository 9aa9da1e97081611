using Sim.Distributions;
using Sim.Statistics;
using Sim.Models;

namespace Sim.Core.Tests.Statistics;

public class ReplicationsTests
{
    [Fact]
    public void Parallel_EqualsSerial_ResultForResult()
    {
        var config = new QueueConfig(Exponential.FromRate(3.5), Exponential.FromMean(1), 4, int.MaxValue, 50, 500);
        QueueReplicationResult[] serial = QueueExperiment.Run(config, 6, seed: 3, maxDegreeOfParallelism: 1);
        QueueReplicationResult[] parallel = QueueExperiment.Run(config, 6, seed: 3, maxDegreeOfParallelism: -1);
        Assert.Equal(serial, parallel); // records compare every field exactly
        Assert.Equal(6, serial.Select(r => r.MeanWait).Distinct().Count()); // replications are independent streams
    }

    [Fact]
    public void Run_ReturnsResultsInReplicationOrder()
    {
        int[] result = Replications.Run(50, i => i * i);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => i * i), result);
    }

    [Fact]
    public void Run_RejectsBadArguments()
    {
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => Replications.Run(0, i => i)).ParamName);
        Assert.Equal("maxDegreeOfParallelism", Assert.Throws<ArgumentOutOfRangeException>(() => Replications.Run(1, i => i, 0)).ParamName);
    }

    [Fact]
    public void Run_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Replications.Run(4, i => i, cancellationToken: cts.Token));
    }
}
