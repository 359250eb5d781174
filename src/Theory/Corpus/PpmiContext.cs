namespace ProbSig.Theory.Corpus;

/// <summary>Which neighbours of a token a PPMI row counts as its contexts.</summary>
public enum ContextSides
{
    /// <summary>The tokens after it (rows x_t, contexts x_{t+k}): the next-token signature's side.</summary>
    Next,

    /// <summary>The tokens before it (rows x_{t+k}, contexts x_t): the previous-token signature's side.</summary>
    Previous,

    /// <summary>Both, undirected (a symmetric window, as hyperwords, word2vec and GloVe count): a pair
    /// (s, y) at offset k adds to row s, context y and to row y, context s.</summary>
    Both,
}

/// <summary>
/// The contexts a count-based rival is counted over, stated so that it can be matched to the
/// signature it competes with (issue 27: a rival sees what the predictor sees): the same sides
/// and the same offsets 1..w with the same weights alpha_k. The co-occurrence a PPMI row is built
/// from is c(s, y) = sum_k alpha_k n_k(s, y) (and its transpose for the other side), the way
/// GloVe weights a context k tokens away by 1/k (Pennington et al. 2014) and hyperwords' dynamic
/// window weights it (Levy, Goldberg &amp; Dagan 2015). Offset 1 on one side is the plain rival.
/// </summary>
/// <param name="Sides">Which neighbours count.</param>
/// <param name="Weights">The offsets 1..w and their weights.</param>
public sealed record PpmiContext(ContextSides Sides, WindowWeights Weights)
{
    /// <summary>Offset 1 on one side of the pair: the contexts of a plain (w = 1) signature of <paramref name="side"/>.</summary>
    public static PpmiContext Offset1(SignatureSide side) => Offset1(side == SignatureSide.Next ? ContextSides.Next : ContextSides.Previous);

    /// <summary>Offset 1 on <paramref name="sides"/>.</summary>
    public static PpmiContext Offset1(ContextSides sides) => new(sides, WindowWeights.Uniform(1));

    /// <summary>The contexts of a signature of <paramref name="side"/> over <paramref name="weights"/>.</summary>
    public static PpmiContext Of(SignatureSide side, WindowWeights weights) =>
        new(side == SignatureSide.Next ? ContextSides.Next : ContextSides.Previous, weights);

    /// <summary>A short stable name: "next", "previous" or "both", with "_wW" for a window above 1.</summary>
    public string Name => Sides.ToString().ToLowerInvariant() + (Weights.Window > 1 ? $"_w{Weights.Window}" : "");

    /// <summary>In words, for reports.</summary>
    public string Description => Sides switch
    {
        ContextSides.Next => "contexts the tokens after (rows x_t)",
        ContextSides.Previous => "contexts the tokens before (rows x_{t+k})",
        _ => "contexts the tokens on both sides (a symmetric window, undirected)",
    } + (Weights.Window > 1 ? $", offsets weighted {Weights.Description}" : ", offset 1");
}
