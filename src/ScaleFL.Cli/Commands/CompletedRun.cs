using ScaleFL.Core.Experiments;
using ScaleFL.Core.Files;

namespace ScaleFL.Cli.Commands;

/// <summary>What <c>--resume</c> of a run that already did all its rounds says, on every command that resumes.</summary>
internal static class CompletedRun
{
    /// <summary>
    /// Says on standard output that the run of <paramref name="method"/> already holds its <paramref name="rounds"/> rounds,
    /// and what this process changed (<paramref name="outcome"/>, "nothing changed" when null). A cyclic run is told it can
    /// take more <c>--rounds</c> only when <paramref name="canContinue"/>: its last round's checkpoint is there to continue from.
    /// </summary>
    public static void Say(ExperimentOptions options, string method, int rounds, string? outcome = null, bool canContinue = true) =>
        // Said even with --quiet: the user asked for work and gets none.
        Console.WriteLine($"{method}: the run in {RunFolder.PathOf(options, method)} is already complete ({rounds} {(rounds == 1 ? "round" : "rounds")}); {outcome ?? "nothing changed"}." +
            (options.Schedule == "cyclic" && canContinue ? " Give more --rounds to continue it." : string.Empty));

    /// <summary>
    /// Says, even with <c>--quiet</c>, that <paramref name="method"/> continues after <paramref name="resume"/>'s round:
    /// one line that tells a resumed run from a fresh one. When <paramref name="resume"/> holds every round of a run
    /// stopped before its results were written, says that only the final evaluation follows. Silent when the run
    /// finished (its <c>summary.json</c> is there): the resume only settles its lost <c>final.ckpt</c>
    /// (<see cref="FinishedRun"/>), which says what it did or refuses in one line, with nothing before it.
    /// </summary>
    public static void SayResuming(ExperimentOptions options, string method, Core.Checkpoints.Checkpoint resume)
    {
        var from = $"{method}: resuming after round {resume.Round} from {RunFolder.CheckpointPathOf(options, method)}";
        if (resume.Round < options.Rounds)
        {
            Console.WriteLine(from);
        }
        else if (!InputFile.IsPresent(Path.Combine(RunFolder.PathOf(options, method), SummaryFile.Name)))
        {
            // Stopped after its last round's checkpoint, before its results were written.
            Console.WriteLine($"{from}: every round is done; the final evaluation follows.");
        }
    }
}
