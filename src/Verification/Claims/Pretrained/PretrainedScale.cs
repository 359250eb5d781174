using ProbSig.Empirics.Corpus;
using ProbSig.Empirics.Embeddings;
using ProbSig.Empirics.LanguageModels.Training;
using ProbSig.Theory.Corpus;
using ProbSig.Verification.Claims.Language;

namespace ProbSig.Verification.Claims.Pretrained;

/// <summary>
/// The settings of the claims on embeddings trained elsewhere, fixed before any was measured:
/// the LM claims' token count, strata and null (so the verdicts read alike), GloVe's own
/// context window (10 tokens each side, weights 1/k), and the document sample a seed draws.
/// </summary>
internal static class PretrainedScale
{
    /// <summary>Compared tokens (the LM claims' 1024).</summary>
    public const int TopTokens = 1024;

    /// <summary>Equal-count frequency strata of the null (the LM claims' 16).</summary>
    public const int FrequencyStrata = 16;

    /// <summary>Share of a corpus's documents a seed counts.</summary>
    public const double SampleFraction = 0.8;

    /// <summary>GloVe's window: 10 tokens on each side, a context k tokens away weighted 1/k (Pennington et al. 2014).</summary>
    public const int GloveWindow = 10;

    /// <summary>The packaged GloVe-derived word vectors.</summary>
    public static readonly EmbeddingSourceDescription Glove = new WinkPackageEmbeddings();

    /// <summary>The packaged MiniLM word pieces.</summary>
    public static readonly EmbeddingSourceDescription MiniLm = new MiniLmPackageEmbeddings();

    /// <summary>The Brown corpus, every genre.</summary>
    public static readonly SourceDescription Brown = new BrownDescription();

    /// <summary>The State of the Union addresses, every one.</summary>
    public static readonly SourceDescription Sotu = new SotuDescription();

    /// <summary>The weights of a window (GloVe's harmonic ones).</summary>
    public static WindowWeights Weights(int window) => WindowWeights.Harmonic(window);

    /// <summary>The null and metric settings: the LM claims' at CPU scale.</summary>
    public static Theory.Metrics.ComparisonOptions Options => LanguageModelSetting.Options(LanguageModelScale.Cpu);

    /// <summary>Whether seed <paramref name="seed"/> counts document <paramref name="index"/> (a hash, the same on every machine).</summary>
    public static bool Keeps(int seed, int index) =>
        SplitMix64.Below(SplitMix64.Hash(seed, 0x5A3C_0DE5, 0, index), 1_000_000) < (long)(SampleFraction * 1_000_000);
}
