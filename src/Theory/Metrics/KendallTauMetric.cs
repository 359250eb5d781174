namespace ProbSig.Theory.Metrics;

/// <summary>
/// Kendall's tau-b between observed and predicted similarity over the defined off-diagonal
/// pairs i &lt; j. Tau-b divides by the tie-corrected count, so ties in either matrix (e.g.
/// cosines quantised by a float32 model) do not pull the score toward zero.
/// </summary>
public sealed class KendallTauMetric : PairCorrelationMetric
{
    /// <inheritdoc />
    public override string Name => "kendall_tau";

    /// <inheritdoc />
    /// <remarks>Tau-b is defined from two pairs on (NaN below, by <see cref="TauB"/>).</remarks>
    protected override int MinimumPairs => 0;

    /// <inheritdoc />
    protected override double Correlate(double[] observed, double[] predicted) => TauB(observed, predicted);

    /// <summary>
    /// Kendall's tau-b of two aligned samples by Knight's O(m log m) algorithm: sort by
    /// (x, y), then count the discordant pairs as the swaps a stable merge sort on y
    /// performs. A matrix of a few thousand tokens has millions of pairs, too many for the
    /// O(m^2) definition. The values must be finite (NaN has no order). Returns NaN when
    /// either sample is constant or m &lt; 2.
    /// </summary>
    /// <exception cref="ArgumentException">The samples differ in length.</exception>
    public static double TauB(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count)
            throw new ArgumentException($"y has {y.Count} values but x has {x.Count}", nameof(y));
        int m = x.Count;
        if (m < 2) return double.NaN;

        // Sort (x, y) pairs lexicographically; a struct key keeps the comparison cheap.
        var keys = new (double X, double Y)[m];
        for (int i = 0; i < m; i++) keys[i] = (x[i], y[i]);
        Array.Sort(keys);
        var xs = keys.Select(k => k.X).ToArray();
        var ys = keys.Select(k => k.Y).ToArray();

        long total = (long)m * (m - 1) / 2;
        long tiedX = 0, tiedXY = 0;
        // Runs of equal x, and within them runs of equal (x, y): both adjacent after the sort.
        for (int start = 0; start < m;)
        {
            int end = start;
            while (end + 1 < m && xs[end + 1] == xs[start]) end++;
            long run = end - start + 1;
            tiedX += run * (run - 1) / 2;
            for (int first = start; first <= end;)
            {
                int last = first;
                while (last + 1 <= end && ys[last + 1] == ys[first]) last++;
                long r = last - first + 1;
                tiedXY += r * (r - 1) / 2;
                first = last + 1;
            }
            start = end + 1;
        }

        long discordant = MergeSortCountingSwaps(ys, new double[m], 0, m);

        long tiedY = 0;
        for (int start = 0; start < m;)
        {
            int end = start;
            while (end + 1 < m && ys[end + 1] == ys[start]) end++;
            long run = end - start + 1;
            tiedY += run * (run - 1) / 2;
            start = end + 1;
        }

        // Concordant minus discordant = total - tiedX - tiedY + tiedXY - 2 * discordant.
        double score = (double)(total - tiedX - tiedY + tiedXY) - 2.0 * discordant;
        double denominator = Math.Sqrt((double)(total - tiedX)) * Math.Sqrt((double)(total - tiedY));
        if (denominator == 0) return double.NaN;
        // Rounding can push a perfect agreement a hair past 1.
        return Math.Clamp(score / denominator, -1.0, 1.0);
    }

    /// <summary>Sorts a[lo, hi) ascending, returning the number of pairs it found in strict
    /// decreasing order (equal values are not swapped, so y-ties are not counted).</summary>
    private static long MergeSortCountingSwaps(double[] a, double[] buffer, int lo, int hi)
    {
        if (hi - lo < 2) return 0;
        int mid = lo + (hi - lo) / 2;
        long swaps = MergeSortCountingSwaps(a, buffer, lo, mid) + MergeSortCountingSwaps(a, buffer, mid, hi);
        int i = lo, j = mid, k = lo;
        while (i < mid && j < hi)
        {
            if (a[i] <= a[j]) buffer[k++] = a[i++];
            else
            {
                // a[j] jumps ahead of every element still left in the left half.
                swaps += mid - i;
                buffer[k++] = a[j++];
            }
        }
        while (i < mid) buffer[k++] = a[i++];
        while (j < hi) buffer[k++] = a[j++];
        Array.Copy(buffer, lo, a, lo, hi - lo);
        return swaps;
    }
}
