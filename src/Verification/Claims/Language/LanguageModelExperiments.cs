using ProbSig.Empirics.LanguageModels.Comparison;
using ProbSig.Theory.Baselines;
using ProbSig.Theory.Corpus;
using ProbSig.Theory.Geometry;

namespace ProbSig.Verification.Claims.Language;

// The LM claims' experiments, each a record whose equality says what it depends on: the
// scale fixes corpus, tokenizer, model preset, training, seed and null sizes
// (LanguageModelScale), so every record carries it and adds only what differs. Records that
// depend on the corpus alone carry the scale's CorpusKey, so every seed shares them. The
// context trains on one device, so the device is in none of them.

/// <summary>The corpus state of a scale: tokenizer, documents, counts and compared tokens.</summary>
internal sealed record LmCorpus(LanguageModelScale Scale) : IExperiment<LanguageModelCorpus>
{
    public string Describe() =>
        $"{(Scale.Corpus is null ? "Brown corpus" : Scale.CorpusName)}: a {Scale.Vocabulary}-token byte-level BPE trained on all of it; {Scale.HeldOutFraction:P0} of the training genres' "
        + $"tokens held out as whole documents; compared: the top {Scale.TopTokens} tokens of the training documents";

    public LanguageModelCorpus Run(ClaimContext context) => LanguageModelCorpus.Build(Scale, context.Progress);
}

/// <summary>The untied and the tied model of a scale and seed (index 0 and 1), trained together.</summary>
internal sealed record LmModelPair(LanguageModelScale Scale) : IExperiment<TrainedLanguageModel[]>
{
    public string Describe()
    {
        var config = Empirics.Models.Qwen2Config.Preset(Scale.Preset, Scale.Vocabulary);
        return $"Qwen2 preset {Scale.Preset} (width {config.HiddenSize}, {config.NumHiddenLayers} blocks, {config.NumAttentionHeads} heads over "
            + $"{config.NumKeyValueHeads} key-value heads), untied and tied, init std {config.ResolveInit().Std.ToString(System.Globalization.CultureInfo.InvariantCulture)}, seed {Scale.ModelSeed}; "
            + $"{Scale.Steps} steps of {Scale.BatchSize} x {Scale.SequenceLength} tokens";
    }

    public TrainedLanguageModel[] Run(ClaimContext context)
    {
        var corpus = context.Measure(new LmCorpus(Scale.CorpusKey));
        TrainedLanguageModel Train(bool tied) => LanguageModelTraining.Train(Scale, corpus, tied, context.Device, context.Progress);
        // On CPU the two models train side by side on one libtorch thread each: cpu-tiny's
        // matrices are small, and two intra-op threads mostly wait on each other (and on a
        // machine with other work they can be ten times slower). Thread counts do not change
        // the weights (the trainer's resume tests compare 1 and 2 threads byte for byte).
        return context.Device == "cpu"
            ? Linear.SeedParallel.Run([0, 1], i => Train(i == 1))
            : [Train(false), Train(true)];
    }
}

/// <summary>Observed cosine of the compared tokens' rows (embedding or unembedding; centred
/// rows), after training or before it (<paramref name="Initial"/>: the untrained rival).</summary>
internal sealed record LmObservedCosine(LanguageModelScale Scale, bool Tied, bool Unembedding, bool Initial = false) : IExperiment<Matrix<double>>
{
    public string Describe() =>
        $"centred cosine of the {(Initial ? "untrained " : "")}{(Tied ? "tied" : "untied")} model's {(Unembedding ? "unembedding" : "embedding")} rows (seed {Scale.ModelSeed})";

    public Matrix<double> Run(ClaimContext context)
    {
        var model = context.Measure(new LmModelPair(Scale))[Tied ? 1 : 0];
        var weights = (Unembedding, Initial) switch
        {
            (false, false) => model.Embedding,
            (true, false) => model.Unembedding,
            (false, true) => model.InitialEmbedding,
            (true, true) => model.InitialUnembedding,
        };
        return RowCosine.MeanCentred(WeightRows.Select(weights, context.Measure(new LmCorpus(Scale.CorpusKey)).Tokens));
    }
}

