namespace ProbSig.Theory.Corpus;

/// <summary>
/// The N most frequent tokens (THEORY 3.4: count over every token, compare only among the
/// top N). Order: count descending, ties broken by smaller id first, so the selection and
/// its order are deterministic and identical across shard merges.
/// </summary>
public static class TopTokens
{
    public const int DefaultCount = 2048;

    /// <summary>Up to <paramref name="n"/> token ids with non-zero count, most frequent first.</summary>
    public static int[] Select(CorpusCounts counts, int n = DefaultCount)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return Select(counts.Unigrams, n);
    }

    public static int[] Select(ReadOnlySpan<long> unigrams, int n = DefaultCount)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "need at least one token");
        var ids = new List<int>();
        for (int s = 0; s < unigrams.Length; s++) if (unigrams[s] > 0) ids.Add(s);
        var u = unigrams.ToArray();
        ids.Sort((a, b) => u[a] != u[b] ? u[b].CompareTo(u[a]) : a.CompareTo(b));
        return ids.Take(n).ToArray();
    }
}
