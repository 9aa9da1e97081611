namespace Sim.Kernel;

/// <summary>A member of a <see cref="WaitList{TNode}"/>: the links live in the node itself.</summary>
/// <typeparam name="TNode">The node type.</typeparam>
internal interface IWaitListNode<TNode> where TNode : class
{
    TNode? Previous { get; set; }
    TNode? Next { get; set; }
}
