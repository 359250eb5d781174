using MathNet.Numerics.Statistics;

namespace ProbSig.Theory.Metrics;

/// <summary>
/// Spearman rank correlation (Pearson of average ranks, so ties share a rank) between
/// observed and predicted similarity over the defined off-diagonal pairs i &lt; j. The
/// headline number of THEORY 6: it asks only whether the order of pairs is predicted.
/// </summary>
public sealed class SpearmanMetric : PairCorrelationMetric
{
    /// <inheritdoc />
    public override string Name => "spearman";

    /// <inheritdoc />
    /// <remarks>Two pairs always correlate perfectly; fewer than three say nothing.</remarks>
    protected override double Correlate(double[] observed, double[] predicted) => Correlation.Spearman(observed, predicted);
}
