using MathNet.Numerics.LinearAlgebra;

namespace ProbSig.Theory.Metrics;

/// <summary>
/// Mean observed similarity per quantile bin of predicted similarity over the defined
/// off-diagonal pairs (THEORY 4). The "strong similarities are predicted best" statement
/// is about the upper end of this curve, which a single correlation hides.
/// </summary>
/// <param name="BinLowerEdges">Smallest predicted similarity in each bin, increasing.</param>
/// <param name="MeanPredicted">Mean predicted similarity of the pairs in each bin.</param>
/// <param name="MeanObserved">Mean observed similarity of the same pairs.</param>
/// <param name="Counts">Pairs in each bin.</param>
public sealed record AgreementCurve(double[] BinLowerEdges, double[] MeanPredicted, double[] MeanObserved, int[] Counts)
{
    /// <summary>
    /// Sorts the defined pairs by predicted similarity and cuts them into
    /// <paramref name="bins"/> groups of near-equal size (deciles by default). A run of
    /// equal predicted values is never split across bins, so a bin's boundary moves to
    /// the end of the run; bins left empty by that, or by having fewer pairs than bins,
    /// are omitted, and the arrays can be shorter than <paramref name="bins"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bins"/> is below 1.</exception>
    /// <exception cref="ArgumentException">The matrices have the wrong shapes.</exception>
    public static AgreementCurve Compute(Matrix<double> observed, Matrix<double> predicted, int bins = 10)
    {
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins), bins, "at least one bin is needed");
        var (o, p) = SimilarityMatrices.OffDiagonalPairs(observed, predicted);
        int m = p.Length;
        var order = Enumerable.Range(0, m).ToArray();
        // Stable in the pair order, so equal predicted values keep a fixed arrangement.
        order = order.OrderBy(i => p[i]).ToArray();

        var edges = new List<double>();
        var meanP = new List<double>();
        var meanO = new List<double>();
        var counts = new List<int>();
        int start = 0;
        foreach (int end in BinEnds(order.Select(i => p[i]).ToArray(), bins))
        {
            double sumP = 0, sumO = 0;
            for (int r = start; r < end; r++) { sumP += p[order[r]]; sumO += o[order[r]]; }
            int count = end - start;
            edges.Add(p[order[start]]);
            meanP.Add(sumP / count);
            meanO.Add(sumO / count);
            counts.Add(count);
            start = end;
        }
        return new AgreementCurve(edges.ToArray(), meanP.ToArray(), meanO.ToArray(), counts.ToArray());
    }

    /// <summary>
    /// The binning rule of <see cref="Compute"/>, shared with the permutation engine: the
    /// exclusive end, in <paramref name="sorted"/> (ascending) order, of every non-empty bin.
    /// Bin b nominally ends at (b + 1) m / bins; the end moves past a run of equal values,
    /// so the bins depend on the values alone, not on how a sort arranged the ties.
    /// </summary>
    internal static List<int> BinEnds(double[] sorted, int bins)
    {
        int m = sorted.Length;
        var ends = new List<int>();
        int start = 0;
        for (int b = 0; b < bins && start < m; b++)
        {
            int end = (int)((long)(b + 1) * m / bins); // exclusive
            if (end <= start) continue;
            // Keep ties in predicted together.
            while (end < m && sorted[end] == sorted[end - 1]) end++;
            ends.Add(end);
            start = end;
        }
        return ends;
    }
}
