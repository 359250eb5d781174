namespace ProbSig.Theory.Metrics;

/// <summary>
/// Every THEORY 4 metric of one observed similarity matrix against one predicted matrix,
/// each with its permutation null, and the agreement curve with a null per bin
/// (<see cref="PermutationNull.Compare(MathNet.Numerics.LinearAlgebra.Matrix{double}, MathNet.Numerics.LinearAlgebra.Matrix{double}, ComparisonOptions?, int[])"/>).
/// </summary>
/// <param name="Tokens">Tokens compared (those defined in both matrices).</param>
/// <param name="Dropped">Tokens left out because one side had no value for them.</param>
/// <param name="Metrics">Pearson, Spearman, Kendall tau-b, linear CKA, kNN overlap@k and
/// strong-pair precision@q, in that order (<see cref="MetricSet.Default"/>'s names).</param>
/// <param name="Curve">The agreement curve and its null.</param>
/// <param name="KeptIndices">Indices (into the input matrices) of the compared tokens.</param>
public sealed record StructureComparison(int Tokens, int Dropped, IReadOnlyList<PermutationResult> Metrics, AgreementCurveNull Curve, IReadOnlyList<int> KeptIndices)
{
    /// <summary>The result of the metric named <paramref name="name"/>, or else of the one
    /// whose name starts with it, so "strong_pair_precision" finds "strong_pair_precision@0.01".</summary>
    /// <exception cref="KeyNotFoundException">No such metric.</exception>
    public PermutationResult this[string name] =>
        Metrics.FirstOrDefault(m => m.Metric == name) ?? Metrics.FirstOrDefault(m => m.Metric.StartsWith(name, StringComparison.Ordinal))
        ?? throw new KeyNotFoundException($"no metric '{name}'; have {string.Join(", ", Metrics.Select(m => m.Metric))}");
}
