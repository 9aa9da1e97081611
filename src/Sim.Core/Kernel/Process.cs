namespace Sim.Kernel;

/// <summary>
/// A process of the process API: an iterator of <see cref="SimEvent"/>s, resumed each time the
/// event it yielded has been processed. The process is itself an event that succeeds when its body
/// ends, so other processes can wait for it. Create with <see cref="Simulation.Start"/>.
/// </summary>
/// <remarks>
/// If the body throws, yields null, yields an event of another simulation, or waits for an event
/// that failed, the run stops with <see cref="ProcessFailedException"/> naming this process.
/// </remarks>
public sealed class Process : SimEvent, IEventWaiter
{
    private const int StartKind = 1, WakeKind = 2;
    private readonly IEnumerator<SimEvent> _body;

    private readonly string? _name;
    private readonly long _number;

    internal Process(Simulation simulation, IEnumerable<SimEvent> body, string? name, long number) : base(simulation)
    {
        _name = name;
        _number = number;
        _body = body.GetEnumerator();
        simulation.Schedule(0, this, StartKind, 0, EventPriority.Urgent);
    }

    /// <summary>The name used in messages: the one given to <see cref="Simulation.Start"/>, else "process#N" (N counts from 1).</summary>
    public string Name => _name ?? $"process#{_number}";

    /// <summary>True until the body has ended.</summary>
    public bool IsAlive => !IsTriggered;

    /// <summary>The event the process is waiting for, or null when it is not waiting on an event (running, or in a <see cref="Simulation.Hold"/>).</summary>
    public SimEvent? Target { get; private set; }

    private protected override void HandleKernelEvent(int kind)
    {
        if (kind is StartKind or WakeKind) Resume(null); // started, or a Hold is over
        else ProcessNow();
    }

    void IEventWaiter.OnEventProcessed(SimEvent processed) => Resume(processed);

    private void Resume(SimEvent? processed)
    {
        Target = null;
        while (true)
        {
            if (processed is not null && processed.Error is not null)
                throw new ProcessFailedException(Name, Simulation.Now, processed.Error);
            bool more;
            try
            {
                more = _body.MoveNext();
            }
            catch (Exception ex)
            {
                throw new ProcessFailedException(Name, Simulation.Now, ex);
            }
            if (!more)
            {
                _body.Dispose();
                Succeed();
                return;
            }
            SimEvent next = _body.Current
                ?? throw new ProcessFailedException(Name, Simulation.Now, new InvalidOperationException("The process yielded null; yield an event to wait for."));
            if (!ReferenceEquals(next.Simulation, Simulation))
                throw new ProcessFailedException(Name, Simulation.Now, new InvalidOperationException("The process yielded an event of another simulation."));
            if (ReferenceEquals(next, Simulation.HoldMarker))
            {
                double seconds;
                try
                {
                    seconds = Simulation.HoldMarker!.Take();
                }
                catch (InvalidOperationException ex)
                {
                    throw new ProcessFailedException(Name, Simulation.Now, ex);
                }
                Simulation.Schedule(seconds, this, WakeKind);
                return;
            }
            if (next.IsProcessed)
            {
                processed = next;
                continue;
            }
            Target = next;
            next.AddWaiter(this);
            return;
        }
    }
}
