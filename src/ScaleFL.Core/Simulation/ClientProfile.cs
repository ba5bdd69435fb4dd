namespace ScaleFL.Core.Simulation;

/// <summary>A simulated device.</summary>
/// <param name="Id">Client id; in the in-process driver also the index of its data view.</param>
/// <param name="MemoryBudgetBytes">Training memory the device can give.</param>
/// <param name="SpeedFactor">Relative compute speed (1 = this machine, 0.5 = twice as slow); greater than 0.</param>
/// <param name="DropoutProbability">Chance, per selection, that the client returns nothing; 0..1.</param>
public sealed record ClientProfile(int Id, long MemoryBudgetBytes, double SpeedFactor, double DropoutProbability)
{
    /// <summary>
    /// A real device that measures a stage's peak itself before training it (<c>scalefl client</c>):
    /// until it reported a figure for a stage it is asked, and its own measurement decides
    /// (<see cref="StageAdmission"/>). False for simulated devices, which the memory model decides.
    /// </summary>
    public bool MeasuresOwnMemory { get; init; }

    /// <summary>One profile per budget, ids 0..n-1, with shared speed and dropout.</summary>
    public static IReadOnlyList<ClientProfile> FromBudgets(
        IReadOnlyList<long> budgets, double speedFactor = 1.0, double dropoutProbability = 0.0) =>
        budgets.Select((budget, id) => new ClientProfile(id, budget, speedFactor, dropoutProbability)).ToList();
}
