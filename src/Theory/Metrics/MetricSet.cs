namespace ProbSig.Theory.Metrics;

/// <summary>The metrics every agreement report carries (THEORY 4).</summary>
public static class MetricSet
{
    /// <summary>
    /// Pearson, Spearman, Kendall tau-b, linear CKA, kNN overlap@<paramref name="k"/> and
    /// strong-pair precision@<paramref name="q"/>, in that order.
    /// </summary>
    public static IReadOnlyList<ISimilarityMetric> Default(int k = 10, double q = 0.05) =>
    [
        new PearsonMetric(),
        new SpearmanMetric(),
        new KendallTauMetric(),
        new LinearCkaMetric(),
        new KnnOverlapMetric(k),
        new StrongPairPrecisionMetric(q),
    ];
}
