using FsCheck;
using FsCheck.Xunit;
using Sim.Kernel;
using Sim.Randomness;

namespace Sim.Core.Tests.Kernel;

/// <summary>
/// Cancelled events are reclaimed, so the calendar's memory follows the events really pending and
/// not the number of timeouts ever armed — and reclaiming them never changes the order of events.
/// </summary>
public class CalendarReclaimTests
{
    /// <summary>
    /// An M/D/1-like source on the low-level mechanism: an arrival every 0.1 s arms a timeout
    /// <c>timeout</c> seconds ahead and a completion 0.05 s ahead; the completion cancels the
    /// timeout (the stack's worker timeout, which nearly always loses). Records the most nodes the
    /// calendar held at any completion.
    /// </summary>
    private sealed class TimeoutSource(double timeout) : IEventTarget
    {
        private const int KArrival = 0, KDone = 1, KTimeout = 2;
        private EventHandle _timeout = EventHandle.None;

        public long Arrivals, Completions, TimeoutsFired;
        public int MaxHeld, MaxPending;

        public void Handle(Simulation sim, int kind, long data)
        {
            switch (kind)
            {
                case KArrival:
                    Arrivals++;
                    _timeout = sim.Schedule(timeout, this, KTimeout);
                    sim.Schedule(0.05, this, KDone);
                    sim.Schedule(0.1, this, KArrival);
                    break;
                case KDone:
                    Completions++;
                    sim.Cancel(_timeout);
                    MaxHeld = Math.Max(MaxHeld, sim.Calendar.HeldCount);
                    MaxPending = Math.Max(MaxPending, sim.PendingEvents);
                    break;
                case KTimeout:
                    TimeoutsFired++;
                    break;
            }
        }
    }

    [Theory]
    [InlineData(3_600_000.0)] // 1000 h: the textbook scenarios' worker timeout, far beyond the run
    [InlineData(30.0)]        // a timeout inside the run
    public void Cancel_OneMillionFarTimeouts_HeldNodesStayBounded(double timeout)
    {
        var sim = new Simulation();
        var source = new TimeoutSource(timeout);
        sim.Schedule(0, source);
        sim.Run(until: 100_000); // 1,000,000 arrivals, each arming and cancelling one timeout

        Assert.Equal(1_000_000, source.Arrivals);
        Assert.Equal(1_000_000, source.Completions);
        Assert.Equal(0, source.TimeoutsFired);
        Assert.InRange(source.MaxPending, 1, 3);
        // Pending events stay at 2–3; the nodes held (cancelled ones included) must stay near that,
        // not grow with the arrivals: at most twice the peak pending plus the compaction threshold.
        Assert.InRange(source.MaxHeld, 1, 2 * source.MaxPending + 1024 + 1);
    }

    /// <summary>
    /// Random adds (coarse times so many tie; urgent, negative, normal and positive priorities; some
    /// far ahead), cancellations and removals on a calendar that compacts as soon as cancelled nodes
    /// outnumber pending ones (threshold 0–7), against a sorted set of the pending keys: every removal
    /// must hand out the least pending key, counts must agree, and after every successful
    /// cancellation the cancelled nodes held must not exceed max(threshold, pending). The mix
    /// alternates between growing (mostly adds) and cancelling (mostly cancellations of pending
    /// events), so compactions also hit calendars of hundreds of nodes with a deep heap.
    /// </summary>
    [Property(MaxTest = 200)]
    public bool Compaction_KeepsTheExactOrder_AndBoundsCancelledNodes(ulong seed, PositiveInt opsGen, NonNegativeInt thresholdGen)
    {
        int ops = 300 + opsGen.Get * 997 % 3700; // FsCheck keeps its integers small (≤ its size, 100): spread them
        int threshold = thresholdGen.Get % 8;
        var random = new RandomStream(seed);
        var calendar = new EventCalendar(initialCapacity: 1, compactAbove: threshold);
        var target = new RecordingTarget();
        var pending = new SortedSet<(double Time, int Priority, long Sequence)>();
        var handles = new List<(EventHandle Handle, (double, int, long) Key)>();
        double now = 0;

        for (int i = 0; i < ops; i++)
        {
            bool growing = i / 150 % 2 == 0; // 150 ops growing, 150 cancelling, …
            int roll = random.NextInt(10);
            int op = growing ? (roll < 7 ? 0 : roll < 8 ? 1 : 2) : (roll < 1 ? 0 : roll < 9 ? 1 : 2); // 0 add, 1 cancel, 2 remove
            if (op == 0)
            {
                int priority = random.NextInt(4) switch { 0 => EventPriority.Urgent, 1 => -1, 2 => 0, _ => 1 };
                double time = now + random.NextInt(16) * 0.25; // spread, so the heap is far from sorted
                if (random.NextInt(6) == 0) time += 5 * random.NextInt(40); // far ahead: the far lane
                if (priority == EventPriority.Urgent && random.NextInt(2) == 0) time = now; // the urgent ring's case
                long sequence = calendar.ScheduledCount;
                EventHandle h = calendar.Add(time, priority, target, 0, sequence);
                pending.Add((time, priority, sequence));
                handles.Add((h, (time, priority, sequence)));
            }
            else if (op == 1)
            {
                // Mostly a pending event (handles of events gone are dropped on the way); sometimes
                // any handle, stale ones included, which must be refused.
                int k = -1;
                if (random.NextInt(8) == 0) k = handles.Count == 0 ? -1 : random.NextInt(handles.Count);
                else
                {
                    while (handles.Count > 0)
                    {
                        int j = random.NextInt(handles.Count);
                        if (pending.Contains(handles[j].Key))
                        {
                            k = j;
                            break;
                        }
                        handles[j] = handles[^1];
                        handles.RemoveAt(handles.Count - 1);
                    }
                }
                if (k < 0) continue;
                var (h, key) = handles[k];
                bool wasPending = pending.Remove(key);
                if (calendar.Cancel(h) != wasPending) return false;
                // Compaction is decided when a cancellation succeeds (removals may later leave the
                // cancelled nodes outnumbering fewer pending ones; they go at the next cancellation).
                int cancelledHeld = calendar.HeldCount - calendar.Count;
                if (wasPending && cancelledHeld > Math.Max(threshold, calendar.Count)) return false;
            }
            else
            {
                if (!calendar.TryDequeue(out double time, out long order, out _, out _, out long data))
                {
                    if (pending.Count != 0) return false;
                    continue;
                }
                var least = pending.Min;
                if (time != least.Time || EventCalendar.PriorityOf(order) != least.Priority || EventCalendar.SequenceOf(order) != least.Sequence || data != least.Sequence)
                    return false;
                pending.Remove(least);
                now = time;
            }
            if (calendar.Count != pending.Count) return false;
        }
        // Drain: the rest must come out in key order too.
        while (calendar.TryDequeue(out double time, out long order, out _, out _, out _))
        {
            var least = pending.Min;
            if (time != least.Time || EventCalendar.SequenceOf(order) != least.Sequence) return false;
            pending.Remove(least);
        }
        return pending.Count == 0;
    }
}
