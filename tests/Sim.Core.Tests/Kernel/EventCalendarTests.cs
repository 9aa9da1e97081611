using Sim.Kernel;

namespace Sim.Core.Tests.Kernel;

public class EventCalendarTests
{
    [Theory]
    [InlineData(1, 50_000)]
    [InlineData(4, 20_000)]
    [InlineData(256, 65_537)]
    public void Calendar_SameTimeEvents_RunInInsertionOrder_AfterGrowth(int initialCapacity, int count)
    {
        var sim = new Simulation(initialCalendarCapacity: initialCapacity);
        var target = new RecordingTarget();
        for (int i = 0; i < count; i++) sim.Schedule(1.0, target, data: i);
        Assert.True(sim.Calendar.Capacity >= count); // the calendar really grew
        sim.Run();
        Assert.Equal(count, target.Seen.Count);
        for (int i = 0; i < count; i++) Assert.Equal(i, target.Seen[i].Data);
    }

    [Fact]
    public void Calendar_InterleavedTimes_KeepFifoWithinEachTime()
    {
        // Three instants, events added round-robin, with pops in between so the heap is reshaped.
        var sim = new Simulation(initialCalendarCapacity: 2);
        var target = new RecordingTarget();
        var expected = new Dictionary<double, List<long>> { [1] = new(), [2] = new(), [3] = new() };
        for (int i = 0; i < 30_000; i++)
        {
            double t = 1 + (i * 7919 % 3);
            sim.Schedule(t, target, data: i);
            expected[t].Add(i);
        }
        sim.Run();
        var byTime = target.Seen.GroupBy(e => e.Time).ToDictionary(g => g.Key, g => g.Select(e => e.Data).ToList());
        foreach (var (t, ids) in expected) Assert.Equal(ids, byTime[t]);
        Assert.Equal(target.Seen.Select(s => s.Time).OrderBy(t => t), target.Seen.Select(s => s.Time));
    }

    [Fact]
    public void Calendar_UrgentEvents_MergeWithHeapEventsInKeyOrder()
    {
        var sim = new Simulation();
        var target = new RecordingTarget();
        // Urgent events scheduled ahead of time sit in the heap; urgent events for the current instant
        // go to the FIFO lane. Both must come out by (time, priority, sequence).
        sim.Schedule(1, target, kind: 1, priority: EventPriority.Urgent);
        sim.Schedule(1, target, kind: 2, priority: EventPriority.Normal);
        sim.Schedule(0, target, kind: 3, priority: EventPriority.Urgent);
        sim.Schedule(0, target, kind: 4, priority: EventPriority.Urgent);
        sim.Schedule(0, target, kind: 5, priority: EventPriority.Normal);
        sim.Schedule(1, target, kind: 6, priority: EventPriority.Urgent);
        sim.Run();
        Assert.Equal(new[] { 3, 4, 5, 1, 6, 2 }, target.Seen.Select(s => s.Kind));
    }

    [Fact]
    public void Calendar_LowerPriorityRunsFirst_AtTheSameTime()
    {
        var sim = new Simulation();
        var target = new RecordingTarget();
        sim.Schedule(1, target, kind: 1, priority: 5);
        sim.Schedule(1, target, kind: 2, priority: -5);
        sim.Schedule(1, target, kind: 3, priority: 0);
        sim.Schedule(0.5, target, kind: 4, priority: 100);
        sim.Run();
        Assert.Equal(new[] { 4, 2, 3, 1 }, target.Seen.Select(s => s.Kind));
    }

    [Fact]
    public void Cancel_RemovesOnlyThatEvent_AndStaleHandlesAreHarmless()
    {
        var sim = new Simulation();
        var target = new RecordingTarget();
        EventHandle a = sim.Schedule(1, target, kind: 1);
        sim.Schedule(2, target, kind: 2);
        Assert.Equal(2, sim.PendingEvents);
        Assert.True(sim.Cancel(a));
        Assert.False(sim.Cancel(a));
        Assert.Equal(1, sim.PendingEvents);
        // The freed slot is reused; the stale handle must not cancel the new event.
        sim.Schedule(3, target, kind: 3);
        Assert.False(sim.Cancel(a));
        Assert.False(sim.Cancel(EventHandle.None));
        sim.Run();
        Assert.Equal(new[] { 2, 3 }, target.Seen.Select(s => s.Kind));
    }

    [Fact]
    public void Cancel_AfterRun_ReturnsFalse()
    {
        var sim = new Simulation();
        var target = new RecordingTarget();
        EventHandle h = sim.Schedule(1, target);
        sim.Run();
        Assert.False(sim.Cancel(h));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-1e-9)]
    [InlineData(double.PositiveInfinity)]
    public void Schedule_RejectsBadDelay_NamingTheParameter(double delay)
    {
        var sim = new Simulation();
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => sim.Schedule(delay, new RecordingTarget()));
        Assert.Equal("delay", ex.ParamName);
    }

    [Fact]
    public void ScheduleAt_InThePast_Throws()
    {
        var sim = new Simulation(startTime: 10);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => sim.ScheduleAt(9.5, new RecordingTarget()));
        Assert.Equal("time", ex.ParamName);
    }

    [Theory]
    [InlineData(EventPriority.Min - 1)]
    [InlineData(EventPriority.Max + 1)]
    public void Schedule_RejectsPriorityOutOfRange(int priority)
    {
        var sim = new Simulation();
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => sim.Schedule(0, new RecordingTarget(), priority: priority));
        Assert.Equal("priority", ex.ParamName);
    }

    [Fact]
    public void Constructor_RejectsBadArguments()
    {
        Assert.Equal("initialCalendarCapacity", Assert.Throws<ArgumentOutOfRangeException>(() => new Simulation(initialCalendarCapacity: 0)).ParamName);
        Assert.Equal("startTime", Assert.Throws<ArgumentOutOfRangeException>(() => new Simulation(double.NaN)).ParamName);
    }
}
