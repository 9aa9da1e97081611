using System.Runtime.CompilerServices;

namespace Sim.Kernel;

/// <summary>
/// An event of the process API: pending, then triggered (succeeded with a value, or failed with an
/// exception), then processed (its waiters resumed). Processes wait for an event by yielding it.
/// </summary>
/// <remarks>
/// <para>A triggered event with waiters is processed through the calendar at the current time with
/// <see cref="EventPriority.Urgent"/>; one that succeeds while nobody waits is processed at once, so
/// a process that yields it later continues immediately at the same simulated time.</para>
/// <para>A failed event must be waited for: a failure that nobody waits for stops the run with
/// <see cref="EventFailedException"/>; a process that waits for a failed event stops the run with
/// <see cref="ProcessFailedException"/>. Not thread safe.</para>
/// </remarks>
public class SimEvent : IEventTarget
{
    private const byte Triggered = 1, Processed = 2, Failed = 4;

    // Kept small on purpose: processes allocate several events per customer.
    private object? _waiters;  // null, one IEventWaiter, or List<IEventWaiter>
    private object? _outcome;  // the value on success, the exception on failure
    private byte _state;

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
    public bool IsTriggered => (_state & Triggered) != 0;

    /// <summary>True once the event has run and its waiters have been resumed.</summary>
    public bool IsProcessed => (_state & Processed) != 0;

    /// <summary>True when triggered by success; false while pending or when failed.</summary>
    public bool IsOk => (_state & (Triggered | Failed)) == Triggered;

    /// <summary>The value given on success (null when none, or when failed).</summary>
    public object? Value => (_state & Failed) != 0 ? null : _outcome;

    /// <summary>The exception given on failure (null otherwise).</summary>
    public Exception? Error => (_state & Failed) != 0 ? (Exception)_outcome! : null;

    /// <summary>Triggers the event with success.</summary>
    /// <param name="value">Optional value for the waiters.</param>
    /// <exception cref="InvalidOperationException">Already triggered.</exception>
    public void Succeed(object? value = null)
    {
        MarkTriggered(value, null);
        if (_waiters is null)
        {
            // Nobody to resume: processed at once. The common uncontended cases (a free resource,
            // a finished process nobody joins) thereby save a calendar round trip.
            _state |= Processed;
            return;
        }
        Simulation.ScheduleUrgentNow(this, 0);
    }

    /// <summary>Triggers the event with failure; it is processed through the calendar at the current time.</summary>
    /// <param name="error">The failure; not null.</param>
    /// <exception cref="InvalidOperationException">Already triggered.</exception>
    public void Fail(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        MarkTriggered(null, error);
        Simulation.ScheduleUrgentNow(this, 0);
    }

    /// <summary>Marks the event triggered without scheduling it (for subclasses that schedule themselves, e.g. a delay).</summary>
    private protected void MarkTriggered(object? value, Exception? error)
    {
        if ((_state & Triggered) != 0) throw new InvalidOperationException("The event has already been triggered.");
        if (error is null)
        {
            _state |= Triggered;
            _outcome = value;
        }
        else
        {
            _state |= Triggered | Failed;
            _outcome = error;
        }
    }

    internal void AddWaiter(IEventWaiter waiter)
    {
        switch (_waiters)
        {
            case null:
                _waiters = waiter;
                break;
            case List<IEventWaiter> list:
                list.Add(waiter);
                break;
            default:
                _waiters = new List<IEventWaiter>(2) { (IEventWaiter)_waiters, waiter };
                break;
        }
    }

    /// <inheritdoc />
    void IEventTarget.Handle(Simulation simulation, int kind, long data) => HandleKernelEvent(kind);

    /// <summary>Kernel hook: kind 0 processes the event; subclasses may use other kinds for their own scheduling.</summary>
    private protected virtual void HandleKernelEvent(int kind) => ProcessNow();

    private protected void ProcessNow()
    {
        _state |= Processed;
        object? waiters = _waiters;
        _waiters = null;
        switch (waiters)
        {
            case null:
                if ((_state & Failed) != 0) throw new EventFailedException(Simulation.Now, (Exception)_outcome!);
                break;
            case List<IEventWaiter> list:
                foreach (IEventWaiter w in list) w.OnEventProcessed(this);
                break;
            default:
                Unsafe.As<IEventWaiter>(waiters).OnEventProcessed(this);
                break;
        }
    }
}
