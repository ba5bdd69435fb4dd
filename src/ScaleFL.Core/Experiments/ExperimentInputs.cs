using ScaleFL.Core.Faults;
using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Experiments;

/// <summary>
/// The input files an experiment names besides its data (the fault plan, the <c>--init</c> weights),
/// checked before any data loads and before any run folder is created or locked, so a missing
/// file, a directory, a pipe, a device, a malformed plan or malformed weights is refused in one line with nothing
/// written (the experiment file itself is read, and so checked, when the options are resolved).
/// </summary>
public static class ExperimentInputs
{
    /// <summary>
    /// Loads and validates the fault plan of <paramref name="options"/> (against its clients and
    /// rounds) and reads its initial weights (a regular file, a checkpoint or safetensors); returns <paramref name="options"/>.
    /// Throws <see cref="ExperimentException"/> naming the file and the problem. Whether the weights
    /// fit the model is checked when the model is built.
    /// </summary>
    public static ExperimentOptions Check(ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.FaultsFile is { } plan)
        {
            FaultPlanFile.Load(plan, options.Clients, options.Rounds);
        }

        if (options.InitWeights is { } weights)
        {
            // Read whole, so a malformed file is refused here too; whether it fits the model is checked once the model is built.
            InitialWeights.ReadFile(weights);
        }

        return options;
    }
}
