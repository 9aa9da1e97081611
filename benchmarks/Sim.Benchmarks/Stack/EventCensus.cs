using System.Globalization;
using Sim.Kernel;
using Sim.Scenarios;
using Sim.Stack;
using Sim.Stack.Stations;

namespace Sim.Benchmarks.Stack;

/// <summary>
/// <c>--stack-events PHASE SECONDS</c>: how many calendar events a request of the seed stack costs,
/// by receiver and kind, and how many were scheduled and then cancelled. The count every speed
/// figure of the stack model divides by (docs/benchmarks.md).
/// </summary>
internal sealed class EventCensus : IEventTrace
{
    private readonly Dictionary<(string Target, int Kind), long> _counts = new();
    private readonly Dictionary<string, IEventTarget> _targets = new();
    private Simulation? _sim;
    private long _heapSum, _farSum, _samples;

    public void OnEvent(double time, int priority, long sequence, IEventTarget target, int kind, long data)
    {
        (int heap, _, int far) = _sim!.Calendar.LaneSizes;
        _heapSum += heap;
        _farSum += far;
        _samples++;
        // Stations are told apart by their name (one type may serve as several stations); the model and the CPUs by type.
        string name = target is Station station ? station.Name : target.GetType().Name;
        _targets.TryAdd(name, target);
        var key = (name, kind);
        _counts[key] = _counts.GetValueOrDefault(key) + 1;
    }

    /// <summary>One replication of <paramref name="scenario"/> over <paramref name="seconds"/> with every event counted.</summary>
    private static (EventCensus Census, Simulation Sim, StackModel Model) Take(StackScenario scenario, double seconds)
    {
        var census = new EventCensus();
        var sim = new Simulation { Trace = census };
        census._sim = sim;
        var model = new StackModel(sim, scenario, 0);
        sim.Run(seconds);
        return (census, sim, model);
    }

    private double MeanHeap => (double)_heapSum / Math.Max(1, _samples);

    private double MeanFar => (double)_farSum / Math.Max(1, _samples);

    /// <summary>Events run in one replication of <paramref name="scenario"/> over <paramref name="seconds"/>, and the heap's mean size before each.</summary>
    public static (long Events, double MeanHeap) Measure(StackScenario scenario, double seconds)
    {
        var (census, sim, _) = Take(scenario, seconds);
        return (sim.EventsProcessed, census.MeanHeap);
    }

    public static int Run(string phase, double seconds)
    {
        var (census, sim, model) = Take(StackRuns.Load(phase, seconds), seconds);
        StackReplicationResult result = model.Collect(0);
        long requests = result.Completed + result.Failed;
        long run = sim.EventsProcessed;
        long scheduled = sim.Calendar.ScheduledCount;
        long cancelledOrPending = scheduled - run;
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"{phase}, {seconds:R} s: {requests:N0} requests; {run:N0} events run ({(double)run / requests:F2} per request), {scheduled:N0} scheduled, {cancelledOrPending:N0} cancelled or still pending ({(double)cancelledOrPending / requests:F2} per request)"));
        Console.WriteLine(string.Create(inv, $"  calendar before each event, on average: {census.MeanHeap:F1} heap nodes, {census.MeanFar:F1} far-lane nodes (cancelled included)"));
        foreach (var ((target, kind), count) in census._counts.OrderByDescending(p => p.Value))
        {
            string name = census._targets[target] switch
            {
                StackModel => StackModel.KindName(kind),
                Station station => station.KindName(kind),
                _ => $"kind {kind}",
            };
            Console.WriteLine(string.Create(inv, $"  {target,-20} {name,-28} {count,12:N0}  {(double)count / requests,6:F3} per request"));
        }
        return 0;
    }
}
