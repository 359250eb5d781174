using ProbSig.Empirics.LanguageModels.Comparison;
using ProbSig.Theory.Corpus;
using ProbSig.Theory.Geometry;

namespace ProbSig.Verification.Claims.Language;

/// <summary>
/// The LM claims' shared state seen through one <see cref="ClaimContext"/>: the corpus, the
/// two models (untied and tied) and the comparisons, each computed once per process and
/// shared by every claim (and by the tests and `verify` alike). The scale is fixed when the
/// view is made, so a claim names only what it compares.
/// </summary>
/// <param name="context">Where the shared results are cached.</param>
public sealed class LanguageModelSetting(ClaimContext context)
{
    private readonly ClaimContext context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The LM scale the claims run at. Only the CPU scale exists: the LM claims are
    /// registered at <see cref="ClaimScale.Cpu"/> alone (a paper scale is not built yet), and a
    /// CUDA context trains the same models on the GPU.</summary>
    public LanguageModelScale Scale { get; } = LanguageModelScale.Cpu;

    /// <summary>The shared corpus state.</summary>
    public LanguageModelCorpus Corpus => context.Measure(new LmCorpus(Scale));

    /// <summary>The untied or tied model; both are trained together once per process.</summary>
    public TrainedLanguageModel Model(bool tied) => context.Measure(new LmModelPair(Scale))[tied ? 1 : 0];

    /// <summary>Observed cosine of the compared tokens' rows (embedding or unembedding; centred rows).</summary>
    public Matrix<double> Observed(bool tied, bool unembedding) => context.Measure(new LmObservedCosine(Scale, tied, unembedding));

    /// <summary>A reference structure over the compared tokens, by name (see <see cref="LmReference"/>).</summary>
    public CorpusReference Reference(string name) => context.Measure(new LmReference(Scale, name));

    /// <summary>The comparison of a model side with a reference, with its nulls.</summary>
    public StructureComparison Compare(bool tied, bool unembedding, string reference) =>
        context.Measure(new LmComparisonRun(Scale, tied, unembedding, reference));

    /// <summary>Any observed structure against any predicted one with the scale's settings (not cached).</summary>
    public StructureComparison Compare(Matrix<double> observed, Matrix<double> predicted) => Compare(Scale, observed, predicted);

    /// <summary>Any observed structure against any predicted one with <paramref name="scale"/>'s
    /// settings (not cached); the experiment records use this one.</summary>
    public static StructureComparison Compare(LanguageModelScale scale, Matrix<double> observed, Matrix<double> predicted) =>
        PermutationNull.Compare(observed, predicted, Options(scale));

    /// <summary>Comparison settings of the scale: strong pairs are the top 1%.</summary>
    public static ComparisonOptions Options(LanguageModelScale scale) => new()
    {
        Permutations = scale.Permutations,
        KendallPermutations = scale.KendallPermutations,
        StrongPairFraction = 0.01,
        Seed = 12345,
    };
}
