namespace ProbSig.Theory.Metrics;

/// <summary>
/// Settings of one observed-vs-predicted structure comparison with its permutation nulls
/// (THEORY 4; <see cref="PermutationNull.Compare(MathNet.Numerics.LinearAlgebra.Matrix{double}, MathNet.Numerics.LinearAlgebra.Matrix{double}, ComparisonOptions?, int[])"/>).
/// </summary>
public sealed record ComparisonOptions
{
    /// <summary>Token-identity permutations for the null of every metric but Kendall's tau.</summary>
    public int Permutations { get; init; } = 199;

    /// <summary>Permutations for Kendall's tau: each costs an O(m log m) sort of every pair
    /// (about a second at 2048 tokens), where the other metrics cost one gather.</summary>
    public int KendallPermutations { get; init; } = 19;

    /// <summary>Neighbours per token of the kNN overlap.</summary>
    public int KnnK { get; init; } = 10;

    /// <summary>Fraction of pairs counted as strong by the strong-pair precision (1% as the paper's strong pairs).</summary>
    public double StrongPairFraction { get; init; } = 0.01;

    /// <summary>Bins of the agreement curve (deciles).</summary>
    public int Bins { get; init; } = 10;

    /// <summary>Seed of the permutation draws (<see cref="PermutationNull.Draws"/>).</summary>
    public int Seed { get; init; }

    /// <summary>The metrics compared, in report order: <see cref="MetricSet.Default"/> with
    /// <see cref="KnnK"/> and <see cref="StrongPairFraction"/>.</summary>
    public IReadOnlyList<ISimilarityMetric> Metrics => MetricSet.Default(KnnK, StrongPairFraction);

    /// <summary>Checks every setting, naming the one that is wrong.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        if (Permutations < 1) throw new ArgumentOutOfRangeException(nameof(Permutations), Permutations, "at least one permutation is needed");
        if (KendallPermutations < 0) throw new ArgumentOutOfRangeException(nameof(KendallPermutations), KendallPermutations, "must be 0 (no Kendall null) or positive");
        if (KnnK < 1) throw new ArgumentOutOfRangeException(nameof(KnnK), KnnK, "at least one neighbour");
        if (!(StrongPairFraction > 0 && StrongPairFraction <= 1)) throw new ArgumentOutOfRangeException(nameof(StrongPairFraction), StrongPairFraction, "must lie in (0, 1]");
        if (Bins < 2) throw new ArgumentOutOfRangeException(nameof(Bins), Bins, "at least two bins");
    }
}
