using ScaleFL.Core.Aggregation;
using ScaleFL.Core.Objective;

namespace ScaleFL.Core.Simulation;

/// <summary>What happened in one round of a simulated run.</summary>
/// <param name="Round">The round, 1-based.</param>
/// <param name="Stage">The stage trained and evaluated (0-based; the last stage for full-model methods).</param>
/// <param name="Accuracy">Test accuracy of that stage after the round.</param>
/// <param name="Loss">Sample-weighted mean training loss of the clients that completed; null when none did.</param>
/// <param name="TestLoss">Test cross-entropy of that stage after the round.</param>
/// <param name="Eligible">Clients whose memory budget allowed them to join.</param>
/// <param name="Selected">Clients sampled from the eligible ones.</param>
/// <param name="Completed">Selected clients that returned an update.</param>
/// <param name="Dropped">Selected clients that dropped out.</param>
/// <param name="TrainSeconds">Sum of the clients' measured local training times.</param>
/// <param name="SimulatedSeconds">
/// The round's training time had the clients run in parallel on their own devices: the slowest
/// client's time divided by its <see cref="ClientProfile.SpeedFactor"/>.
/// </param>
/// <param name="WallSeconds">Measured time of the whole round, evaluation included.</param>
/// <param name="BytesDown">Weights sent to the selected clients.</param>
/// <param name="BytesUp">Weights returned by the clients that completed.</param>
/// <param name="Late">Updates that arrived after the round's deadline and were discarded (actor runtime only).</param>
public sealed record RoundMetrics(
    int Round,
    int Stage,
    double Accuracy,
    double? Loss,
    double TestLoss,
    int Eligible,
    int Selected,
    int Completed,
    int Dropped,
    double TrainSeconds,
    double SimulatedSeconds,
    double WallSeconds,
    long BytesDown,
    long BytesUp,
    int Late = 0)
{
    private readonly ValueList<int> participants = ValueList.Of<int>(null);
    private readonly ValueList<HsicPlanePoint> hsicPoints = ValueList.Of<HsicPlanePoint>(null);
    private readonly ValueList<RejectionCount> rejected = ValueList.Of<RejectionCount>(null);

    /// <summary>Ids of the clients whose update was aggregated this round, ascending; empty when not recorded.</summary>
    public IReadOnlyList<int> Participants
    {
        get => participants;
        init => participants = ValueList.Of(value);
    }

    /// <summary>
    /// Where each block 0..<see cref="Stage"/> stood in the nHSIC plane after the round, on the
    /// run's fixed probe batch; empty unless the run records the plane (<see cref="HsicProbe"/>).
    /// </summary>
    public IReadOnlyList<HsicPlanePoint> HsicPoints
    {
        get => hsicPoints;
        init => hsicPoints = ValueList.Of(value);
    }

    /// <summary>Updates refused by <see cref="UpdateValidator"/> this round, per reason; empty when none were.</summary>
    public IReadOnlyList<RejectionCount> Rejected
    {
        get => rejected;
        init => rejected = ValueList.Of(value);
    }

    /// <summary>Total of <see cref="Rejected"/>.</summary>
    public int RejectedCount => rejected.Sum(count => count.Count);
}
