using Sim.Kernel;

namespace Sim.Core.Tests.Kernel;

/// <summary>Records (time, kind, data) of every event it receives.</summary>
internal sealed class RecordingTarget : IEventTarget
{
    public List<(double Time, int Kind, long Data)> Seen { get; } = new();

    public void Handle(Simulation simulation, int kind, long data) => Seen.Add((simulation.Now, kind, data));
}
