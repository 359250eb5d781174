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
        var k = Centre(SimilarityMatrices.Restrict(observed, tokens).ToArray());
        var l = Centre(SimilarityMatrices.Restrict(predicted, tokens).ToArray());
        // Plain sums over arrays: MathNet's FrobeniusNorm forms A A^T, O(n^3), which took
        // half a minute at 2048 tokens.
        double kl = 0, kk = 0, ll = 0;
        int n = tokens.Count;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                kl += k[i, j] * l[i, j];
                kk += k[i, j] * k[i, j];
                ll += l[i, j] * l[i, j];
            }
        // A constant kernel has no structure left after centring: nothing to align.
        if (kk == 0 || ll == 0) return double.NaN;
        return kl / (Math.Sqrt(kk) * Math.Sqrt(ll));
    }

    /// <summary>HKH in place: subtract row and column means and add back the grand mean,
    /// which is the product with the centring matrix without forming it.</summary>
    private static double[,] Centre(double[,] m)
    {
        int n = m.GetLength(0);
        var rowMeans = new double[n];
        var columnMeans = new double[n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                rowMeans[i] += m[i, j] / n;
                columnMeans[j] += m[i, j] / n;
            }
        double grand = rowMeans.Sum() / n;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                m[i, j] = m[i, j] - rowMeans[i] - columnMeans[j] + grand;
        return m;
    }
}
