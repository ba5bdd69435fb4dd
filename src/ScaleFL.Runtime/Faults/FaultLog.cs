using System.Collections.Concurrent;
using ScaleFL.Core.Faults;

namespace ScaleFL.Runtime.Faults;

/// <summary>Thread-safe sink of the faults the injectors of one run carry out.</summary>
public sealed class FaultLog
{
    private readonly ConcurrentQueue<FaultEvent> events = new();

    /// <summary>Records one injected fault.</summary>
    public void Record(FaultEvent fault) => events.Enqueue(fault);

    /// <summary>Everything recorded so far, in canonical order.</summary>
    public FaultReport Report() => FaultReport.Of(events);
}
