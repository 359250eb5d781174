using TorchSharp;

namespace ProbSig.Verification.Claims.Linear;

/// <summary>
/// Runs one small training job per seed, the seeds side by side, each job on one libtorch
/// thread. The default task's model is tiny (640 x 104 by 64 by 100 per step), so libtorch's
/// intra-op threads only wait on each other: measured on the shared 2-core machine, a step
/// took 71 ms with 2 threads and 6.5 ms with 1. Seeds in parallel use the cores instead.
/// The thread count is set back afterwards, and a lock keeps two callers from interleaving
/// the change.
/// <para>libtorch's thread count is partly per thread: OpenMP's and MKL's settings belong to
/// the thread that sets them, and a thread-pool thread starts with the core count. Each job
/// therefore sets one thread on the thread it runs on. Measured before this was done: with
/// two cores the seeds on pool threads trained with two OpenMP threads and the seed on the
/// calling thread with one, so C2's figures changed (final loss by 0.013) when the process
/// had one core.</para>
/// </summary>
internal static class SeedParallel
{
    private static readonly object Gate = new();

    /// <summary><paramref name="job"/>(seed) for every seed, in seed order.</summary>
    public static T[] Run<T>(IReadOnlyList<int> seeds, Func<int, T> job)
    {
        Empirics.Runtime.TorchRuntime.Initialise();
        lock (Gate)
        {
            // The calling thread takes part in Parallel.For, so it is set to one thread as well.
            return OnOneThread(() =>
            {
                var results = new T[seeds.Count];
                Parallel.For(0, seeds.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) },
                    i => results[i] = OnOneThread(() => job(seeds[i])));
                return results;
            });
        }
    }

    /// <summary>Runs <paramref name="job"/> with one libtorch thread on the current thread, then restores that thread's count.</summary>
    private static T OnOneThread<T>(Func<T> job)
    {
        int before = torch.get_num_threads();
        torch.set_num_threads(1);
        try { return job(); }
        finally { torch.set_num_threads(before); }
    }
}
