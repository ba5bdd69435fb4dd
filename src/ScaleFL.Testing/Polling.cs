using System.Diagnostics;

namespace ScaleFL.Testing;

/// <summary>The one bounded wait of the harness: ask every 100 ms until the answer comes, the thing waited on is gone, or time is up.</summary>
internal static class Polling
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The first non-null <paramref name="found"/>; <see cref="InvalidOperationException"/> with
    /// <paramref name="gone"/>'s reason once it gives one (the answer can no longer come),
    /// <see cref="TimeoutException"/> with <paramref name="timedOut"/>'s text after <paramref name="bound"/>.
    /// </summary>
    public static async Task<T> UntilAsync<T>(Func<T?> found, Func<string?> gone, TimeSpan bound, Func<string> timedOut)
        where T : class
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (found() is { } answer)
            {
                return answer;
            }

            if (gone() is { } reason)
            {
                throw new InvalidOperationException(reason);
            }

            if (clock.Elapsed > bound)
            {
                throw new TimeoutException(timedOut());
            }

            await Task.Delay(Interval).ConfigureAwait(false);
        }
    }
}
