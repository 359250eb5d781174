namespace ProbSig.Theory.Metrics;

/// <summary>A metric's value with its permutation null (see <see cref="PermutationNull"/>).</summary>
/// <param name="Metric">The metric's <see cref="ISimilarityMetric.Name"/>.</param>
/// <param name="Observed">The metric on the unpermuted matrices.</param>
/// <param name="NullMean">Mean of the metric over the finite permuted draws.</param>
/// <param name="NullStd">Sample standard deviation of those draws.</param>
/// <param name="PValue">(1 + #{null &gt;= observed}) / (1 + permutations); never 0.</param>
/// <param name="Permutations">Number of permutations drawn.</param>
public sealed record PermutationResult(string Metric, double Observed, double NullMean, double NullStd, double PValue, int Permutations);
