using MathNet.Numerics.LinearAlgebra;
using ProbSig.Empirics.Decompositions;
using ProbSig.Theory.Corpus;
using ProbSig.Theory.Decompositions;

namespace ProbSig.Empirics.LanguageModels.Comparison;

/// <summary>One predicted similarity structure over the compared tokens: a corpus signature's
/// centred cosine or the rival's cosine (NaN where a token has no value).</summary>
/// <param name="Name">Short stable name: next, previous, next_w3, previous_w3, next+previous, ppmi_svd.</param>
/// <param name="Description">What it is, with window weights, centring or rank.</param>
/// <param name="Cosine">N x N, rows in the order of the compared tokens.</param>
public sealed record CorpusReference(string Name, string Description, Matrix<double> Cosine)
{
    /// <summary>The next-token (embedding side) signature's centred cosine, offsets weighted by <paramref name="weights"/>.</summary>
    public static CorpusReference Next(CorpusCounts counts, IReadOnlyList<int> tokens, WindowWeights? weights = null) =>
        Signature(counts, tokens, SignatureSide.Next, weights ?? WindowWeights.Uniform(1));

    /// <summary>The previous-token (unembedding side) signature's centred cosine.</summary>
    public static CorpusReference Previous(CorpusCounts counts, IReadOnlyList<int> tokens, WindowWeights? weights = null) =>
        Signature(counts, tokens, SignatureSide.Previous, weights ?? WindowWeights.Uniform(1));

    /// <summary>
    /// Both signatures together, the tied model's prediction (THEORY 3.1, tied variant: a
    /// tied matrix is driven by A + A^T, the next-token and previous-token signatures at
    /// once): the cosine of each token's two unit-normalised centred rows placed side by side,
    /// which is the mean of the two cosines.
    /// </summary>
    public static CorpusReference Both(CorpusReference next, CorpusReference previous)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(previous);
        return new("next+previous", $"mean of the next-token and previous-token centred cosines ({next.Name}, {previous.Name})",
            (next.Cosine + previous.Cosine) / 2.0);
    }

    /// <summary>The PPMI-SVD rival (<see cref="PpmiSvd"/>) from the offset-1 counts of the same tokens, its SVD
    /// solved by <paramref name="solver"/> (libtorch's when null: exact, and fast at N = 2048).</summary>
    public static CorpusReference PpmiSvdRival(CorpusCounts counts, IReadOnlyList<int> tokens, int rank = PpmiSvd.DefaultRank,
        double eigenvalueWeight = PpmiSvd.DefaultEigenvalueWeight, double smoothing = Ppmi.DefaultSmoothing, SvdSolver? solver = null)
    {
        var ppmi = Ppmi.Compute(counts, tokens, smoothing);
        int k = Math.Min(rank, tokens.Count);
        return new("ppmi_svd", $"PPMI (context smoothing {smoothing}) of the offset-1 counts over the same tokens, truncated SVD rank {k}, vectors U S^{eigenvalueWeight}",
            PpmiSvd.Compute(ppmi, solver ?? TorchSvdSolver.Instance, k, eigenvalueWeight).Cosine());
    }

    private static CorpusReference Signature(CorpusCounts counts, IReadOnlyList<int> tokens, SignatureSide side, WindowWeights weights)
    {
        var signatures = CorpusSignatures.Compute(counts, side, tokens, weights);
        string name = (side == SignatureSide.Next ? "next" : "previous") + (weights.Window > 1 ? $"_w{weights.Window}" : "");
        return new(name, $"{side.ToString().ToLowerInvariant()}-token signature, centred by the pair-weighted mean row; {weights.Description}",
            CorpusSignatureSimilarity.Centred(signatures));
    }
}
