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
        return new($"{next.Name}+{previous.Name}", $"mean of the next-token and previous-token centred cosines ({next.Name}, {previous.Name})",
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

    /// <summary>The ranks <see cref="CentredPpmiSvdRivals"/> sweeps by default (each capped at N).</summary>
    public static IReadOnlyList<int> DefaultRivalRanks { get; } = [16, 64, 256];

    /// <summary>
    /// The PPMI-SVD rival centred like the signatures (THEORY 3.4), one per rank of a sweep, so a
    /// report can give the rank that serves it best: <see cref="PpmiSvd.CentredCosine"/> of the PPMI
    /// of the offset-1 counts on <paramref name="side"/>, named "ppmi_svd_r16" (next side) or
    /// "ppmi_svd_previous_r16". One SVD is solved, at the largest rank, and each lower rank keeps its
    /// leading modes (<see cref="PpmiSvd.Truncate"/>; the same as a separate SVD with libtorch's or
    /// the exact solver). Ranks above N are capped at N, and ranks equal after capping appear once,
    /// in the order given.
    /// </summary>
    /// <param name="counts">Counts holding the offset-1 pairs of every compared token.</param>
    /// <param name="tokens">The compared tokens; the cosines' rows follow their order.</param>
    /// <param name="side">Next: rows x_t, columns x_{t+1}; previous: the transposed block.</param>
    /// <param name="ranks">The sweep; null: <see cref="DefaultRivalRanks"/>.</param>
    /// <param name="eigenvalueWeight">p of the vectors U S^p.</param>
    /// <param name="smoothing">The context-distribution smoothing exponent.</param>
    /// <param name="solver">The SVD solver; libtorch's when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A rank below 1, or no tokens.</exception>
    public static IReadOnlyList<CorpusReference> CentredPpmiSvdRivals(CorpusCounts counts, IReadOnlyList<int> tokens,
        SignatureSide side = SignatureSide.Next, IReadOnlyList<int>? ranks = null, double eigenvalueWeight = PpmiSvd.DefaultEigenvalueWeight,
        double smoothing = Ppmi.DefaultSmoothing, SvdSolver? solver = null)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ranks ??= DefaultRivalRanks;
        if (ranks.Count == 0 || ranks.Any(r => r < 1))
            throw new ArgumentOutOfRangeException(nameof(ranks), string.Join(", ", ranks), "the sweep needs at least one rank, each at least 1");
        if (tokens.Count == 0) throw new ArgumentOutOfRangeException(nameof(tokens), "the rival needs at least one token");
        var capped = ranks.Select(r => Math.Min(r, tokens.Count)).Distinct().ToArray();
        var ppmi = Ppmi.Compute(counts, tokens, smoothing, side);
        var full = PpmiSvd.Compute(ppmi, solver ?? TorchSvdSolver.Instance, capped.Max(), eigenvalueWeight);
        string sideName = side == SignatureSide.Next ? "next" : "previous";
        string rows = side == SignatureSide.Next ? "rows x_t, columns the next token" : "rows x_{t+1}, columns the previous token";
        return capped.Select(k => new CorpusReference(
            side == SignatureSide.Next ? $"ppmi_svd_r{k}" : $"ppmi_svd_previous_r{k}",
            $"PPMI (context smoothing {smoothing}) of the offset-1 counts over the same tokens, {sideName} side ({rows}), "
            + $"truncated SVD rank {k} (leading modes of one rank-{full.Rank} SVD), vectors U S^{eigenvalueWeight}, "
            + $"centred by their mean weighted by the pairs each token conditions on this side (defined rows only)",
            full.Truncate(k).CentredCosine())).ToArray();
    }

    private static CorpusReference Signature(CorpusCounts counts, IReadOnlyList<int> tokens, SignatureSide side, WindowWeights weights)
    {
        var signatures = CorpusSignatures.Compute(counts, side, tokens, weights);
        string name = (side == SignatureSide.Next ? "next" : "previous") + (weights.Window > 1 ? $"_w{weights.Window}" : "");
        return new(name, $"{side.ToString().ToLowerInvariant()}-token signature, centred by the pair-weighted mean row; {weights.Description}",
            CorpusSignatureSimilarity.Centred(signatures));
    }
}
