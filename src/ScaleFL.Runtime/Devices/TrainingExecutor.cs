using ScaleFL.Core.Models;

namespace ScaleFL.Runtime.Devices;

/// <summary>
/// The shared, bounded place where devices train: at most <see cref="MaxConcurrency"/> trainings
/// run at once, each on a model rented from a pool of at most that many instances. A thousand
/// idle devices therefore cost no model at all, and a busy run costs
/// <see cref="MaxConcurrency"/> models, not one per device. Work runs on the thread pool; the
/// caller awaits it (an actor pipes the task to itself and never blocks).
/// </summary>
public sealed class TrainingExecutor : IDisposable
{
    private readonly Func<StagedModel> modelFactory;
    private readonly SemaphoreSlim gate;
    private readonly Lock poolLock = new();
    private readonly Stack<StagedModel> idle = new();
    private readonly List<StagedModel> created = [];
    private bool disposed;

    /// <summary>An executor running at most <paramref name="maxConcurrency"/> trainings on models from <paramref name="modelFactory"/>.</summary>
    public TrainingExecutor(Func<StagedModel> modelFactory, int maxConcurrency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        this.modelFactory = modelFactory;
        MaxConcurrency = maxConcurrency;
        gate = new SemaphoreSlim(maxConcurrency, maxConcurrency);
    }

    /// <summary>Trainings that may run at once; also the most models the pool creates.</summary>
    public int MaxConcurrency { get; }

    /// <summary>Models created so far.</summary>
    public int ModelsCreated
    {
        get
        {
            lock (poolLock)
            {
                return created.Count;
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a pooled model once a slot is free. The work must leave no
    /// tensor alive on the model beyond its weights (Core's trainer loads every weight it uses
    /// afresh, so a model that trained another client's stage is as good as a new one).
    /// </summary>
    public async Task<T> RunAsync<T>(Func<StagedModel, CancellationToken, T> work, CancellationToken ct)
    {
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            // Building a model can take seconds; it must not run on the caller's (an actor's) thread.
            return await Task.Run(
                () =>
                {
                    var model = Rent();
                    try
                    {
                        return work(model, ct);
                    }
                    finally
                    {
                        Return(model);
                    }
                },
                ct).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Waits (up to 30 s per slot) for running trainings, then disposes the pooled models.</summary>
    public void Dispose()
    {
        // A cancelled training stops at its next batch; its model must not be freed under it.
        for (var slot = 0; slot < MaxConcurrency; slot++)
        {
            gate.Wait(TimeSpan.FromSeconds(30));
        }

        lock (poolLock)
        {
            disposed = true;
            foreach (var model in created)
            {
                model.Dispose();
            }

            created.Clear();
            idle.Clear();
        }

        gate.Dispose();
    }

    private StagedModel Rent()
    {
        lock (poolLock)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (idle.TryPop(out var model))
            {
                return model;
            }

            model = modelFactory();
            created.Add(model);
            return model;
        }
    }

    private void Return(StagedModel model)
    {
        lock (poolLock)
        {
            if (!disposed)
            {
                idle.Push(model);
            }
        }
    }
}
