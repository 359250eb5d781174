using MathNet.Numerics.LinearAlgebra;
using ProbSig.Empirics.LanguageModels.Comparison;
using ProbSig.Theory.Metrics;
using ProbSig.Theory.Corpus;
using ProbSig.Theory.Geometry;

namespace ProbSig.Verification.Claims.Language;

/// <summary>
/// Access to the LM claims' shared state through a <see cref="ClaimContext"/>: the corpus,
/// the two models (untied and tied) and the comparisons, each computed once per process
/// and shared by every claim (and by the tests and `verify` alike).
/// </summary>
public static class LanguageModelSetting
{
    /// <summary>The LM scale the claims run at. Only the CPU scale exists: the LM claims are
    /// registered at <see cref="ClaimScale.Cpu"/> alone (a paper scale is not built yet), and a
    /// CUDA context trains the same models on the GPU.</summary>
    public static LanguageModelScale Scale(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return LanguageModelScale.Cpu;
    }

    /// <summary>The shared corpus state.</summary>
    public static LanguageModelCorpus Corpus(ClaimContext context, LanguageModelScale scale) => context.Measure(new LmCorpus(scale));

    /// <summary>The untied or tied model; both are trained together once per process.</summary>
    public static TrainedLanguageModel Model(ClaimContext context, LanguageModelScale scale, bool tied) =>
        context.Measure(new LmModelPair(scale))[tied ? 1 : 0];

    /// <summary>Observed cosine of the compared tokens' rows (embedding or unembedding; centred rows).</summary>
    public static Matrix<double> Observed(ClaimContext context, LanguageModelScale scale, bool tied, bool unembedding) =>
        context.Measure(new LmObservedCosine(scale, tied, unembedding));

    /// <summary>A reference structure over the compared tokens, by name (see <see cref="LmReference"/>).</summary>
    public static CorpusReference Reference(ClaimContext context, LanguageModelScale scale, string name) =>
        context.Measure(new LmReference(scale, name));

    /// <summary>The comparison of a model side with a reference, with its nulls.</summary>
    public static StructureComparison Compare(ClaimContext context, LanguageModelScale scale, bool tied, bool unembedding, string reference) =>
        context.Measure(new LmComparisonRun(scale, tied, unembedding, reference));

    /// <summary>Any observed structure against any predicted one with the scale's settings (not cached).</summary>
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
