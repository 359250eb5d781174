using MathNet.Numerics.LinearAlgebra;

namespace ProbSig.Theory.Metrics;

/// <summary>
/// kNN overlap@k: for each token, the fraction of its k nearest neighbours (most similar
/// other tokens) that both matrices agree on, averaged over tokens. A local measure: it
/// rewards getting each token's closest company right and ignores the far pairs that
/// dominate a correlation. Ties at the k-th neighbour are kept together and the shared
/// fraction is |A ∩ B| / max(|A|, |B|), so the score depends on values, not token order.
/// Tokens with undefined pairs are dropped first; k is capped at (tokens - 1).
/// </summary>
public sealed class KnnOverlapMetric : ISimilarityMetric
{
    /// <summary>Creates the metric for <paramref name="k"/> neighbours per token.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is below 1.</exception>
    public KnnOverlapMetric(int k)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "the neighbour count must be at least 1");
        K = k;
    }

    /// <summary>Neighbours compared per token.</summary>
    public int K { get; }

    /// <inheritdoc />
    public string Name => $"knn_overlap@{K}";

    /// <inheritdoc />
    public double Measure(Matrix<double> observed, Matrix<double> predicted)
    {
        SimilarityMatrices.Validate(observed, predicted);
        var tokens = SimilarityMatrices.CommonDefinedTokens(observed, predicted);
        int n = tokens.Count;
        if (n < 2) return double.NaN;
        // Ties snapped, so a neighbour set is chosen by value, not round-off.
        var o = TieSnapping.Snapped(SimilarityMatrices.Restrict(observed, tokens)).ToArray();
        var p = TieSnapping.Snapped(SimilarityMatrices.Restrict(predicted, tokens)).ToArray();
        // With fewer tokens than k + 1, every other token is a neighbour.
        int k = Math.Min(K, n - 1);
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            var others = Enumerable.Range(0, n).Where(j => j != i).ToArray();
            var a = TopSet.Largest(others.Select(j => o[i, j]).ToArray(), k);
            var b = TopSet.Largest(others.Select(j => p[i, j]).ToArray(), k);
            sum += TopSet.Overlap(a, b);
        }
        return sum / n;
    }
}
