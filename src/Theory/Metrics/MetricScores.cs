namespace ProbSig.Theory.Metrics;

/// <summary>
/// What <see cref="PermutationTables"/> give for one renaming of the predicted tokens, by
/// metric: every <see cref="MetricSet"/> metric but Kendall's tau (which has no table; see
/// <see cref="PermutationNull.Compare(MathNet.Numerics.LinearAlgebra.Matrix{double}, MathNet.Numerics.LinearAlgebra.Matrix{double}, ComparisonOptions?, int[])"/>), and the agreement curve's mean observed value per bin.
/// </summary>
/// <param name="Pearson">As <see cref="PearsonMetric"/>.</param>
/// <param name="Spearman">As <see cref="SpearmanMetric"/>.</param>
/// <param name="LinearCka">As <see cref="LinearCkaMetric"/>.</param>
/// <param name="KnnOverlap">As <see cref="KnnOverlapMetric"/> with the tables' k.</param>
/// <param name="StrongPairPrecision">As <see cref="StrongPairPrecisionMetric"/> with the tables' q.</param>
/// <param name="BinMeans">Mean observed similarity of the pairs in each bin of the
/// (renamed) predicted similarity, as <see cref="AgreementCurve.MeanObserved"/>.</param>
public sealed record MetricScores(double Pearson, double Spearman, double LinearCka, double KnnOverlap, double StrongPairPrecision, double[] BinMeans)
{
    /// <summary>The score of <paramref name="metric"/> (one of the tables' own metrics, i.e. of
    /// <see cref="ComparisonOptions.Metrics"/>), or null for a metric the tables do not
    /// cover (Kendall's tau, or a metric outside <see cref="MetricSet"/>).</summary>
    public static Func<MetricScores, double>? Selector(ISimilarityMetric metric) => metric switch
    {
        PearsonMetric => s => s.Pearson,
        SpearmanMetric => s => s.Spearman,
        LinearCkaMetric => s => s.LinearCka,
        KnnOverlapMetric => s => s.KnnOverlap,
        StrongPairPrecisionMetric => s => s.StrongPairPrecision,
        _ => null,
    };
}
