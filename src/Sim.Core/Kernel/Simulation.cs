namespace Sim.Kernel;

/// <summary>
/// A discrete-event simulation: one clock, one event calendar, and the processes and resources
/// built on them. Events run in (time, priority, insertion) order; the clock never goes back.
/// </summary>
/// <remarks>
/// <para>Two ways to write models, which may be mixed in one simulation:</para>
/// <list type="bullet">
/// <item>the low-level mechanism: <see cref="Schedule"/> an event for an <see cref="IEventTarget"/>
/// with an integer kind and payload (no allocation per event; used by the built-in components);</item>
/// <item>the process API: <see cref="Start"/> an iterator that yields <see cref="SimEvent"/>s —
/// <see cref="Delay(double)"/>, a <see cref="Resource"/> request, a <see cref="Store{T}"/> get or put,
/// <see cref="AnyOf"/>/<see cref="AllOf"/>, another <see cref="Process"/>.</item>
/// </list>
/// <para>An exception thrown by model code stops the run: it propagates out of <see cref="Run"/>
/// (wrapped in <see cref="ProcessFailedException"/> for processes) and the simulation refuses to
/// run further. Not thread safe; independent simulations may run in parallel on different threads
/// (there is no shared static state).</para>
/// </remarks>
public sealed class Simulation
{
    private readonly EventCalendar _calendar;
    private bool _stopRequested;
    private Exception? _fault;

    /// <summary>Creates a simulation whose clock starts at <paramref name="startTime"/>.</summary>
    /// <param name="startTime">Initial clock value, seconds; finite, default 0.</param>
    /// <param name="initialCalendarCapacity">Pending events held before the calendar first grows; ≥ 1, default 256.</param>
    public Simulation(double startTime = 0, int initialCalendarCapacity = 256)
    {
        if (!double.IsFinite(startTime)) throw new ArgumentOutOfRangeException(nameof(startTime), startTime, "Start time must be finite.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(initialCalendarCapacity);
        Now = startTime;
        _calendar = new EventCalendar(initialCalendarCapacity);
    }

    /// <summary>The simulated clock, in seconds. Never decreases.</summary>
    public double Now { get; private set; }

    /// <summary>Number of events run so far.</summary>
    public long EventsProcessed { get; private set; }

    /// <summary>Number of events pending in the calendar.</summary>
    public int PendingEvents => _calendar.Count;

    /// <summary>The calendar (read-only use: sizes, peeking).</summary>
    public EventCalendar Calendar => _calendar;

    /// <summary>Optional observer called before every event; null (the default) costs one check per event.</summary>
    public IEventTrace? Trace { get; set; }

    /// <summary>Schedules an event <paramref name="delay"/> seconds from now.</summary>
    /// <param name="delay">Seconds from <see cref="Now"/>; finite and ≥ 0.</param>
    /// <param name="target">Receiver.</param>
    /// <param name="kind">Target-defined kind, default 0.</param>
    /// <param name="data">Target-defined payload, default 0.</param>
    /// <param name="priority">Order among events at the same time; lower first; default <see cref="EventPriority.Normal"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">Delay negative, NaN or infinite; priority out of range.</exception>
    public EventHandle Schedule(double delay, IEventTarget target, int kind = 0, long data = 0, int priority = EventPriority.Normal)
    {
        if (!(delay >= 0) || double.IsPositiveInfinity(delay))
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "Delay must be finite and ≥ 0 seconds.");
        return _calendar.Add(Now + delay, priority, target, kind, data);
    }

    /// <summary>Schedules an event at absolute time <paramref name="time"/>.</summary>
    /// <param name="time">Seconds; finite and ≥ <see cref="Now"/>.</param>
    /// <param name="target">Receiver.</param>
    /// <param name="kind">Target-defined kind, default 0.</param>
    /// <param name="data">Target-defined payload, default 0.</param>
    /// <param name="priority">Order among events at the same time; lower first; default <see cref="EventPriority.Normal"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">Time in the past, NaN or infinite; priority out of range.</exception>
    public EventHandle ScheduleAt(double time, IEventTarget target, int kind = 0, long data = 0, int priority = EventPriority.Normal)
    {
        if (!(time >= Now) || double.IsPositiveInfinity(time))
            throw new ArgumentOutOfRangeException(nameof(time), time, $"Time must be finite and ≥ now ({Now} s).");
        return _calendar.Add(time, priority, target, kind, data);
    }

