using MathNet.Numerics.LinearAlgebra;

namespace ProbSig.Theory.Metrics;

/// <summary>
/// Linear centred kernel alignment of the two similarity matrices taken as kernels:
/// &lt;HKH, HLH&gt;_F / (||HKH||_F ||HLH||_F), H = I - 11^T/n. Unlike the pair correlations
/// it uses the whole matrices, diagonal included, and is unchanged by a positive rescaling
/// of either matrix; for positive semi-definite inputs (Gram or cosine matrices) it lies
/// in [0, 1]. Tokens with undefined pairs are dropped first
/// (<see cref="SimilarityMatrices.CommonDefinedTokens"/>).
/// </summary>
public sealed class LinearCkaMetric : ISimilarityMetric
{
    /// <inheritdoc />
    public string Name => "linear_cka";

    /// <inheritdoc />
    public double Measure(Matrix<double> observed, Matrix<double> predicted)
    {
        SimilarityMatrices.Validate(observed, predicted);
        var tokens = SimilarityMatrices.CommonDefinedTokens(observed, predicted);
        if (tokens.Count < 2) return double.NaN;
        var k = Centre(SimilarityMatrices.Restrict(observed, tokens));
        var l = Centre(SimilarityMatrices.Restrict(predicted, tokens));
        double normK = k.FrobeniusNorm(), normL = l.FrobeniusNorm();
        // A constant kernel has no structure left after centring: nothing to align.
        if (normK == 0 || normL == 0) return double.NaN;
        return k.PointwiseMultiply(l).Enumerate().Sum() / (normK * normL);
    }

    /// <summary>HKH: subtract row and column means and add back the grand mean, which is
    /// the product with the centring matrix without forming it.</summary>
    private static Matrix<double> Centre(Matrix<double> m)
    {
        int n = m.RowCount;
        var rowMeans = m.RowSums() / n;
        var columnMeans = m.ColumnSums() / n;
        double grand = rowMeans.Sum() / n;
        return Matrix<double>.Build.Dense(n, n, (i, j) => m[i, j] - rowMeans[i] - columnMeans[j] + grand);
    }
}