/// <summary>A reference structure over the compared tokens, by name: next, previous, next_w,
/// previous_w (windowed), next+previous (the mean of the two cosines, not the tied
/// prediction), next_heldout (the held-out own-genre documents), next_other (the other
/// genres, size-matched), frequency (the unigram rival -|log f_i - log f_j|), the centred
/// PPMI-SVD rivals of the sweep ppmi_svd_next_rK_pP, ppmi_svd_previous_rK_pP and ppmi_svd_both_rK_pP, the uncentred
/// ppmi_svd_uncentred_r64 of earlier runs, and THEORY 3.4's linear-regime predictions
/// tied_flow / untied_flow at their t* (tied_flow_x0.5: at half of t*).</summary>
internal sealed record LmReference(LanguageModelScale Scale, string Name) : IExperiment<CorpusReference>
{
    public string Describe() => $"the corpus reference '{Name}'";

    public CorpusReference Run(ClaimContext context)
    {
        var c = context.Measure(new LmCorpus(Scale));
        var window = WindowWeights.Uniform(Scale.Window);
        return Name switch
        {
            "next" => CorpusReference.Next(c.TrainingCounts, c.Tokens),
            "previous" => CorpusReference.Previous(c.TrainingCounts, c.Tokens),
            "next_w" => CorpusReference.Next(c.TrainingCounts, c.Tokens, window),
            "previous_w" => CorpusReference.Previous(c.TrainingCounts, c.Tokens, window),
            "next_heldout" => CorpusReference.Next(c.HeldOutCounts, c.Tokens) with { Name = "next_heldout" },
            "next_other" => CorpusReference.Next(c.OtherCounts, c.Tokens) with { Name = "next_other" },
            "next+previous" => CorpusReference.Both(context.Measure(this with { Name = "next" }), context.Measure(this with { Name = "previous" })),
            Frequency => new(Frequency, "unigram frequency similarity -|log f_i - log f_j| (training-document counts)", RivalBaselines.LogFrequencyDistance(c.Frequency)),
            "ppmi_svd_uncentred_r64" => CorpusReference.PpmiSvdRival(c.TrainingCounts, c.Tokens, 64) with { Name = Name },
            _ when Name.StartsWith("ppmi_svd_", StringComparison.Ordinal) => context.Measure(new LmPpmiSweep(Scale, LanguageModelRivals.ContextOf(Name, WindowWeights.Uniform).Sides))
                .SingleOrDefault(r => r.Name == Name) ?? throw new ArgumentException($"unknown LM reference '{Name}'", nameof(Name)),
            _ when Name.StartsWith(TiedFlow, StringComparison.Ordinal) || Name.StartsWith(UntiedFlow, StringComparison.Ordinal) => Flow(context),
            _ => throw new ArgumentException($"unknown LM reference '{Name}'", nameof(Name)),
        };
    }

    /// <summary>The unigram frequency rival's name.</summary>
    public const string Frequency = "frequency";

    /// <summary>THEORY 3.4's tied prediction at its t*: the cosine of exp(2 t* (A + A^T)).</summary>
    public const string TiedFlow = "tied_flow";

    /// <summary>THEORY 3.4's untied prediction at its t*: the cosine of cosh(2 t* sqrt(A^T A)).</summary>
    public const string UntiedFlow = "untied_flow";

    /// <summary>Multiples of t* at which the tied prediction is reported beside the stated one.</summary>
    public static readonly double[] FlowTimeFactors = [0.25, 0.5, 2];

