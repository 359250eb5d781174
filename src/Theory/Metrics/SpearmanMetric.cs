using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Statistics;

namespace ProbSig.Theory.Metrics;

/// <summary>
/// Spearman rank correlation (Pearson of average ranks, so ties share a rank) between
/// observed and predicted similarity over the defined off-diagonal pairs i &lt; j. The
/// headline number of THEORY 6: it asks only whether the order of pairs is predicted.
/// </summary>
public sealed class SpearmanMetric : ISimilarityMetric
{
    /// <inheritdoc />
    public string Name => "spearman";

    /// <inheritdoc />
    public double Measure(Matrix<double> observed, Matrix<double> predicted)
    {
        var (o, p) = SimilarityMatrices.OffDiagonalPairs(observed, predicted);
        if (o.Length < 3) return double.NaN;
        return Correlation.Spearman(o, p);
    }
}
