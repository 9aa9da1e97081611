using FsCheck;
using FsCheck.Xunit;
using Sim.Kernel;
using Sim.Randomness;

namespace Sim.Core.Tests.Kernel;

/// <summary>
/// A get or put that gives up (disposed before it was served) leaves the store's line: no item is
/// handed to an abandoned getter, and no item of an abandoned producer enters the store.
/// </summary>
public class StoreCancellationTests
{
    [Fact]
    public void Get_AbandonedAfterOneSecondTimeout_DoesNotSwallowTheNextPut()
    {
        // A consumer waits at most 1 s for an item, gives up at t = 1; the producer puts "x" at
        // t = 1.5; a second consumer asks at t = 2 and must receive it.
        var sim = new Simulation();
        var store = new Store<string>(sim);
        StoreGet<string>? abandoned = null;
        var got = new List<(string Item, double Time)>();
        bool timedOut = false;
        int waitingBeforeDispose = -1, waitingAfterDispose = -1;
        sim.Start(Impatient());
        sim.Start(Producer());
        sim.Start(Latecomer());
        sim.Run();

        Assert.True(timedOut);
        Assert.NotNull(abandoned);
        Assert.True(abandoned.IsWithdrawn);
        Assert.False(abandoned.IsTriggered);
        Assert.Equal(new[] { ("x", 2.0) }, got);
        Assert.Equal(0, store.Count);
        Assert.Equal(0, store.WaitingGets);
        Assert.Equal((1, 0), (waitingBeforeDispose, waitingAfterDispose)); // in line until the using block ends, then gone

        IEnumerable<SimEvent> Impatient()
        {
            using (StoreGet<string> get = store.Get())
            {
                abandoned = get;
                yield return sim.AnyOf(get, sim.Delay(1));
                if (get.IsTriggered) got.Add((get.Item, sim.Now));
                else timedOut = true;
                waitingBeforeDispose = store.WaitingGets;
            }
            waitingAfterDispose = store.WaitingGets;
        }

        IEnumerable<SimEvent> Producer()
        {
            yield return sim.Delay(1.5);
            yield return store.Put("x");
        }

        IEnumerable<SimEvent> Latecomer()
        {
            yield return sim.Delay(2);
            StoreGet<string> get = store.Get();
            yield return get;
            got.Add((get.Item, sim.Now));
        }
    }

    [Fact]
    public void Get_ServedBeforeItsTimeout_KeepsItsItem_AndDisposeIsHarmless()
    {
        var sim = new Simulation();
        var store = new Store<int>(sim);
        int item = 0;
        sim.Start(Consumer());
        sim.Start(Producer());
        sim.Run();
        Assert.Equal(42, item);
        Assert.Equal(0, store.Count);

        IEnumerable<SimEvent> Consumer()
        {
            StoreGet<int> get = store.Get();
            using (get)
            {
                yield return sim.AnyOf(get, sim.Delay(1));
                Assert.True(get.IsTriggered);
            }
            Assert.False(get.IsWithdrawn);
            get.Dispose(); // idempotent
            item = get.Item;
        }

        IEnumerable<SimEvent> Producer()
        {
            yield return sim.Delay(0.5);
            yield return store.Put(42);
        }
    }

    [Fact]
    public void Put_AbandonedOnAFullStore_NeverEntersIt()
    {
        // Capacity 1 holds "a"; a producer waits at most 1 s to add "b", gives up; at t = 2 a consumer
        // takes "a" — the room must not go to the abandoned "b" — and "c" put at t = 3 is next.
        var sim = new Simulation();
        var store = new Store<string>(sim, capacity: 1);
        var got = new List<string>();
        StorePut<string>? abandoned = null;
        sim.Start(Producer());
        sim.Start(Consumer());
        sim.Run();

        Assert.NotNull(abandoned);
        Assert.True(abandoned.IsWithdrawn);
        Assert.False(abandoned.IsTriggered);
        Assert.Equal(new[] { "a", "c" }, got);
        Assert.Equal(0, store.Count);
        Assert.Equal(0, store.WaitingPuts);

        IEnumerable<SimEvent> Producer()
        {
            yield return store.Put("a");
            using (StorePut<string> put = store.Put("b"))
            {
                abandoned = put;
                yield return sim.AnyOf(put, sim.Delay(1));
            }
            yield return sim.Delay(2); // t = 3
            yield return store.Put("c");
        }

        IEnumerable<SimEvent> Consumer()
        {
            yield return sim.Delay(2);
            for (int i = 0; i < 2; i++)
            {
                StoreGet<string> get = store.Get();
                yield return get;
                got.Add(get.Item);
            }
        }
    }

