using TorchSharp;

namespace ProbSig.Empirics.Claims.Linear;

/// <summary>
/// Runs one small training job per seed, the seeds side by side, each job on one libtorch
/// thread. The default task's model is tiny (640 x 104 by 64 by 100 per step), so libtorch's
/// intra-op threads only wait on each other: measured on the shared 2-core machine, a step
/// took 71 ms with 2 threads and 6.5 ms with 1. Seeds in parallel use the cores instead.
/// The thread count is process-wide, so it is set back afterwards, and a lock keeps two
/// callers from interleaving the change.
/// </summary>
internal static class SeedParallel
{
    private static readonly object Gate = new();

    /// <summary><paramref name="job"/>(seed) for every seed, in seed order.</summary>
    public static T[] Run<T>(IReadOnlyList<int> seeds, Func<int, T> job)
    {
        Runtime.TorchRuntime.Initialise();
        lock (Gate)
        {
            int before = torch.get_num_threads();
            torch.set_num_threads(1);
            try
            {
                var results = new T[seeds.Count];
                Parallel.For(0, seeds.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) },
                    i => results[i] = job(seeds[i]));
                return results;
            }
            finally
            {
                torch.set_num_threads(before);
            }
        }
    }
}
