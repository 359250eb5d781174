using MathNet.Numerics.Statistics;

namespace ProbSig.Theory.Metrics;

/// <summary>
/// Pearson correlation between observed and predicted similarity over the defined
/// off-diagonal pairs i &lt; j. Sensitive to the scale of the relation, not only its order.
/// </summary>
public sealed class PearsonMetric : PairCorrelationMetric
{
    /// <inheritdoc />
    public override string Name => "pearson";

    /// <inheritdoc />
    /// <remarks>Two pairs always correlate perfectly; fewer than three say nothing.</remarks>
    protected override double Correlate(double[] observed, double[] predicted) => Correlation.Pearson(observed, predicted);
}
