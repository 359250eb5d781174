using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Statistics;

namespace ProbSig.Theory.Metrics;

/// <summary>
/// Pearson correlation between observed and predicted similarity over the defined
/// off-diagonal pairs i &lt; j. Sensitive to the scale of the relation, not only its order.
/// </summary>
public sealed class PearsonMetric : ISimilarityMetric
{
    /// <inheritdoc />
    public string Name => "pearson";

    /// <inheritdoc />
    public double Measure(Matrix<double> observed, Matrix<double> predicted)
    {
        var (o, p) = SimilarityMatrices.OffDiagonalPairs(observed, predicted);
        // Two pairs always correlate perfectly; fewer than three say nothing.
        if (o.Length < 3) return double.NaN;
        return Correlation.Pearson(o, p);
    }
}
