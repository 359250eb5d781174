namespace ProbSig.Theory.Metrics;

/// <summary>
/// A null that keeps a rival baseline (THEORY 4, "Nulls that respect a baseline"): the
/// predicted pair values are shuffled only among pairs in the same stratum of the baseline
/// (pairs with equal baseline value, e.g. the same value distance |i - j|), so every draw
/// keeps what the baseline explains and the joint law of (predicted, baseline) exactly. A
/// predictor that is a function of the baseline is unchanged by every draw, so it cannot
/// beat this null. Pairs that share a token are treated as exchangeable, which no renaming
/// of tokens could keep here (only a reflection of the values keeps every |i - j|), so p is
/// if anything optimistic for weak effects; in the other direction a shuffle leaves about
/// one pair per stratum in place (and a stratum of one pair always), so the null keeps
/// about strata/pairs of a real effect (5% for the 39 distances of 780 key pairs).
/// </summary>
public static class StratifiedPermutationNull
{
    /// <summary>
    /// The statistic on the data and on <paramref name="permutations"/> within-stratum
    /// shuffles of <paramref name="predicted"/>, drawn in turn from one
    /// <c>new System.Random(seed)</c>, summarised by <see cref="PermutationResult.FromDraws"/>.
    /// </summary>
    /// <param name="name">The statistic's name, as reported.</param>
    /// <param name="statistic">(observed, predicted, baseline) to a figure; called concurrently.</param>
    /// <param name="observed">Observed pair values.</param>
    /// <param name="predicted">Predicted pair values, aligned.</param>
    /// <param name="baseline">Baseline pair values, aligned; equal values (ties snapped) form a stratum.</param>
    /// <param name="permutations">Draws (at least 1).</param>
    /// <param name="seed">Seed of the draws.</param>
    /// <exception cref="ArgumentException">The samples differ in length.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="permutations"/> is below 1.</exception>
    public static PermutationResult Test(string name, Func<double[], double[], double[], double> statistic,
        double[] observed, double[] predicted, double[] baseline, int permutations, int seed)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(baseline);
        if (predicted.Length != observed.Length || baseline.Length != observed.Length)
            throw new ArgumentException($"observed, predicted and baseline have {observed.Length}, {predicted.Length} and {baseline.Length} values; they must be aligned", nameof(predicted));
        if (permutations < 1) throw new ArgumentOutOfRangeException(nameof(permutations), permutations, "at least one permutation is needed");

        var strata = Strata(baseline);
        var rng = new Random(seed);
        var draws = new double[permutations][];
        for (int b = 0; b < permutations; b++)
        {
            var shuffled = (double[])predicted.Clone();
            foreach (var members in strata)
                for (int i = members.Length - 1; i > 0; i--)
                {
                    int j = rng.Next(i + 1);
                    (shuffled[members[i]], shuffled[members[j]]) = (shuffled[members[j]], shuffled[members[i]]);
                }
            draws[b] = shuffled;
        }
        var nullValues = new double[permutations];
        Parallel.For(0, permutations, b => nullValues[b] = statistic(observed, draws[b], baseline));
        return PermutationResult.FromDraws(name, statistic(observed, predicted, baseline), nullValues);
    }

    /// <summary>Indices of the pairs of each stratum (equal baseline values after snapping), in increasing baseline order.</summary>
    public static IReadOnlyList<int[]> Strata(double[] baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        var snapped = (double[])baseline.Clone();
        TieSnapping.Snap(snapped);
        return Enumerable.Range(0, snapped.Length).GroupBy(i => snapped[i]).OrderBy(g => g.Key).Select(g => g.ToArray()).ToList();
    }
}
