using ScaleFL.Core.Models;
using ScaleFL.Core.Objective;
using static TorchSharp.torch;

namespace ScaleFL.Runtime.Faults;

/// <summary>
/// Lets a <see cref="FaultInjector"/> crash its device in the middle of local training: armed
/// before a task, the next objective the device asks for calls back after the given number of
/// optimizer steps (one loss per step). The callback only tells the injector; it never blocks.
/// </summary>
internal sealed class StepTrap
{
    private Armed? armed;

    public void Arm(int steps, Action fire) => Volatile.Write(ref armed, new Armed(steps, fire));

    public void Disarm() => Volatile.Write(ref armed, null);

    /// <summary>Wraps <paramref name="inner"/> so that it honours the trap when armed; returns it unchanged otherwise.</summary>
    public IStageObjective Around(IStageObjective inner) =>
        Take() is { } trapped ? new CountingObjective(inner, trapped) : inner;

    private Armed? Take() => Interlocked.Exchange(ref armed, null);

    private sealed record Armed(int Steps, Action Fire);

    private sealed class CountingObjective(IStageObjective inner, Armed armed) : IStageObjective
    {
        private int steps;

        public string Name => inner.Name;

        public Tensor Loss(Tensor inputs, Tensor labels, StageOutputs outputs, int stage)
        {
            if (Interlocked.Increment(ref steps) == armed.Steps)
            {
                armed.Fire();
            }

            return inner.Loss(inputs, labels, outputs, stage);
        }
    }
}
