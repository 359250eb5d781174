using MathNet.Numerics.Statistics;

namespace ProbSig.Theory.Metrics;

/// <summary>A metric's value with its permutation null (see <see cref="PermutationNull"/>).</summary>
/// <param name="Metric">The metric's <see cref="ISimilarityMetric.Name"/>.</param>
/// <param name="Observed">The metric on the unpermuted matrices.</param>
/// <param name="NullMean">Mean of the metric over the finite permuted draws.</param>
/// <param name="NullStd">Sample standard deviation of those draws.</param>
/// <param name="PValue">(1 + #{null &gt;= observed}) / (1 + permutations); never 0.</param>
/// <param name="Permutations">Number of permutations drawn.</param>
public sealed record PermutationResult(string Metric, double Observed, double NullMean, double NullStd, double PValue, int Permutations)
{
    /// <summary>Relative slack under which a null draw counts as equal to the observed
    /// value: a permutation that maps the matrix onto itself reproduces the observed value
    /// only up to summation order, and such ties must count against the prediction.</summary>
    public const double TieTolerance = 1e-12;

    /// <summary>
    /// The one summary of a permutation null, whichever path scored the draws. Because the
    /// observed value is counted with the draws, p = (1 + #{null &gt;= observed}) / (1 + draws)
    /// is a valid p-value (uniform on its grid under exchangeable tokens, never 0); a draw
    /// within <see cref="TieTolerance"/> of the observed value counts as reaching it. A NaN
    /// draw never counts as exceeding and is left out of the mean and std; a NaN observed
    /// value, or no draws at all, gives a NaN p-value (there is nothing to test).
    /// </summary>
    /// <param name="metric">The name reported.</param>
    /// <param name="observed">The statistic on the unpermuted data.</param>
    /// <param name="nullDraws">The statistic under each permutation, in draw order.</param>
    public static PermutationResult FromDraws(string metric, double observed, IReadOnlyList<double> nullDraws)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(nullDraws);
        double threshold = observed - TieTolerance * Math.Max(1.0, Math.Abs(observed));
        var defined = nullDraws.Where(d => !double.IsNaN(d)).ToArray();
        int atLeast = defined.Count(d => d >= threshold);
        double mean = defined.Length > 0 ? defined.Mean() : double.NaN;
        double std = defined.Length > 1 ? defined.StandardDeviation() : double.NaN;
        double p = double.IsNaN(observed) || nullDraws.Count == 0 ? double.NaN : (1.0 + atLeast) / (1.0 + nullDraws.Count);
        return new PermutationResult(metric, observed, mean, std, p, nullDraws.Count);
    }
}
