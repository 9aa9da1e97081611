using Sim.Statistics;

namespace Sim.Core.Tests.Statistics;

/// <summary>The recording calls are documented as allocation-free; measured with the thread's allocation counter.</summary>
public class HotPathAllocationTests
{
    private sealed class Recorders
    {
        public Tally Tally;
        public readonly TimeWeighted Queue = new(0.0);
        public readonly LatencyHistogram Histogram = new();
        public readonly Counter Counter = new();
        private double _clock;

        public void RecordMany(int n)
        {
            for (int i = 1; i <= n; i++)
            {
                double x = 0.001 * i;
                Tally.Add(x);
                Queue.Update(_clock += 0.5, i % 7);
                Histogram.Record(x);
                Histogram.Record(x, 2);
                Counter.Increment();
            }
        }
    }

    [Fact]
    public void Recording_AllocatesNothing()
    {
        var r = new Recorders();
        r.RecordMany(1000); // warm up: JIT and tiering happen here
        long allocated = SteadyAllocation.Measure(() => r.RecordMany(100_000));
        Assert.Equal(0, allocated);
        Assert.Equal(301_000, r.Tally.Count);
    }
}
