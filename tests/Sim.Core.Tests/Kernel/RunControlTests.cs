using Sim.Kernel;

namespace Sim.Core.Tests.Kernel;

public class RunControlTests
{
    /// <summary>Reschedules itself every second, forever.</summary>
    private sealed class Ticker : IEventTarget
    {
        public int Ticks;

        public void Handle(Simulation simulation, int kind, long data)
        {
            Ticks++;
            simulation.Schedule(1, this);
        }
    }

    [Fact]
    public void Run_Until_StopsBeforeEventsAtTheEndTime_AndSetsTheClock()
    {
        var sim = new Simulation();
        var ticker = new Ticker();
        sim.Schedule(0, ticker);
        Assert.Equal(RunOutcome.TimeReached, sim.Run(until: 10));
        Assert.Equal(10, sim.Now);
        Assert.Equal(10, ticker.Ticks); // t = 0..9; the event at t = 10 stays pending
        Assert.Equal(RunOutcome.TimeReached, sim.Run(until: 12.5));
        Assert.Equal(13, ticker.Ticks);
        Assert.Equal(12.5, sim.Now);
    }

    [Fact]
    public void Run_StopWhen_StopsRightAfterTheEventThatMadeItTrue()
    {
        var sim = new Simulation();
        var ticker = new Ticker();
        sim.Schedule(0, ticker);
        Assert.Equal(RunOutcome.ConditionMet, sim.Run(stopWhen: () => ticker.Ticks == 7));
        Assert.Equal(6, sim.Now);
    }

    [Fact]
    public void Run_Cancelled_ReturnsCancelled()
    {
        var sim = new Simulation();
        var ticker = new Ticker();
        sim.Schedule(0, ticker);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Equal(RunOutcome.Cancelled, sim.Run(cancellationToken: cts.Token));
        Assert.True(ticker.Ticks <= 1024);
    }

    [Fact]
    public void Run_EmptyCalendar_ReturnsCalendarEmpty()
    {
        var sim = new Simulation();
        Assert.Equal(RunOutcome.CalendarEmpty, sim.Run());
        Assert.Equal(0, sim.Now);
        Assert.Equal(RunOutcome.CalendarEmpty, sim.Run(until: 5));
        Assert.Equal(5, sim.Now);
    }

    [Fact]
    public void Stop_FromModelCode_ReturnsStopped()
    {
        var sim = new Simulation();
        sim.Start(StopAt(sim, 3));
        sim.Start(Forever(sim));
        Assert.Equal(RunOutcome.Stopped, sim.Run());
        Assert.Equal(3, sim.Now);
    }

    private static IEnumerable<SimEvent> StopAt(Simulation sim, double t)
    {
        yield return sim.Delay(t);
        sim.Stop();
    }

    private static IEnumerable<SimEvent> Forever(Simulation sim)
    {
        while (true) yield return sim.Delay(1);
    }

    [Fact]
    public void Step_RunsOneEventAtATime()
    {
        var sim = new Simulation();
        var target = new RecordingTarget();
        sim.Schedule(2, target);
        sim.Schedule(1, target);
        Assert.True(sim.Step());
        Assert.Equal(1, sim.Now);
        Assert.True(sim.Step());
        Assert.Equal(2, sim.Now);
        Assert.False(sim.Step());
        Assert.Equal(2, sim.EventsProcessed);
    }

    [Fact]
    public void Run_UntilInThePast_Throws()
    {
        var sim = new Simulation(startTime: 5);
        Assert.Equal("until", Assert.Throws<ArgumentOutOfRangeException>(() => sim.Run(until: 4)).ParamName);
    }
}
