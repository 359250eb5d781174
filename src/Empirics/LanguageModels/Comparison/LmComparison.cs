using MathNet.Numerics.LinearAlgebra;
using ProbSig.Theory.Corpus;
using ProbSig.Theory.Metrics;
using ProbSig.Theory.Geometry;
using TorchSharp;

namespace ProbSig.Empirics.LanguageModels.Comparison;

/// <summary>One side of a model compared with one corpus reference.</summary>
/// <param name="Side">"embedding" or "unembedding".</param>
/// <param name="Reference">The reference's name (next, previous, next_w3, ..., ppmi_svd).</param>
/// <param name="Result">Every metric with its null, and the agreement curve.</param>
public sealed record LmComparisonRow(string Side, string Reference, StructureComparison Result);

/// <summary>
/// The full comparison of a language model with a corpus (THEORY 3.4 and 4), shared by
/// `probsig lm compare` and the LM claims: observed cosines of the embedding and unembedding
/// rows of the compared tokens against every reference.
/// </summary>
/// <param name="Tokens">Compared token ids, most frequent first.</param>
/// <param name="Observed">Observed cosine per side ("embedding", "unembedding"), rows centred.</param>
/// <param name="References">The predicted structures, in report order.</param>
/// <param name="Rows">One row per (side, reference).</param>
/// <param name="Tied">Whether the unembedding is the embedding.</param>
/// <param name="Options">The settings used.</param>
public sealed record LmComparisonResult(IReadOnlyList<int> Tokens, IReadOnlyDictionary<string, Matrix<double>> Observed,
    IReadOnlyList<CorpusReference> References, IReadOnlyList<LmComparisonRow> Rows, bool Tied, LmComparisonOptions Options);

/// <summary>Runs <see cref="LmComparisonResult"/>.</summary>
public static class LmComparison
{
    /// <summary>The references of a comparison: next and previous signatures, their windowed
    /// variants when a window above 1 is set (and the two windowed sides together), both together, and the PPMI-SVD rival unless its rank is 0.</summary>
    public static IReadOnlyList<CorpusReference> References(CorpusCounts counts, IReadOnlyList<int> tokens, LmComparisonOptions options)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(options);
        var next = CorpusReference.Next(counts, tokens);
        var previous = CorpusReference.Previous(counts, tokens);
        var list = new List<CorpusReference> { next, previous, CorpusReference.Both(next, previous) };
        if (options.Window is { Window: > 1 } w)
        {
            var nextWindowed = CorpusReference.Next(counts, tokens, w);
            var previousWindowed = CorpusReference.Previous(counts, tokens, w);
            list.Add(nextWindowed);
            list.Add(previousWindowed);
            // Both sides of the window: the context a symmetric-window model (GloVe, word2vec) is trained on.
            list.Add(CorpusReference.Both(nextWindowed, previousWindowed));
        }
        if (options.PpmiRank > 0) list.Add(CorpusReference.PpmiSvdRival(counts, tokens, options.PpmiRank, options.PpmiEigenvalueWeight));
        return list;
    }

    /// <summary>
    /// Compares <paramref name="embedding"/> and <paramref name="unembedding"/> (V x d each; pass the
    /// same tensor twice for a tied model, which is then compared once, as "embedding") over
    /// <paramref name="tokens"/> with every reference of <paramref name="counts"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The counts' vocabulary is larger than the weights' rows.</exception>
    public static LmComparisonResult Compare(torch.Tensor embedding, torch.Tensor unembedding, bool tied, CorpusCounts counts,
        IReadOnlyList<int> tokens, LmComparisonOptions options, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        ArgumentNullException.ThrowIfNull(unembedding);
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (counts.VocabularySize > embedding.shape[0])
            throw new ArgumentException($"the counts' vocabulary ({counts.VocabularySize}) is larger than the embedding's {embedding.shape[0]} rows", nameof(counts));
        progress?.Report($"references over {tokens.Count} tokens (signatures, PPMI-SVD)");
        return Compare(embedding, unembedding, tied, tokens, References(counts, tokens, options), options, progress);
    }

    /// <summary>
    /// <see cref="Compare(torch.Tensor, torch.Tensor, bool, CorpusCounts, IReadOnlyList{int}, LmComparisonOptions, IProgress{string})"/>
    /// with the references computed once (<see cref="References"/>), e.g. for several checkpoints
    /// compared with one corpus.
    /// </summary>
    /// <param name="embedding">The embedding (V x d).</param>
    /// <param name="unembedding">The unembedding (V x d); the same tensor when tied.</param>
    /// <param name="tied">Whether the model is tied (compared once, as "embedding").</param>
    /// <param name="tokens">The compared tokens, in the references' row order.</param>
    /// <param name="references">The references over <paramref name="tokens"/>.</param>
    /// <param name="options">The settings the references were made with.</param>
    /// <param name="progress">One line per comparison.</param>
    /// <exception cref="ArgumentException">A token id outside the weights' rows.</exception>
    public static LmComparisonResult Compare(torch.Tensor embedding, torch.Tensor unembedding, bool tied, IReadOnlyList<int> tokens,
        IReadOnlyList<CorpusReference> references, LmComparisonOptions options, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        ArgumentNullException.ThrowIfNull(unembedding);
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var observed = new Dictionary<string, Matrix<double>> { ["embedding"] = RowCosine.MeanCentred(WeightRows.Select(embedding, tokens)) };
        if (!tied) observed["unembedding"] = RowCosine.MeanCentred(WeightRows.Select(unembedding, tokens));
        return Compare(observed, tokens, references, tied, options, progress);
    }

    /// <summary>
    /// Observed cosines already made (a side's name to its N x N centred cosine over
    /// <paramref name="tokens"/>) against every reference: the one loop every comparison runs,
    /// a model's sides or a table trained elsewhere (Embeddings.EmbeddingComparison).
    /// </summary>
    public static LmComparisonResult Compare(IReadOnlyDictionary<string, Matrix<double>> observed, IReadOnlyList<int> tokens,
        IReadOnlyList<CorpusReference> references, bool tied, LmComparisonOptions options, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var rows = new List<LmComparisonRow>();
        foreach (var (side, cos) in observed)
            foreach (var reference in references)
            {
                progress?.Report($"{side} vs {reference.Name}: {options.Comparison.Permutations} permutations");
                rows.Add(new LmComparisonRow(side, reference.Name, PermutationNull.Compare(cos, reference.Cosine, options.Comparison)));
            }
        return new LmComparisonResult(tokens.ToArray(), observed, references, rows, tied, options);
    }
}
