using ProbSig.Theory.Corpus;
using ProbSig.Theory.Metrics;

namespace ProbSig.Empirics.LanguageModels.Comparison;

/// <summary>
/// Settings of a language-model comparison: the metric and null settings every comparison
/// takes (Theory's <see cref="ComparisonOptions"/>) and the corpus references the model is
/// compared against (THEORY 3.4).
/// </summary>
public sealed record LmComparisonOptions
{
    /// <summary>Permutations, k, q, bins and seed of each observed-vs-reference comparison.</summary>
    public ComparisonOptions Comparison { get; init; } = new();

    /// <summary>Windowed references (next and previous, offsets 1..w with these weights);
    /// null or a window of 1 leaves them out (they equal the plain ones).</summary>
    public WindowWeights? Window { get; init; }

    /// <summary>Rank of the PPMI-SVD rival; 0 leaves it out.</summary>
    public int PpmiRank { get; init; } = PpmiSvd.DefaultRank;

    /// <summary>Eigenvalue weight p of the rival's word vectors U_k S_k^p.</summary>
    public double PpmiEigenvalueWeight { get; init; } = PpmiSvd.DefaultEigenvalueWeight;

    /// <summary>Checks every setting, naming the one that is wrong.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Comparison, nameof(Comparison));
        Comparison.Validate();
        if (PpmiRank < 0) throw new ArgumentOutOfRangeException(nameof(PpmiRank), PpmiRank, "must be 0 (no rival) or positive");
    }
}
