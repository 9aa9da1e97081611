namespace Sim.Kernel;

/// <summary>How a <see cref="Condition"/> combines its events.</summary>
public enum ConditionMode
{
    /// <summary>Succeeds when the first event has been processed.</summary>
    Any,

    /// <summary>Succeeds when every event has succeeded.</summary>
    All,
}