    /// <summary>Kernel use: schedules <paramref name="delay"/> seconds from now; the caller has checked the delay (finite, ≥ 0).</summary>
    internal void ScheduleChecked(double delay, IEventTarget target, int kind) => _calendar.AddUnchecked(Now + delay, EventPriority.Normal, target, kind, 0);

    /// <summary>Kernel use: an urgent event at the current instant (a process started, an event with waiters triggered).</summary>
    internal void ScheduleUrgentNow(IEventTarget target, int kind) => _calendar.AddUnchecked(Now, EventPriority.Urgent, target, kind, 0);

    /// <summary>Cancels a pending event; false when it already ran or was cancelled.</summary>
    public bool Cancel(EventHandle handle) => _calendar.Cancel(handle);

    /// <summary>Asks the running <see cref="Run"/> to return <see cref="RunOutcome.Stopped"/> after the current event.</summary>
    public void Stop() => _stopRequested = true;

    /// <summary>
    /// Runs events in order until one of: the calendar is empty; the next event's time is ≥
    /// <paramref name="until"/> (the clock is then set to <paramref name="until"/>, and that event is
    /// left pending); <paramref name="stopWhen"/> returns true after an event; the token is cancelled
    /// (checked every 1,024 events); <see cref="Stop"/> is called.
    /// </summary>
    /// <param name="until">End time, seconds, &gt; <see cref="Now"/> or +∞ (default: no end time).</param>
    /// <param name="stopWhen">Checked after every event; null for none.</param>
    /// <param name="cancellationToken">Cooperative cancellation.</param>
    /// <returns>Why the run returned.</returns>
    /// <exception cref="ProcessFailedException">A process threw, or waited on a failed event.</exception>
    /// <exception cref="InvalidOperationException">The simulation already failed in an earlier run.</exception>
    public RunOutcome Run(double until = double.PositiveInfinity, Func<bool>? stopWhen = null, CancellationToken cancellationToken = default)
    {
        if (double.IsNaN(until) || until < Now)
            throw new ArgumentOutOfRangeException(nameof(until), until, $"End time must be ≥ now ({Now} s).");
        if (_fault is not null)
            throw new InvalidOperationException("The simulation cannot continue: it stopped after a failure.", _fault);
        _stopRequested = false;
        try
        {
            if (stopWhen is null && Trace is null && !cancellationToken.CanBeCanceled) return RunFast(until);
            int untilCheck = 1024;
            while (true)
            {
                if (!_calendar.TryDequeueBefore(until, out double time, out long order, out IEventTarget target, out int kind, out long data))
                    return Finish(until);
                Now = time;
                EventsProcessed++;
                Trace?.OnEvent(time, EventCalendar.PriorityOf(order), EventCalendar.SequenceOf(order), target, kind, data);
                target.Handle(this, kind, data);
                if (_stopRequested) return RunOutcome.Stopped;
                if (stopWhen is not null && stopWhen()) return RunOutcome.ConditionMet;
                if (--untilCheck == 0)
                {
                    untilCheck = 1024;
                    if (cancellationToken.IsCancellationRequested) return RunOutcome.Cancelled;
                }
            }
        }
        catch (Exception ex)
        {
            _fault = ex;
            throw;
        }
    }

    /// <summary>The loop without condition, trace or token: the common case, kept minimal.</summary>
    private RunOutcome RunFast(double until)
    {
        EventCalendar calendar = _calendar;
        long processed = 0;
        try
        {
            while (calendar.TryDequeueBefore(until, out double time, out _, out IEventTarget target, out int kind, out long data))
            {
                Now = time; // the calendar never yields a time below Now: Schedule rejects negative delays
                processed++;
                target.Handle(this, kind, data);
                if (_stopRequested) return RunOutcome.Stopped;
            }
        }
        finally
        {
            EventsProcessed += processed;
        }
        return Finish(until);
    }

