using MathNet.Numerics.LinearAlgebra;
using ProbSig.Empirics.LanguageModels.Comparison;
using ProbSig.Empirics.Tokenizers;
using ProbSig.Theory.Corpus;
using ProbSig.Theory.Geometry;

namespace ProbSig.Empirics.Embeddings;

/// <summary>How much of a corpus a table trained elsewhere covers under its tokenizer.</summary>
/// <param name="CorpusTokens">Tokens counted (the unknown token included).</param>
/// <param name="UnknownTokens">Of those, tokens the vocabulary does not hold (its unknown id).</param>
/// <param name="DistinctTokens">Distinct ids seen, the unknown id and special tokens excluded.</param>
/// <param name="Vocabulary">Rows of the table.</param>
public sealed record EmbeddingCoverage(long CorpusTokens, long UnknownTokens, int DistinctTokens, int Vocabulary)
{
    /// <summary>Tokens with a row of their own.</summary>
    public long CoveredTokens => CorpusTokens - UnknownTokens;

    /// <summary>Covered share of the corpus's tokens (NaN for an empty corpus).</summary>
    public double Fraction => CorpusTokens == 0 ? double.NaN : (double)CoveredTokens / CorpusTokens;

    /// <summary>One line for progress and tables.</summary>
    public override string ToString() => FormattableString.Invariant(
        $"{CoveredTokens:N0} of {CorpusTokens:N0} corpus tokens ({100 * Fraction:F1}%) have a row; {DistinctTokens:N0} distinct of the table's {Vocabulary:N0} rows occur");
}

/// <summary>
/// A table trained elsewhere against a corpus (THEORY 3.4 and 4), the way
/// <see cref="LmComparison"/> compares a trained model: the corpus is counted with the
/// table's own tokenizer, the most frequent comparable tokens are kept (never the unknown
/// token or a special token: they stand for no text of their own), and the centred cosine
/// of their rows is the observed structure, compared once, as "embedding" (a table trained
/// elsewhere has one side).
/// </summary>
public static class EmbeddingComparison
{
    /// <summary>The <paramref name="n"/> most frequent ids of <paramref name="counts"/> that
    /// <paramref name="vocabulary"/> compares, most frequent first (<see cref="TopTokens"/>'s order).</summary>
    public static int[] Tokens(CorpusCounts counts, IVocabularyTokenizer vocabulary, int n)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(vocabulary);
        var unigrams = counts.Unigrams.ToArray();
        foreach (var id in vocabulary.NotCompared)
            if ((uint)id < (uint)unigrams.Length) unigrams[id] = 0;
        return TopTokens.Select(unigrams, n);
    }

    /// <summary>How much of the counted corpus <paramref name="vocabulary"/> covers.</summary>
    public static EmbeddingCoverage Coverage(CorpusCounts counts, IVocabularyTokenizer vocabulary, int tableRows)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(vocabulary);
        var unigrams = counts.Unigrams;
        long unknown = (uint)vocabulary.UnknownId < (uint)unigrams.Length ? unigrams[vocabulary.UnknownId] : 0;
        int distinct = 0;
        for (int s = 0; s < unigrams.Length; s++)
            if (unigrams[s] > 0 && !vocabulary.NotCompared.Contains(s)) distinct++;
        return new EmbeddingCoverage(counts.TokenCount, unknown, distinct, tableRows);
    }

    /// <summary>The centred cosine of the rows of <paramref name="tokens"/> (the observed structure).</summary>
    public static Matrix<double> Observed(EmbeddingTable table, IReadOnlyList<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(table);
        return RowCosine.MeanCentred(table.Rows(tokens));
    }

    /// <summary>
    /// <paramref name="embeddings"/>' rows of <paramref name="tokens"/> against every reference of
    /// <paramref name="counts"/> (<see cref="LmComparison.References"/>), each with its null.
    /// </summary>
    /// <exception cref="ArgumentException">The counts were not made with the table's tokenizer.</exception>
    public static LmComparisonResult Compare(LoadedEmbeddings embeddings, CorpusCounts counts, IReadOnlyList<int> tokens,
        LmComparisonOptions options, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(options);
        if (counts.TokenizerId != embeddings.Tokenizer.Id)
            throw new ArgumentException($"the counts were made with tokenizer '{counts.TokenizerId}', not the table's '{embeddings.Tokenizer.Id}'", nameof(counts));
        options.Validate();
        progress?.Report($"references over {tokens.Count} tokens (signatures, PPMI-SVD)");
        var references = LmComparison.References(counts, tokens, options);
        var observed = new Dictionary<string, Matrix<double>> { ["embedding"] = Observed(embeddings.Table, tokens) };
        return LmComparison.Compare(observed, tokens, references, tied: true, options, progress);
    }
}
