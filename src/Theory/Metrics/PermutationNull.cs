using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Statistics;

namespace ProbSig.Theory.Metrics;

/// <summary>
/// The null baseline of THEORY 4: how good would the agreement be if the prediction
/// were right about the shape of the similarity structure but knew nothing about which
/// token is which? Token identities of the predicted matrix are shuffled (rows and
/// columns together, so it stays a similarity matrix with the same spectrum and value
/// distribution) and the metric recomputed.
/// </summary>
public sealed class PermutationNull
{
    /// <summary>Relative slack under which a null draw counts as equal to the observed
    /// value: a permutation that maps the matrix onto itself reproduces the observed value
    /// only up to summation order, and such ties must count against the prediction.</summary>
    public const double TieTolerance = 1e-12;

    private PermutationNull() { }

    /// <summary>
    /// Monte Carlo permutation test of <paramref name="metric"/>. Draws
    /// <paramref name="permutations"/> uniform permutations by Fisher-Yates from
    /// <c>new System.Random(seed)</c>, so a seed fixes the result. Because the observed
    /// value is counted with the draws, p = (1 + #{null &gt;= observed}) / (1 + permutations)
    /// is a valid p-value (uniform on its grid under exchangeable tokens, never 0).
    /// The draws are scored concurrently, so <paramref name="metric"/> must be safe to call
    /// from several threads (every metric in this namespace is stateless).
    /// A NaN null draw never counts as exceeding and is left out of the mean and std; a
    /// NaN observed value gives a NaN p-value (there is nothing to test).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="permutations"/> is below 1.</exception>
    /// <exception cref="ArgumentException">The matrices have the wrong shapes.</exception>
    public static PermutationResult Test(ISimilarityMetric metric, Matrix<double> observed, Matrix<double> predicted, int permutations, int seed)
    {
        ArgumentNullException.ThrowIfNull(metric);
        if (permutations < 1) throw new ArgumentOutOfRangeException(nameof(permutations), permutations, "at least one permutation is needed");
        SimilarityMatrices.Validate(observed, predicted);

        double value = metric.Measure(observed, predicted);
        double threshold = value - TieTolerance * Math.Max(1.0, Math.Abs(value));

        // All shuffles are drawn first, in order, from the one generator; the draws are
        // then scored in parallel (a metric on a few thousand tokens takes seconds) and
        // read back in order, so the result depends on the seed alone.
        var rng = new Random(seed);
        int n = predicted.RowCount;
        var perms = new int[permutations][];
        for (int b = 0; b < permutations; b++)
        {
            // Start every shuffle from the identity so each draw is uniform on its own.
            var perm = Enumerable.Range(0, n).ToArray();
            for (int i = n - 1; i > 0; i--)
            {
                int j = rng.Next(i + 1);
                (perm[i], perm[j]) = (perm[j], perm[i]);
            }
            perms[b] = perm;
        }
        var nullValues = new double[permutations];
        Parallel.For(0, permutations, b =>
            nullValues[b] = metric.Measure(observed, SimilarityMatrices.Permute(predicted, perms[b])));

        var draws = nullValues.Where(d => !double.IsNaN(d)).ToArray();
        int atLeast = draws.Count(d => d >= threshold);
        double mean = draws.Length > 0 ? draws.Mean() : double.NaN;
        double std = draws.Length > 1 ? draws.StandardDeviation() : double.NaN;
        double p = double.IsNaN(value) ? double.NaN : (1.0 + atLeast) / (1.0 + permutations);
        return new PermutationResult(metric.Name, value, mean, std, p, permutations);
    }
}
