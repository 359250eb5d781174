using ProbSig.Empirics.LanguageModels.Comparison;
using ProbSig.Theory.Geometry;

namespace ProbSig.Verification.Claims.Language;

/// <summary>
/// The LM claims' shared state seen through one <see cref="ClaimContext"/> for one training
/// seed: the corpus (shared by every seed), the two models of the seed (untied and tied),
/// the references and the comparisons, each computed once per process and shared by every
/// claim (and by the tests and `verify` alike). A claim names only what it compares and
/// runs <see cref="ForSeed"/> for each of its seeds.
/// </summary>
public sealed class LanguageModelSetting
{
    private readonly ClaimContext context;

    /// <summary>The view of <paramref name="context"/> at its scale (its LM sizes and corpus), seed 0.</summary>
    public LanguageModelSetting(ClaimContext context)
        : this(context, context?.LanguageModels ?? LanguageModelScale.Of(context?.Scale ?? ClaimScale.Cpu, context?.Corpus)) { }

    /// <summary>The view of <paramref name="context"/> at <paramref name="scale"/> (an experiment record's own scale and seed).</summary>
    internal LanguageModelSetting(ClaimContext context, LanguageModelScale scale)
    {
        this.context = context ?? throw new ArgumentNullException(nameof(context));
        Scale = scale;
    }

    /// <summary>The LM scale the claims run at, with this view's training seed: the CPU scale, or
    /// the paper scale (trained on the context's device, CUDA in `verify --scale paper`).</summary>
    public LanguageModelScale Scale { get; }

    /// <summary>The same view for training seed <paramref name="seed"/>.</summary>
    public LanguageModelSetting ForSeed(int seed) => new(context, Scale.ForSeed(seed));

    /// <summary>The shared corpus state (the same for every seed).</summary>
    public LanguageModelCorpus Corpus => context.Measure(new LmCorpus(Scale.CorpusKey));

    /// <summary>The untied or tied model of this seed; both are trained together once per process.</summary>
    public TrainedLanguageModel Model(bool tied) => context.Measure(new LmModelPair(Scale))[tied ? 1 : 0];

    /// <summary>Observed cosine of the compared tokens' rows (embedding or unembedding; centred
    /// rows), after training or, with <paramref name="initial"/>, before (the untrained rival).</summary>
    public Matrix<double> Observed(bool tied, bool unembedding, bool initial = false) =>
        context.Measure(new LmObservedCosine(Scale, tied, unembedding, initial));

    /// <summary>A reference structure over the compared tokens, by name (see <see cref="LmReference"/>).</summary>
    public CorpusReference Reference(string name) => context.Measure(new LmReference(Scale.CorpusKey, name));

    /// <summary>The comparison of a model side with a reference, with its frequency-stratified null.</summary>
    public StructureComparison Compare(bool tied, bool unembedding, string reference) =>
        context.Measure(new LmComparisonRun(Scale, tied, unembedding, reference));

    /// <summary>Spearman of a model side against a reference, no null (a rival's figure), computed
    /// once per process: C9, C14, C13 and C21 ask for the same rivals.</summary>
    public double Spearman(bool tied, bool unembedding, string reference) =>
        context.Measure(new LmSpearman(Scale, tied, unembedding, reference)).Value;

    /// <summary>The predicted cosine named by <paramref name="reference"/>: a corpus reference, or
    /// "untrained" (the same model side before training, of this seed).</summary>
    public Matrix<double> PredictedOf(string reference, bool tied, bool unembedding) =>
        reference == Untrained ? Observed(tied, unembedding, initial: true) : Reference(reference).Cosine;

    /// <summary>t* of THEORY 3.4's tied or untied flow for the training counts and the preset's init.</summary>
    public double FlowTime(bool tied)
    {
        var regime = context.Measure(new LmLinearRegime(Scale.CorpusKey));
        return tied ? regime.TiedEndOfLinearRegime : regime.UntiedEndOfLinearRegime;
    }

    /// <summary>The rival that is the model itself before training.</summary>
    public const string Untrained = "untrained";

    /// <summary>Any observed structure against any predicted one with this scale's settings
    /// and the frequency-stratified null (not cached).</summary>
    public StructureComparison Compare(Matrix<double> observed, Matrix<double> predicted) => Compare(Scale, Corpus, observed, predicted);

    /// <summary>Any observed structure against any predicted one with <paramref name="scale"/>'s
    /// settings, the null drawn within <paramref name="corpus"/>'s frequency strata (not cached).</summary>
    public static StructureComparison Compare(LanguageModelScale scale, LanguageModelCorpus corpus, Matrix<double> observed, Matrix<double> predicted) =>
        PermutationNull.Compare(observed, predicted, Options(scale), corpus.Strata);

    /// <summary>Comparison settings of the scale: strong pairs are the top 1%.</summary>
    public static ComparisonOptions Options(LanguageModelScale scale) => new()
    {
        Permutations = scale.Permutations,
        KendallPermutations = scale.KendallPermutations,
        StrongPairFraction = 0.01,
        Seed = 12345,
    };
}
