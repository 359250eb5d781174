using MathNet.Numerics.LinearAlgebra;
using ProbSig.Empirics.LanguageModels.Comparison;
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
    public static LanguageModelCorpus Corpus(ClaimContext context, LanguageModelScale scale) =>
        context.GetOrCompute("lm/corpus/" + scale.Key, () => LanguageModelCorpus.Build(scale, context.Progress));

    /// <summary>The untied or tied model; both are trained together once per process.</summary>
    public static TrainedLanguageModel Model(ClaimContext context, LanguageModelScale scale, bool tied)
    {
        var both = context.GetOrCompute($"lm/models/{scale.Key}/{context.Device}", () =>
        {
            var corpus = Corpus(context, scale);
            TrainedLanguageModel Train(bool t) => LanguageModelTraining.Train(scale, corpus, t, context.Device, context.Progress);
            // On CPU the two models train side by side on one libtorch thread each: cpu-tiny's
            // matrices are small, and two intra-op threads mostly wait on each other (and on a
            // machine with other work they can be ten times slower). Thread counts do not change
            // the weights (the trainer's resume tests compare 1 and 2 threads byte for byte).
            return context.Device == "cpu"
                ? Linear.SeedParallel.Run([0, 1], i => Train(i == 1))
                : [Train(false), Train(true)];
        });
        return both[tied ? 1 : 0];
    }

    /// <summary>Observed cosine of the compared tokens' rows (embedding or unembedding; centred rows).</summary>
    public static Matrix<double> Observed(ClaimContext context, LanguageModelScale scale, bool tied, bool unembedding) =>
        context.GetOrCompute($"lm/observed/{(tied ? "tied" : "untied")}/{(unembedding ? "unembedding" : "embedding")}/{scale.Key}/{context.Device}", () =>
        {
            var model = Model(context, scale, tied);
            return RowCosine.MeanCentred(WeightRows.Select(unembedding ? model.Unembedding : model.Embedding, Corpus(context, scale).Tokens));
        });

    /// <summary>A reference structure over the compared tokens, by name: next, previous,
    /// next_w, previous_w, next+previous, ppmi_svd, next_other, next_matched.</summary>
    public static CorpusReference Reference(ClaimContext context, LanguageModelScale scale, string name) =>
        context.GetOrCompute($"lm/reference/{name}/{scale.Key}", () =>
        {
            var c = Corpus(context, scale);
            var window = WindowWeights.Uniform(scale.Window);
            return name switch
            {
                "next" => CorpusReference.Next(c.TrainingCounts, c.Tokens),
                "previous" => CorpusReference.Previous(c.TrainingCounts, c.Tokens),
                "next_w" => CorpusReference.Next(c.TrainingCounts, c.Tokens, window),
                "previous_w" => CorpusReference.Previous(c.TrainingCounts, c.Tokens, window),
                "next+previous" => CorpusReference.Both(Reference(context, scale, "next"), Reference(context, scale, "previous")),
                "ppmi_svd" => CorpusReference.PpmiSvdRival(c.TrainingCounts, c.Tokens),
                "next_other" => CorpusReference.Next(c.OtherCounts, c.Tokens) with { Name = "next_other" },
                "next_matched" => CorpusReference.Next(c.MatchedTrainingCounts, c.Tokens) with { Name = "next_matched" },
                _ => throw new ArgumentException($"unknown LM reference '{name}'", nameof(name)),
            };
        });

    /// <summary>The comparison of a model side with a reference, with its nulls.</summary>
    public static StructureComparison Compare(ClaimContext context, LanguageModelScale scale, bool tied, bool unembedding, string reference) =>
        context.GetOrCompute($"lm/compare/{(tied ? "tied" : "untied")}/{(unembedding ? "unembedding" : "embedding")}/{reference}/{scale.Key}/{context.Device}",
            () => StructureComparer.Compare(Observed(context, scale, tied, unembedding), Reference(context, scale, reference).Cosine, Options(scale)));

    /// <summary>Comparison settings of the scale: strong pairs are the top 1%.</summary>
    public static ComparisonOptions Options(LanguageModelScale scale) => new()
    {
        Permutations = scale.Permutations,
        KendallPermutations = scale.KendallPermutations,
        StrongPairFraction = 0.01,
        Seed = 12345,
    };
}
