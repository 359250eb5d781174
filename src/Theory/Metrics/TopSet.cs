namespace ProbSig.Theory.Metrics;

/// <summary>
/// Selecting the largest values with ties kept together, shared by the kNN and
/// strong-pair metrics and by the permutation engine's tables. Breaking a tie by index
/// would make a score depend on token order; keeping every value equal to the cut-off
/// makes it depend on the values alone.
/// </summary>
internal static class TopSet
{
    /// <summary>The <paramref name="count"/>-th largest value (1 &lt;= count &lt;= values.Count):
    /// a value belongs to the top set when it is at least this.</summary>
    public static double Cutoff(IReadOnlyList<double> values, int count)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return sorted[sorted.Length - count];
    }

    /// <summary>Indices of values at least the <paramref name="count"/>-th largest
    /// (1 &lt;= count &lt;= values.Length), i.e. the top <paramref name="count"/> plus any
    /// ties at the cut-off.</summary>
    public static HashSet<int> Largest(IReadOnlyList<double> values, int count)
    {
        double cutoff = Cutoff(values, count);
        var set = new HashSet<int>();
        for (int i = 0; i < values.Count; i++)
            if (values[i] >= cutoff) set.Add(i);
        return set;
    }

    /// <summary>|A ∩ B| / max(|A|, |B|): the shared fraction, 1 when the sets agree and
    /// never above 1 even when ties enlarge one of them.</summary>
    public static double Overlap(HashSet<int> a, HashSet<int> b)
    {
        int shared = a.Count(b.Contains);
        return (double)shared / Math.Max(a.Count, b.Count);
    }
}
