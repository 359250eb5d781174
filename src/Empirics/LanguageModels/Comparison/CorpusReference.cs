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

    /// <summary>The ranks <see cref="MatchedPpmiSvdRivals"/> sweeps by default (each capped at N):
    /// powers of two from 2 to 256, the range hyperwords tunes over.</summary>
    public static IReadOnlyList<int> DefaultRivalRanks { get; } = [2, 4, 8, 16, 32, 64, 128, 256];

    /// <summary>The eigenvalue weights p of U S^p <see cref="MatchedPpmiSvdRivals"/> sweeps by default
    /// (Levy, Goldberg &amp; Dagan 2015: 0, 0.5 and 1).</summary>
    public static IReadOnlyList<double> DefaultEigenvalueWeights { get; } = [0, 0.5, 1];

    /// <summary>The name of the matched rival of <paramref name="context"/> at rank <paramref name="rank"/> and weight <paramref name="p"/>: ppmi_svd_both_w10_r16_p0.5.</summary>
    public static string PpmiSvdName(PpmiContext context, int rank, double p)
    {
        ArgumentNullException.ThrowIfNull(context);
        return $"ppmi_svd_{context.Name}_r{rank}_p{p.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    /// <summary>
    /// The PPMI-SVD rival matched to a signature (THEORY 3.4; issue 27): the PPMI of the pairs over
    /// <paramref name="context"/> (the signature's own sides, offsets and weights, context smoothing
    /// <paramref name="smoothing"/>), its truncated SVD at every rank of <paramref name="ranks"/> with
    /// vectors U S^p for every p of <paramref name="eigenvalueWeights"/>, each centred like the signatures
    /// (<see cref="PpmiSvd.CentredCosine"/>) and named by <see cref="PpmiSvdName"/>. One SVD is solved, at
    /// the largest rank; each lower rank keeps its leading modes (<see cref="PpmiSvd.Truncate(int, double)"/>;
    /// the same as a separate SVD with libtorch's or the exact solver). Ranks above N are capped at N,
    /// and ranks equal after capping appear once. The caller picks the best of the sweep: the rival
    /// gets every setting its literature tunes.
    /// </summary>
    /// <param name="counts">Counts holding the pairs of every compared token over the context's window.</param>
    /// <param name="tokens">The compared tokens; the cosines' rows follow their order.</param>
    /// <param name="context">Sides, offsets and weights; those of the signature the rival competes with.</param>
    /// <param name="ranks">The ranks; null: <see cref="DefaultRivalRanks"/>.</param>
    /// <param name="eigenvalueWeights">The p of U S^p; null: <see cref="DefaultEigenvalueWeights"/>.</param>
    /// <param name="smoothing">The context-distribution smoothing exponent.</param>
    /// <param name="solver">The SVD solver; libtorch's when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A rank below 1, a weight not finite, an empty sweep, or no tokens.</exception>
    public static IReadOnlyList<CorpusReference> MatchedPpmiSvdRivals(CorpusCounts counts, IReadOnlyList<int> tokens, PpmiContext context,
        IReadOnlyList<int>? ranks = null, IReadOnlyList<double>? eigenvalueWeights = null, double smoothing = Ppmi.DefaultSmoothing, SvdSolver? solver = null)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(context);
        ranks ??= DefaultRivalRanks;
        eigenvalueWeights ??= DefaultEigenvalueWeights;
        if (ranks.Count == 0 || ranks.Any(r => r < 1))
            throw new ArgumentOutOfRangeException(nameof(ranks), string.Join(", ", ranks), "the sweep needs at least one rank, each at least 1");
        if (eigenvalueWeights.Count == 0 || eigenvalueWeights.Any(p => !double.IsFinite(p)))
            throw new ArgumentOutOfRangeException(nameof(eigenvalueWeights), string.Join(", ", eigenvalueWeights), "the sweep needs at least one eigenvalue weight, each finite");
        if (tokens.Count == 0) throw new ArgumentOutOfRangeException(nameof(tokens), "the rival needs at least one token");
        var capped = ranks.Select(r => Math.Min(r, tokens.Count)).Distinct().ToArray();
        var ppmi = Ppmi.Compute(counts, tokens, context, smoothing);
        var full = PpmiSvd.Compute(ppmi, solver ?? TorchSvdSolver.Instance, capped.Max());
        return [.. from k in capped
                   from p in eigenvalueWeights.Distinct()
                   select new CorpusReference(PpmiSvdName(context, k, p),
                       $"PPMI (context smoothing {smoothing}) of the pairs over the same tokens, {context.Description}; "
                       + $"truncated SVD rank {k} (leading modes of one rank-{full.Rank} SVD), vectors U S^{p.ToString(System.Globalization.CultureInfo.InvariantCulture)}, "
                       + "centred by their mean weighted by the pairs each token has on the counted sides (defined rows only)",
                       full.Truncate(k, p).CentredCosine())];
    }

    private static CorpusReference Signature(CorpusCounts counts, IReadOnlyList<int> tokens, SignatureSide side, WindowWeights weights)
    {
        var signatures = CorpusSignatures.Compute(counts, side, tokens, weights);
        string name = (side == SignatureSide.Next ? "next" : "previous") + (weights.Window > 1 ? $"_w{weights.Window}" : "");
        return new(name, $"{side.ToString().ToLowerInvariant()}-token signature, centred by the pair-weighted mean row; {weights.Description}",
            CorpusSignatureSimilarity.Centred(signatures));
    }
}
