using System.Runtime.CompilerServices;

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
        simulation.ScheduleUrgentNow(this, StartKind);
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
        Simulation simulation = Simulation;
        IEnumerator<SimEvent> body = _body;
        while (true)
        {
            if (processed is not null && processed.Error is not null)
                throw new ProcessFailedException(Name, simulation.Now, processed.Error);
            if (!MoveNext(body))
            {
                body.Dispose();
                Succeed();
                return;
            }
            SimEvent? next = body.Current;
            if (next is null || !ReferenceEquals(next.Simulation, simulation)) throw Misuse(next);
            if (ReferenceEquals(next, simulation.HoldMarker))
            {
                // The hold's seconds were checked by Simulation.Hold.
                if (!Unsafe.As<HoldEvent>(next).TryTake(out double seconds)) throw Misuse(next);
                simulation.ScheduleChecked(seconds, this, WakeKind);
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

    /// <summary>Advances the body; an exception from it stops the run as this process's failure.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool MoveNext(IEnumerator<SimEvent> body)
    {
        try
        {
            return body.MoveNext();
        }
        catch (Exception ex)
        {
            throw new ProcessFailedException(Name, Simulation.Now, ex);
        }
    }

    /// <summary>The failure for an event the body must not yield.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ProcessFailedException Misuse(SimEvent? next) => new(Name, Simulation.Now, new InvalidOperationException(
        next is null ? "The process yielded null; yield an event to wait for."
        : !ReferenceEquals(next.Simulation, Simulation) ? "The process yielded an event of another simulation."
        : HoldEvent.UsedMessage));
}