    private RunOutcome Finish(double until)
    {
        bool empty = _calendar.Count == 0;
        if (!double.IsPositiveInfinity(until)) Now = until;
        return empty ? RunOutcome.CalendarEmpty : RunOutcome.TimeReached;
    }

    /// <summary>Runs exactly one event, if any.</summary>
    /// <returns>False when the calendar was empty.</returns>
    public bool Step()
    {
        if (_fault is not null)
            throw new InvalidOperationException("The simulation cannot continue: it stopped after a failure.", _fault);
        if (double.IsPositiveInfinity(_calendar.PeekTime())) return false;
        try
        {
            RunNext();
        }
        catch (Exception ex)
        {
            _fault = ex;
            throw;
        }
        return true;
    }

    private void RunNext()
    {
        _calendar.TryDequeue(out double time, out long order, out IEventTarget target, out int kind, out long data);
        Now = time;
        EventsProcessed++;
        Trace?.OnEvent(time, EventCalendar.PriorityOf(order), EventCalendar.SequenceOf(order), target, kind, data);
        target.Handle(this, kind, data);
    }

    // ---- Process API --------------------------------------------------------------------------

    /// <summary>Starts a process: its body runs from the next urgent event at the current time.</summary>
    /// <param name="body">An iterator yielding the events to wait for, in order.</param>
    /// <param name="name">A name for messages; default "process#N".</param>
    /// <returns>The process, itself an event that succeeds when the body ends.</returns>
    public Process Start(IEnumerable<SimEvent> body, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        return new Process(this, body, name, ++_processCount);
    }

    private long _processCount;

    /// <summary>An event that succeeds <paramref name="seconds"/> from now.</summary>
    /// <param name="seconds">Delay, finite and ≥ 0.</param>
    public Delay Delay(double seconds) => new(this, seconds);

    /// <summary>
    /// Like <see cref="Delay(double)"/> — the process that yields it resumes <paramref name="seconds"/>
    /// later — but allocates nothing: it returns one reusable marker that only a process body may
    /// yield, directly and at once (<c>yield return sim.Hold(t);</c>).
    /// </summary>
    /// <param name="seconds">Delay, finite and ≥ 0.</param>
    /// <returns>The simulation's hold marker, armed with <paramref name="seconds"/>.</returns>
    /// <remarks>
    /// The marker cannot be kept, yielded twice, combined in <see cref="AnyOf"/>/<see cref="AllOf"/>
    /// or inspected afterwards: use <see cref="Delay(double)"/> for that. Misuse fails loudly: a second
    /// <c>Hold</c> before the first was yielded throws <see cref="InvalidOperationException"/>; a process
    /// yielding a used marker stops the run with <see cref="ProcessFailedException"/>. The resumed
    /// process runs at the same instant and in the same order as with a <see cref="Kernel.Delay"/>
    /// created at the yield. While it holds, <see cref="Process.Target"/> is null.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="seconds"/> is negative, NaN or infinite.</exception>
    /// <exception cref="InvalidOperationException">The previous <c>Hold</c> was not yielded.</exception>
    public SimEvent Hold(double seconds)
    {
        if (!(seconds >= 0) || double.IsPositiveInfinity(seconds))
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "Delay must be finite and ≥ 0 seconds.");
        HoldEvent hold = _hold ??= new HoldEvent(this);
        hold.Arm(seconds);
        return hold;
    }

    private HoldEvent? _hold;

    /// <summary>The hold marker, if <see cref="Hold"/> was ever called (processes recognise it by reference).</summary>
    internal HoldEvent? HoldMarker => _hold;

    /// <summary>A new pending event that model code triggers with <see cref="SimEvent.Succeed"/> or <see cref="SimEvent.Fail"/>.</summary>
    public SimEvent Event() => new(this);

    /// <summary>An event that succeeds when the first of <paramref name="events"/> has been processed (value: that event); fails if that event failed.</summary>
    public Condition AnyOf(params SimEvent[] events) => new(this, events, ConditionMode.Any);

    /// <summary>An event that succeeds when every one of <paramref name="events"/> has succeeded; fails as soon as one fails.</summary>
    public Condition AllOf(params SimEvent[] events) => new(this, events, ConditionMode.All);
}
