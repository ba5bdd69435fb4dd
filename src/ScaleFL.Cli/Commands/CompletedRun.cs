using ScaleFL.Core.Experiments;

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
    /// one line that tells a resumed run from a fresh one. Silent when <paramref name="resume"/> holds every round:
    /// nothing trains, the resume only settles the finished run's lost <c>final.ckpt</c> (<see cref="FinishedRun"/>),
    /// which says what it did or refuses in one line, with nothing before it.
    /// </summary>
    public static void SayResuming(ExperimentOptions options, string method, Core.Checkpoints.Checkpoint resume)
    {
        if (resume.Round < options.Rounds)
        {
            Console.WriteLine($"{method}: resuming after round {resume.Round} from {RunFolder.CheckpointPathOf(options, method)}");
        }
    }
}
