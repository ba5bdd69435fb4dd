using ScaleFL.Core.Checkpoints;
using ScaleFL.Core.Experiments;

namespace ScaleFL.Cli.Commands;

/// <summary>What <c>--resume</c> of a run that already did all its rounds says, on every command that resumes.</summary>
internal static class CompletedRun
{
    /// <summary>True, after saying so on standard output, when <paramref name="resume"/> already holds every round of <paramref name="options"/>.</summary>
    public static bool Report(ExperimentOptions options, string method, Checkpoint resume)
    {
        if (!ResumePoint.IsComplete(options, method, resume))
        {
            return false;
        }

        // Said even with --quiet: the user asked for work and gets none.
        Console.WriteLine($"{method}: the run in {RunFolder.PathOf(options, method)} is already complete ({resume.Round} rounds); nothing changed.{(options.Schedule == "cyclic" ? " Give more --rounds to continue it." : string.Empty)}");
        return true;
    }
}