    [Fact]
    public void Item_OfAWithdrawnGet_SaysSo()
    {
        var sim = new Simulation();
        var store = new Store<int>(sim);
        StoreGet<int> get = store.Get();
        get.Dispose();
        Assert.Contains("withdrawn", Assert.Throws<InvalidOperationException>(() => get.Item).Message);
        store.Put(1);
        Assert.False(get.IsTriggered);
        Assert.Equal(1, store.Count);
    }

    /// <summary>
    /// Producers and consumers on a small store, each operation after a coarse random delay (so many
    /// coincide): puts and gets either wait, wait with a timeout and give up when it wins (the
    /// <c>AnyOf(op, Delay)</c> pattern), or are cancelled by their process after a random delay
    /// without waiting. At a random stop time, after taking what is left in the store: every item
    /// that entered the store was taken by a get its process had not abandoned, or was still in the
    /// store — none lost, none taken twice — no abandoned get holds an item, and no abandoned put's
    /// item entered.
    /// </summary>
    [Property(MaxTest = 200)]
    public bool Store_Conserves_Items_UnderTimeoutsAndCancellations(ulong seed, PositiveInt producersGen, PositiveInt consumersGen, PositiveInt capacityGen, PositiveInt stopGen)
    {
        int producers = 1 + producersGen.Get % 4, consumers = 1 + consumersGen.Get % 4;
        int capacity = capacityGen.Get % 3 == 0 ? int.MaxValue : 1 + capacityGen.Get % 3;
        double stopAt = 1 + stopGen.Get % 60;
        var random = new RandomStream(seed);
        var sim = new Simulation();
        var store = new Store<int>(sim, capacity);
        var puts = new List<StorePut<int>>();
        var gets = new List<StoreGet<int>>();
        var abandonedPuts = new HashSet<StorePut<int>>();
        var abandonedGets = new HashSet<StoreGet<int>>();
        int nextItem = 0;

        for (int p = 0; p < producers; p++) sim.Start(Producer());
        for (int c = 0; c < consumers; c++) sim.Start(Consumer());
        sim.Run(until: stopAt);
        if (store.Count > 0 && store.WaitingGets > 0) return false; // an item and a live getter cannot both wait

        // Take what is left (a waiting put may enter as room is made: it is counted as entered below).
        var left = new List<int>();
        while (store.Count > 0)
        {
            StoreGet<int> get = store.Get();
            if (!get.IsTriggered) return false;
            left.Add(get.Item);
        }

        // Entered: puts that succeeded. Taken: the processes' gets that succeeded. Abandoned ones must be neither.
        var entered = new List<int>();
        foreach (StorePut<int> put in puts)
        {
            if (!put.IsTriggered) continue;
            if (abandonedPuts.Contains(put)) return false;
            entered.Add(put.Item);
        }
        var taken = new List<int>();
        foreach (StoreGet<int> get in gets)
        {
            if (!get.IsTriggered) continue;
            if (abandonedGets.Contains(get)) return false;
            taken.Add(get.Item);
        }
        var all = taken.Concat(left).ToList();
        bool noDuplicates = all.Distinct().Count() == all.Count;
        bool sameItems = all.OrderBy(x => x).SequenceEqual(entered.OrderBy(x => x));
        return noDuplicates && sameItems && entered.Count > 0;

        IEnumerable<SimEvent> Producer()
        {
            while (true)
            {
                yield return sim.Delay(random.NextInt(3) * 0.5);
                StorePut<int> put = store.Put(nextItem++);
                puts.Add(put);
                switch (random.NextInt(3))
                {
                    case 0:
                        yield return put;
                        break;
                    case 1:
                        yield return sim.AnyOf(put, sim.Delay(random.NextInt(3) * 0.5));
                        if (!put.IsTriggered) Abandon(put);
                        break;
                    default:
                        yield return sim.Delay(random.NextInt(3) * 0.5); // cancelled without waiting on it
                        if (!put.IsTriggered) Abandon(put);
                        break;
                }
            }
        }

        IEnumerable<SimEvent> Consumer()
        {
            while (true)
            {
                yield return sim.Delay(random.NextInt(3) * 0.5);
                StoreGet<int> get = store.Get();
                gets.Add(get);
                switch (random.NextInt(3))
                {
                    case 0:
                        yield return get;
                        break;
                    case 1:
                        yield return sim.AnyOf(get, sim.Delay(random.NextInt(3) * 0.5));
                        if (!get.IsTriggered) Abandon(get);
                        break;
                    default:
                        yield return sim.Delay(random.NextInt(3) * 0.5);
                        if (!get.IsTriggered) Abandon(get);
                        break;
                }
            }
        }

        void Abandon(IDisposable op)
        {
            if (op is StorePut<int> put) abandonedPuts.Add(put);
            else abandonedGets.Add((StoreGet<int>)op);
            op.Dispose();
        }
    }
}
