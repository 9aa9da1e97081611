using Sim.Kernel;

namespace Sim.Core.Tests.Kernel;

public class ProcessApiTests
{
    [Fact]
    public void Delay_ResumesTheProcessAfterThatManySeconds()
    {
        var sim = new Simulation();
        var times = new List<double>();
        sim.Start(Body());
        sim.Run();
        Assert.Equal(new[] { 0.0, 1.5, 4.0 }, times);

        IEnumerable<SimEvent> Body()
        {
            times.Add(sim.Now);
            yield return sim.Delay(1.5);
            times.Add(sim.Now);
            yield return sim.Delay(2.5);
            times.Add(sim.Now);
        }
    }

    [Fact]
    public void Hold_RunsTheSameEventsInTheSameOrderAsDelay()
    {
        // Two processes with interleaved waits, some tied in time: Hold and Delay give the same trace.
        Assert.Equal(Trace(useHold: false), Trace(useHold: true));

        static List<(double, int, int)> Trace(bool useHold)
        {
            var sim = new Simulation();
            var trace = new List<(double, int, int)>();
            for (int p = 0; p < 3; p++) sim.Start(Body(p));
            sim.Run();
            return trace;

            IEnumerable<SimEvent> Body(int p)
            {
                for (int i = 0; i < 4; i++)
                {
                    trace.Add((sim.Now, p, i));
                    double t = (p + i) % 3 * 0.5;
                    yield return useHold ? sim.Hold(t) : sim.Delay(t);
                }
                trace.Add((sim.Now, p, -1));
            }
        }
    }

    [Fact]
    public void Hold_Misuse_FailsLoudly()
    {
        var sim = new Simulation();
        sim.Hold(1);
        Assert.Throws<InvalidOperationException>(() => sim.Hold(2)); // the first was never yielded

        var again = new Simulation();
        again.Start(Twice());
        var ex = Assert.Throws<ProcessFailedException>(() => again.Run());
        Assert.IsType<InvalidOperationException>(ex.InnerException);

        var combined = new Simulation();
        Assert.Throws<ArgumentException>(() => combined.AnyOf(combined.Hold(1), combined.Delay(1)));
        Assert.Equal("seconds", Assert.Throws<ArgumentOutOfRangeException>(() => new Simulation().Hold(-1)).ParamName);

        IEnumerable<SimEvent> Twice()
        {
            SimEvent hold = again.Hold(1);
            yield return hold;
            yield return hold; // already used
        }
    }

    [Fact]
    public void Resource_GrantsInFifoOrder_AndNeverExceedsCapacity()
    {
        var sim = new Simulation();
        var server = new Resource(sim, capacity: 2);
        var starts = new List<(int Id, double Time)>();
        int maxInUse = 0;
        for (int i = 0; i < 6; i++) sim.Start(Customer(i));
        sim.Run();
        // Six customers arrive at t = 0 in order 0..5, each holds a unit for 1 s; two at a time.
        Assert.Equal(new[] { 0, 1, 2, 3, 4, 5 }, starts.Select(s => s.Id));
        Assert.Equal(new[] { 0.0, 0, 1, 1, 2, 2 }, starts.Select(s => s.Time));
        Assert.Equal(2, maxInUse);
        Assert.Equal(0, server.InUse);
        Assert.Equal(6, server.GrantedCount);
        Assert.Equal(1.0, server.Utilization(), 12);

        IEnumerable<SimEvent> Customer(int id)
        {
            using ResourceRequest req = server.Request();
            yield return req;
            maxInUse = Math.Max(maxInUse, server.InUse);
            starts.Add((id, sim.Now));
            yield return sim.Delay(1);
        }
    }

    [Fact]
    public void Resource_PriorityQueueing_ServesLowerPriorityValueFirst_FifoAmongEquals()
    {
        var sim = new Simulation();
        var server = new Resource(sim, capacity: 1);
        var order = new List<string>();
        sim.Start(Holder());
        // Arrive while the server is busy: priorities 5, 1, 5, 1.
        sim.Start(Waiter("a", 5));
        sim.Start(Waiter("b", 1));
        sim.Start(Waiter("c", 5));
        sim.Start(Waiter("d", 1));
        sim.Run();
        Assert.Equal(new[] { "b", "d", "a", "c" }, order);

        IEnumerable<SimEvent> Holder()
        {
            using ResourceRequest req = server.Request();
            yield return req;
            yield return sim.Delay(10);
        }

        IEnumerable<SimEvent> Waiter(string name, int priority)
        {
            yield return sim.Delay(1);
            using ResourceRequest req = server.Request(priority);
            yield return req;
            order.Add(name);
            yield return sim.Delay(1);
        }
    }

