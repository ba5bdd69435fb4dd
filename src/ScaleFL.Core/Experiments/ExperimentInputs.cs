using ScaleFL.Core.Faults;
using ScaleFL.Core.Files;

namespace ScaleFL.Core.Experiments;

/// <summary>
/// The input files an experiment names besides its data (the fault plan, the <c>--init</c> weights),
/// checked before any data loads and before any run folder is created or locked, so a missing
/// file, a directory, a pipe, a device or a malformed plan is refused in one line with nothing
/// written (the experiment file itself is read, and so checked, when the options are resolved).
/// </summary>
public static class ExperimentInputs
{
    /// <summary>
    /// Loads and validates the fault plan of <paramref name="options"/> (against its clients and
    /// rounds) and checks its initial weights are a regular file; returns <paramref name="options"/>.
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
            InputFile.CheckRegular(weights, "Initial weights");
        }

        return options;
    }
}
