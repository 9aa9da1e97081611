namespace Sim.Kernel;

/// <summary>
/// An event over several events: any-of (value: the first processed event) or all-of (value: null).
/// Fails as soon as a counted event fails. Create with <see cref="Simulation.AnyOf"/> or <see cref="Simulation.AllOf"/>.
/// An empty list succeeds immediately.
/// </summary>
public sealed class Condition : SimEvent, IEventWaiter
{
    private readonly int _total;
    private readonly SimEvent[] _events;
    private int _done;

    internal Condition(Simulation simulation, SimEvent[] events, ConditionMode mode) : base(simulation)
    {
        ArgumentNullException.ThrowIfNull(events);
        Mode = mode;
        _events = (SimEvent[])events.Clone();
        _total = _events.Length;
        foreach (SimEvent e in _events)
        {
            ArgumentNullException.ThrowIfNull(e, nameof(events));
            if (!ReferenceEquals(e.Simulation, simulation)) throw new ArgumentException("Every event must belong to the same simulation.", nameof(events));
            if (e is HoldEvent) throw new ArgumentException("sim.Hold(…) can only be yielded by a process; combine sim.Delay(…) instead.", nameof(events));
        }
        if (_total == 0)
        {
            Succeed();
            return;
        }
        foreach (SimEvent e in _events)
        {
            if (IsTriggered) break;
            if (e.IsProcessed) Observe(e);
            else e.AddWaiter(this);
        }
    }

    /// <summary>Any-of or all-of.</summary>
    public ConditionMode Mode { get; }

    /// <summary>The events combined (a copy of the array given).</summary>
    public IReadOnlyList<SimEvent> Events => _events;

    /// <summary>For any-of: the first event processed; null before that, and for all-of.</summary>
    public SimEvent? First { get; private set; }

    void IEventWaiter.OnEventProcessed(SimEvent processed) => Observe(processed);

    private void Observe(SimEvent processed)
    {
        if (IsTriggered) return; // already decided; later outcomes no longer matter
        if (processed.Error is not null)
        {
            Fail(processed.Error);
            return;
        }
        if (Mode == ConditionMode.Any)
        {
            First = processed;
            Succeed(processed);
        }
        else if (++_done == _total)
        {
            Succeed();
        }
    }
}
