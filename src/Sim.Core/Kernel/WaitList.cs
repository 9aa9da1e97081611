namespace Sim.Kernel;

/// <summary>
/// A FIFO of waiting requests linked through the requests themselves: append, take the first, and
/// remove any member (a withdrawn request) in O(1), allocating nothing. So a request that gives up
/// leaves at once instead of waiting, dead, until it reaches the front. Not thread safe.
/// </summary>
/// <typeparam name="TNode">The request type.</typeparam>
internal sealed class WaitList<TNode> where TNode : class, IWaitListNode<TNode>
{
    private TNode? _head, _tail;

    /// <summary>Members now.</summary>
    public int Count { get; private set; }

    /// <summary>The oldest member, or null when empty.</summary>
    public TNode? First => _head;

    /// <summary>Appends a node that is in no list.</summary>
    public void Append(TNode node)
    {
        node.Previous = _tail;
        node.Next = null;
        if (_tail is null) _head = node;
        else _tail.Next = node;
        _tail = node;
        Count++;
    }

    /// <summary>Removes a member (the caller knows it is one).</summary>
    public void Remove(TNode node)
    {
        TNode? previous = node.Previous, next = node.Next;
        if (previous is null) _head = next;
        else previous.Next = next;
        if (next is null) _tail = previous;
        else next.Previous = previous;
        node.Previous = null;
        node.Next = null;
        Count--;
    }
}
