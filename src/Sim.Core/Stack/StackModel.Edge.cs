using Sim.Stack.Stations;

namespace Sim.Stack;

public sealed partial class StackModel
{
    // ---- the caches in front of the origin (EdgeCacheStation) -----------------------------------

    /// <summary>
    /// The browser answered the new request in <paramref name="slot"/> from its cache: no request was sent, so it is no
    /// arrival; its slot is freed and its user thinks again.
    /// </summary>
    internal void ServedByBrowser(int slot)
    {
        ref StackRequest r = ref _req[slot];
        int user = r.User;
        bool cohort = InCohort(r.Start);
        r.Live = false;
        _freeSlots[_freeCount++] = slot;
        SettleUser(user, cohort);
    }

    /// <summary>The new request in <paramref name="slot"/> is sent and answered at the CDN's edge: it arrives (it is counted) without reaching the load balancer.</summary>
    internal void ArriveAtEdge(int slot)
    {
        if (WindowOpen) _arrivals++;
        _inSystem++;
        _inSystemTw.Update(_sim.Now, _inSystem);
        Clients.AttemptStarted(slot);
    }
}