    /// <summary>The tied prediction at <paramref name="factor"/> t*.</summary>
    public static string TiedFlowAt(double factor) => $"{TiedFlow}_x{factor.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    private CorpusReference Flow(ClaimContext context)
    {
        var regime = context.Measure(new LmLinearRegime(Scale));
        bool tied = Name.StartsWith(TiedFlow, StringComparison.Ordinal);
        double factor = Name.Contains("_x", StringComparison.Ordinal)
            ? double.Parse(Name[(Name.IndexOf("_x", StringComparison.Ordinal) + 2)..], System.Globalization.CultureInfo.InvariantCulture) : 1;
        double t = factor * (tied ? regime.TiedEndOfLinearRegime : regime.UntiedEndOfLinearRegime);
        string what = tied ? "exp(2t (A + A^T))" : "cosh(2t sqrt(A^T A))";
        return new(Name, $"cosine of {what}, A[y, s] = pi_s (P(y | s) - 1/V) over the compared tokens, at t = {factor} t* = {t:G4} "
            + $"(t* from width {regime.Init.Width} and init std {regime.Init.Std:G3})", tied ? regime.TiedCosine(t) : regime.UntiedCosine(t));
    }
}

/// <summary>The centred PPMI-SVD rivals of offset-1 contexts on <paramref name="Sides"/> at every rank and eigenvalue weight of the sweep, from one SVD.</summary>
internal sealed record LmPpmiSweep(LanguageModelScale Scale, ContextSides Sides) : IExperiment<IReadOnlyList<CorpusReference>>
{
    public string Describe() => $"centred PPMI-SVD rivals, {PpmiContext.Offset1(Sides).Description}, {LanguageModelRivals.SweepText}";

    public IReadOnlyList<CorpusReference> Run(ClaimContext context)
    {
        var c = context.Measure(new LmCorpus(Scale));
        return CorpusReference.MatchedPpmiSvdRivals(c.TrainingCounts, c.Tokens, PpmiContext.Offset1(Sides), LanguageModelRivals.PpmiRanks, LanguageModelRivals.PpmiWeights);
    }
}

/// <summary>THEORY 3.4's linear regime of the training counts over the compared tokens, at the
/// preset's width and init std.</summary>
internal sealed record LmLinearRegime(LanguageModelScale Scale) : IExperiment<NextTokenLinearRegime>
{
    public string Describe() => "the linear-regime flows of the training counts' A";

    public NextTokenLinearRegime Run(ClaimContext context)
    {
        var c = context.Measure(new LmCorpus(Scale));
        var config = Empirics.Models.Qwen2Config.Preset(Scale.Preset, Scale.Vocabulary);
        return NextTokenLinearRegime.Compute(c.TrainingCounts, c.Tokens, Theory.Flow.InitScale.FromStd(config.ResolveInit().Std, config.HiddenSize));
    }
}

/// <summary>The comparison of a model side with a reference (or the untrained model), with its
/// frequency-stratified nulls.</summary>
internal sealed record LmComparisonRun(LanguageModelScale Scale, bool Tied, bool Unembedding, string Reference) : IExperiment<StructureComparison>
{
    public string Describe() => $"{new LmObservedCosine(Scale, Tied, Unembedding).Describe()} against {Reference}, {Scale.Permutations} permutations within {Scale.FrequencyStrata} frequency strata";

    public StructureComparison Run(ClaimContext context)
    {
        var predicted = Reference == LanguageModelSetting.Untrained
            ? context.Measure(new LmObservedCosine(Scale, Tied, Unembedding, Initial: true))
            : context.Measure(new LmReference(Scale.CorpusKey, Reference)).Cosine;
        return LanguageModelSetting.Compare(Scale, context.Measure(new LmCorpus(Scale.CorpusKey)), context.Measure(new LmObservedCosine(Scale, Tied, Unembedding)), predicted);
    }
}

/// <summary>Spearman of a model side against a reference (or the untrained model), no null.</summary>
internal sealed record LmSpearman(LanguageModelScale Scale, bool Tied, bool Unembedding, string Reference) : IExperiment<System.Runtime.CompilerServices.StrongBox<double>>
{
    public string Describe() => $"Spearman of {new LmObservedCosine(Scale, Tied, Unembedding).Describe()} against {Reference}";

    public System.Runtime.CompilerServices.StrongBox<double> Run(ClaimContext context)
    {
        var lm = new LanguageModelSetting(context, Scale);
        return new(new SpearmanMetric().Measure(lm.Observed(Tied, Unembedding), lm.PredictedOf(Reference, Tied, Unembedding)));
    }
}
