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
    /// a value belongs to the top set when it is at least this. The value at that place of the
    /// ascending order, found by selection (linear time; the permutation tables ask for it once
    /// per token row and once over a million pairs), which is the sorted array's entry whatever
    /// the algorithm; with a NaN among the values, by a sort, whose order places NaN first.</summary>
    public static double Cutoff(IReadOnlyList<double> values, int count)
    {
        var a = values.ToArray();
        int k = a.Length - count;
        if (Array.Exists(a, double.IsNaN))
        {
            Array.Sort(a);
            return a[k];
        }
        return Select(a, k);
    }

    /// <summary>The entry at index <paramref name="k"/> of <paramref name="a"/> in ascending order
    /// (Hoare's quickselect, median-of-three pivot; runs of equal values split evenly), reordering
    /// <paramref name="a"/>. No NaN.</summary>
    private static double Select(double[] a, int k)
    {
        int lo = 0, hi = a.Length - 1;
        while (lo < hi)
        {
            double x = a[lo], y = a[lo + (hi - lo) / 2], z = a[hi];
            double pivot = x < y ? (y < z ? y : x < z ? z : x) : (x < z ? x : y < z ? z : y);
            int i = lo, j = hi;
            while (i <= j)
            {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j)
                {
                    (a[i], a[j]) = (a[j], a[i]);
                    i++;
                    j--;
                }
            }
            // Now a[lo..j] <= pivot <= a[i..hi], and a[j+1..i-1] equal the pivot.
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return a[k];
        }
        return a[k];
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
