using Sim.Kernel;
using Sim.Scenarios;

namespace Sim.Stack.Stations;

/// <summary>
/// A call to a service outside the model (a payment API, S3): a pure delay drawn per call, with no capacity limit
/// here. The worker is held meanwhile, which is the point of modelling it.
/// </summary>
internal sealed class ExternalCallStation : Station
{
    private const int KStepDone = 0;

    public ExternalCallStation(StackModel model) : base(model, "external")
    {
    }

    /// <summary>The request's current step is an <see cref="ExternalCallStep"/>: wait its latency.</summary>
    public override bool Accept(int slot)
    {
        var step = (ExternalCallStep)Model.CurrentStep(slot);
        double latency = step.LatencySeconds.Sample(Model.RandomOf(slot));
        Model.BeginSegment(slot, BreakdownCategory.External, latency);
        Sim.Schedule(latency, this, KStepDone, Model.TagOf(slot));
        return true;
    }

    public override void Handle(Simulation simulation, int kind, long data)
    {
        int slot = Model.Live(data);
        if (slot < 0) return;
        Model.EndSegment(slot);
        Model.NextStep(slot);
    }

    public override string KindName(int kind) => kind == KStepDone ? "StepDone" : base.KindName(kind);
}
