using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Statistics;

namespace ProbSig.Theory.Metrics;

/// <summary>
/// Whether embeddings of ordered tokens (numbers, keys) lie along a line in value order
/// (THEORY 4, 6): the rank agreement of the first principal component with the value,
/// and how much of the variance that component carries. PCA is the SVD of the
/// column-centred embedding matrix.
/// </summary>
public static class OrderedStructure
{
    /// <summary>
    /// |Spearman(PC1 score, value)| over the tokens. The sign of a principal direction is
    /// arbitrary, hence the absolute value. NaN when every embedding is the same point.
    /// </summary>
    /// <param name="embeddings">n x d, one row per token.</param>
    /// <param name="values">The value of each row's token (n entries).</param>
    /// <exception cref="ArgumentException">Fewer than 3 tokens, no columns, or a value
    /// count that differs from the row count.</exception>
    public static double Pc1ValueSpearman(Matrix<double> embeddings, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        Validate(embeddings);
        if (values.Count != embeddings.RowCount)
            throw new ArgumentException($"values has {values.Count} entries but embeddings has {embeddings.RowCount} rows", nameof(values));
        var (scores, singular) = FirstComponent(embeddings);
        if (singular == 0) return double.NaN;
        return Math.Abs(Correlation.Spearman(scores, values));
    }

    /// <summary>
    /// Fraction of the total variance of the embeddings along PC1: s_1^2 / sum s_k^2 of the
    /// centred matrix. NaN when every embedding is the same point.
    /// </summary>
    /// <param name="embeddings">n x d, one row per token.</param>
    public static double Pc1ExplainedVariance(Matrix<double> embeddings)
    {
        Validate(embeddings);
        var svd = Centred(embeddings).Svd(computeVectors: false);
        double total = svd.S.PointwiseMultiply(svd.S).Sum();
        return total == 0 ? double.NaN : svd.S[0] * svd.S[0] / total;
    }

    private static void Validate(Matrix<double> embeddings)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        if (embeddings.RowCount < SimilarityMatrices.MinimumTokens || embeddings.ColumnCount < 1)
            throw new ArgumentException(
                $"embeddings is {embeddings.RowCount} x {embeddings.ColumnCount}; at least {SimilarityMatrices.MinimumTokens} token rows and 1 column are needed",
                nameof(embeddings));
    }

    private static Matrix<double> Centred(Matrix<double> x)
    {
        var means = x.ColumnSums() / x.RowCount;
        return x - Matrix<double>.Build.Dense(x.RowCount, x.ColumnCount, (_, j) => means[j]);
    }

    /// <summary>Scores on PC1 (projection of each centred row on the leading right
    /// singular vector) and the leading singular value.</summary>
    private static (double[] Scores, double Singular) FirstComponent(Matrix<double> embeddings)
    {
        var centred = Centred(embeddings);
        var svd = centred.Svd(computeVectors: true);
        var direction = svd.VT.Row(0);
        return ((centred * direction).ToArray(), svd.S[0]);
    }
}