    [Fact]
    public void Resource_FirstPrioritisedRequest_JumpsTheFifoQueue_WhichKeepsItsOrder()
    {
        var sim = new Simulation();
        var server = new Resource(sim, capacity: 1);
        ResourceRequest holder = server.Request();
        ResourceRequest a = server.Request();      // priority 0, FIFO lane
        ResourceRequest b = server.Request();      // priority 0
        ResourceRequest urgent = server.Request(-1);
        ResourceRequest c = server.Request();      // priority 0, after the switch to priorities
        holder.Dispose();
        Assert.True(urgent.IsGranted);
        urgent.Dispose();
        Assert.True(a.IsGranted);
        a.Dispose();
        Assert.True(b.IsGranted);
        b.Dispose();
        Assert.True(c.IsGranted);
        sim.Run();
    }

    [Fact]
    public void Resource_WithdrawnRequest_LeavesTheQueue()
    {
        var sim = new Simulation();
        var server = new Resource(sim, capacity: 1);
        ResourceRequest held = server.Request();
        ResourceRequest waiting = server.Request();
        ResourceRequest third = server.Request();
        Assert.Equal(2, server.QueueLength);
        waiting.Dispose();
        Assert.Equal(1, server.QueueLength);
        held.Dispose();
        sim.Run();
        Assert.True(third.IsGranted);
        Assert.False(waiting.IsGranted);
        Assert.Equal(0, server.QueueLength);
    }

    [Fact]
    public void Resource_RejectsZeroCapacity_AndForeignRequests()
    {
        var sim = new Simulation();
        Assert.Equal("capacity", Assert.Throws<ArgumentOutOfRangeException>(() => new Resource(sim, 0)).ParamName);
        var a = new Resource(sim, 1, "a");
        var b = new Resource(sim, 1, "b");
        Assert.Equal("request", Assert.Throws<ArgumentException>(() => b.Release(a.Request())).ParamName);
    }

    [Fact]
    public void Store_PassesItemsFifo_AndBlocksGettersUntilPut()
    {
        var sim = new Simulation();
        var store = new Store<string>(sim);
        var got = new List<(string Item, double Time)>();
        sim.Start(Consumer());
        sim.Start(Producer());
        sim.Run();
        Assert.Equal(new[] { ("x", 1.0), ("y", 2.0), ("z", 2.0) }, got);

        IEnumerable<SimEvent> Consumer()
        {
            for (int i = 0; i < 3; i++)
            {
                StoreGet<string> get = store.Get();
                yield return get;
                got.Add((get.Item, sim.Now));
            }
        }

        IEnumerable<SimEvent> Producer()
        {
            yield return sim.Delay(1);
            yield return store.Put("x");
            yield return sim.Delay(1);
            yield return store.Put("y");
            yield return store.Put("z");
        }
    }

    [Fact]
    public void Store_BoundedCapacity_BlocksPutters()
    {
        var sim = new Simulation();
        var store = new Store<int>(sim, capacity: 1);
        double secondPutDone = double.NaN;
        sim.Start(Producer());
        sim.Start(Consumer());
        sim.Run();
        Assert.Equal(5, secondPutDone);

        IEnumerable<SimEvent> Producer()
        {
            yield return store.Put(1);
            yield return store.Put(2);
            secondPutDone = sim.Now;
        }

        IEnumerable<SimEvent> Consumer()
        {
            yield return sim.Delay(5);
            yield return store.Get();
        }
    }

    [Fact]
    public void AnyOf_ResumesAtTheFirstEvent_AllOf_AtTheLast()
    {
        var sim = new Simulation();
        double anyAt = double.NaN, allAt = double.NaN;
        SimEvent? first = null;
        sim.Start(Body());
        sim.Run();
        Assert.Equal(2, anyAt);
        Assert.Equal(7, allAt);
        Assert.IsType<Delay>(first);
        Assert.True(first!.IsProcessed);

        IEnumerable<SimEvent> Body()
        {
            Condition any = sim.AnyOf(sim.Delay(5), sim.Delay(2), sim.Delay(9));
            yield return any;
            anyAt = sim.Now;
            first = any.First;
            yield return sim.AllOf(sim.Delay(1), sim.Delay(5), sim.Delay(3));
            allAt = sim.Now;
        }
    }

    [Fact]
    public void AllOf_Empty_SucceedsImmediately()
    {
        var sim = new Simulation();
        bool done = false;
        sim.Start(Body());
        sim.Run();
        Assert.True(done);
        Assert.Equal(0, sim.Now);

        IEnumerable<SimEvent> Body()
        {
            yield return sim.AllOf();
            done = true;
        }
    }

