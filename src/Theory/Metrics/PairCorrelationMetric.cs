using MathNet.Numerics.LinearAlgebra;

namespace ProbSig.Theory.Metrics;

/// <summary>
/// A correlation between observed and predicted similarity over the defined off-diagonal
/// pairs i &lt; j (<see cref="SimilarityMatrices.OffDiagonalPairs"/>): the three correlation
/// metrics differ only in the coefficient they compute on those pairs.
/// </summary>
public abstract class PairCorrelationMetric : ISimilarityMetric
{
    /// <inheritdoc />
    public abstract string Name { get; }

    /// <summary>The fewest pairs the coefficient says anything about; fewer give NaN.</summary>
    protected virtual int MinimumPairs => 3;

    /// <summary>The coefficient of two aligned samples.</summary>
    protected abstract double Correlate(double[] observed, double[] predicted);

    /// <inheritdoc />
    public double Measure(Matrix<double> observed, Matrix<double> predicted)
    {
        var (o, p) = SimilarityMatrices.OffDiagonalPairs(observed, predicted);
        return o.Length < MinimumPairs ? double.NaN : Correlate(o, p);
    }
}
