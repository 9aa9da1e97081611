namespace Sim.Kernel;

/// <summary>
/// An event of the process API: pending, then triggered (succeeded with a value, or failed with an
/// exception, and put on the calendar), then processed (its waiters resumed). Processes wait for an
/// event by yielding it.
/// </summary>
/// <remarks>
/// A failed event must be waited for: a failure that nobody waits for stops the run with
/// <see cref="EventFailedException"/>; a process that waits for a failed event stops the run with
/// <see cref="ProcessFailedException"/>. Not thread safe.
/// </remarks>
public class SimEvent : IEventTarget
{
    private IEventWaiter? _waiter;
    private List<IEventWaiter>? _moreWaiters;

    /// <summary>Creates a pending event (model code triggers it later).</summary>
    /// <param name="simulation">The owning simulation.</param>
    public SimEvent(Simulation simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        Simulation = simulation;
    }

    /// <summary>The owning simulation.</summary>
    public Simulation Simulation { get; }

    /// <summary>True once <see cref="Succeed"/> or <see cref="Fail"/> was called (or the kernel triggered it).</summary>
    public bool IsTriggered { get; private set; }

    /// <summary>True once the event has run and its waiters have been resumed.</summary>
    public bool IsProcessed { get; private set; }

    /// <summary>True when triggered by success; false while pending or when failed.</summary>
    public bool IsOk => IsTriggered && Error is null;

    /// <summary>The value given on success (null when none).</summary>
    public object? Value { get; private set; }

    /// <summary>The exception given on failure (null otherwise).</summary>
    public Exception? Error { get; private set; }

    /// <summary>Triggers the event with success; it is processed at the current time, before ordinary events.</summary>
    /// <param name="value">Optional value for the waiters.</param>
    /// <exception cref="InvalidOperationException">Already triggered.</exception>
    public void Succeed(object? value = null)
    {
        MarkTriggered(value, null);
        Simulation.Schedule(0, this, 0, 0, EventPriority.Urgent);
    }

    /// <summary>Triggers the event with failure.</summary>
    /// <param name="error">The failure; not null.</param>
    /// <exception cref="InvalidOperationException">Already triggered.</exception>
    public void Fail(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        MarkTriggered(null, error);
        Simulation.Schedule(0, this, 0, 0, EventPriority.Urgent);
    }

    /// <summary>Marks the event triggered without scheduling it (for subclasses that schedule themselves, e.g. a delay).</summary>
    private protected void MarkTriggered(object? value, Exception? error)
    {
        if (IsTriggered) throw new InvalidOperationException("The event has already been triggered.");
        IsTriggered = true;
        Value = value;
        Error = error;
    }

    internal void AddWaiter(IEventWaiter waiter)
    {
        if (_waiter is null) _waiter = waiter;
        else (_moreWaiters ??= new List<IEventWaiter>(2)).Add(waiter);
    }

    /// <inheritdoc />
    void IEventTarget.Handle(Simulation simulation, int kind, long data) => HandleKernelEvent(kind);

    /// <summary>Kernel hook: kind 0 processes the event; subclasses may use other kinds for their own scheduling.</summary>
    private protected virtual void HandleKernelEvent(int kind) => ProcessNow();

    private protected void ProcessNow()
    {
        IsProcessed = true;
        IEventWaiter? first = _waiter;
        if (first is null)
        {
            if (Error is not null) throw new EventFailedException(Simulation.Now, Error);
            return;
        }
        _waiter = null;
        first.OnEventProcessed(this);
        if (_moreWaiters is { } more)
        {
            _moreWaiters = null;
            foreach (IEventWaiter w in more) w.OnEventProcessed(this);
        }
    }
}