    [Fact]
    public void Process_CanWaitForAnotherProcess()
    {
        var sim = new Simulation();
        double joined = double.NaN;
        Process child = sim.Start(Child(), "child");
        sim.Start(Parent());
        sim.Run();
        Assert.Equal(3, joined);
        Assert.False(child.IsAlive);

        IEnumerable<SimEvent> Child()
        {
            yield return sim.Delay(3);
        }

        IEnumerable<SimEvent> Parent()
        {
            yield return child;
            joined = sim.Now;
        }
    }

    [Fact]
    public void Process_ThatThrows_StopsTheRun_WithItsNameAndTime()
    {
        var sim = new Simulation();
        sim.Start(Faulty(), "faulty");
        var ex = Assert.Throws<ProcessFailedException>(() => sim.Run());
        Assert.Equal("faulty", ex.ProcessName);
        Assert.Equal(2, ex.Time);
        Assert.IsType<InvalidOperationException>(ex.InnerException);
        Assert.Contains("boom", ex.Message);
        // A failed simulation refuses to continue rather than run on in a broken state.
        Assert.Throws<InvalidOperationException>(() => sim.Run());

        IEnumerable<SimEvent> Faulty()
        {
            yield return sim.Delay(2);
            throw new InvalidOperationException("boom");
        }
    }

    [Fact]
    public void Process_WaitingOnAFailedEvent_StopsTheRun()
    {
        var sim = new Simulation();
        SimEvent signal = sim.Event();
        sim.Start(Waiter(), "waiter");
        sim.Start(Failer());
        var ex = Assert.Throws<ProcessFailedException>(() => sim.Run());
        Assert.Equal("waiter", ex.ProcessName);
        Assert.IsType<TimeoutException>(ex.InnerException);

        IEnumerable<SimEvent> Waiter()
        {
            yield return signal;
        }

        IEnumerable<SimEvent> Failer()
        {
            yield return sim.Delay(1);
            signal.Fail(new TimeoutException("upstream timed out"));
        }
    }

    [Fact]
    public void FailedEvent_NobodyWaits_StopsTheRun()
    {
        var sim = new Simulation();
        sim.Event().Fail(new InvalidOperationException("lost"));
        var ex = Assert.Throws<EventFailedException>(() => sim.Run());
        Assert.Contains("lost", ex.Message);
    }

    [Fact]
    public void Process_YieldingNull_StopsTheRun()
    {
        var sim = new Simulation();
        sim.Start(Bad(), "bad");
        var ex = Assert.Throws<ProcessFailedException>(() => sim.Run());
        Assert.Contains("null", ex.Message);

        static IEnumerable<SimEvent> Bad()
        {
            yield return null!;
        }
    }

    [Fact]
    public void Event_TriggeredTwice_Throws()
    {
        var sim = new Simulation();
        SimEvent e = sim.Event();
        e.Succeed(1);
        Assert.Throws<InvalidOperationException>(() => e.Succeed(2));
        Assert.Throws<InvalidOperationException>(() => e.Fail(new Exception()));
    }

    [Fact]
    public void Succeed_ValueReachesTheWaiter()
    {
        var sim = new Simulation();
        SimEvent e = sim.Event();
        object? seen = null;
        sim.Start(Waiter());
        sim.Start(Trigger());
        sim.Run();
        Assert.Equal(42, seen);

        IEnumerable<SimEvent> Waiter()
        {
            yield return e;
            seen = e.Value;
        }

        IEnumerable<SimEvent> Trigger()
        {
            yield return sim.Delay(1);
            e.Succeed(42);
        }
    }
}

public class ProcessApiGuardTests
{
    [Fact]
    public void PublicEdges_RejectBadArguments_NamingTheParameter()
    {
        var sim = new Simulation();
        Assert.Equal("seconds", Assert.Throws<ArgumentOutOfRangeException>(() => sim.Delay(-1)).ParamName);
        Assert.Equal("seconds", Assert.Throws<ArgumentOutOfRangeException>(() => sim.Delay(double.NaN)).ParamName);
        Assert.Equal("body", Assert.Throws<ArgumentNullException>(() => sim.Start(null!)).ParamName);
        Assert.Equal("simulation", Assert.Throws<ArgumentNullException>(() => new Resource(null!, 1)).ParamName);
        Assert.Equal("capacity", Assert.Throws<ArgumentOutOfRangeException>(() => new Store<int>(sim, 0)).ParamName);
        Assert.Equal("events", Assert.Throws<ArgumentNullException>(() => sim.AnyOf(sim.Delay(1), null!)).ParamName);
        Assert.Equal("error", Assert.Throws<ArgumentNullException>(() => sim.Event().Fail(null!)).ParamName);
        var other = new Simulation();
        Assert.Equal("events", Assert.Throws<ArgumentException>(() => sim.AllOf(other.Delay(1))).ParamName);
    }
}
