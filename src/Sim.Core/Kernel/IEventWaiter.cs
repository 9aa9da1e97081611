namespace Sim.Kernel;

/// <summary>Something resumed when an event has been processed (a process, a condition).</summary>
internal interface IEventWaiter
{
    void OnEventProcessed(SimEvent processed);
}
