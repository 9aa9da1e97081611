using Sim.Kernel;
using Sim.Scenarios;

namespace Sim.Stack.Stations;

/// <summary>
/// The state of one request (or Celery task) in flight, kept in the model's slot table
/// (<see cref="StackModel.Request"/>) and read and written in place by the stations it passes.
/// A plain struct so that the table is one array and nothing is allocated per request.
/// </summary>
internal struct StackRequest
{
    public int Generation;
    public bool Live;
    public bool IsTask;
    public int Class;
    public int Server;
    public int Pc;              // the index of the current step in the class's (or the task's) steps
    public int Worker;
    public int User;            // closed load: the user; −1 for open load and tasks
    public int Population;      // the index of the request's population in load.populations (0 without populations)
    public ulong Key;           // the request's random key: its own stream, and the substreams of decisions made for it
    public ulong ParentKey;     // a task: the key of the request that published it
    public double Start;        // intended start (arrival or end of think time)
    public double SegmentStart; // when the current breakdown segment began
    public int Segment;         // its category
    public double SegmentWork;  // the service part of the segment (CPU or query work)
    public double Body;         // uncompressed response bytes
    public double TransferEnd;  // when the client has the whole response
    public double AtServer;     // when the request reaches its server (kept when that moment is merged into the handshake's event)
    public double Handshake;    // the handshake's network time drawn ahead for that merged event
    public double Queued;       // a task: when the broker delivered it (its wait for a Celery worker starts)
    public int QueriesLeft;
    public DbStep? Db;
    public bool HoldsProxy, HoldsRequestConn, HoldsPoolConn, WaitingForPool, WaitingForCache;
    public bool DbCounted;      // the request's connection (new or reused) has been counted
    public bool CacheSet;       // the pending cache operation is a SET
    public double CacheDraw;    // the uniform drawn for the pending GET (fixed hit ratio)
    public int CacheKey;        // the key of the last GET (key-space model), −1 before any
    public int CacheNode;       // the Redis node of the pending cache operation
    public double CacheQueued;  // when the pending command reached its node's queue (server model)
    public EventHandle PoolTimeout;
    public int Attempt;         // 0 for the first attempt of a request, n for its nth retry
    public double AttemptStart; // when this attempt was sent (Start is the first attempt's intended start)
    public bool ClientGone;     // the client no longer waits for this attempt (client timeout): its outcome is not recorded
    public double WorkerStart;  // when the attempt's worker took it
    public EventHandle ClientTimer, PatienceTimer;
}
