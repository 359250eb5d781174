using ProbSig.Empirics.LanguageModels.Comparison;
using ProbSig.Theory.Corpus;
using ProbSig.Theory.Geometry;

namespace ProbSig.Verification.Claims.Language;

// The LM claims' experiments, each a record whose equality says what it depends on: the
// scale fixes corpus, tokenizer, model preset, training and null sizes (LanguageModelScale),
// so every record carries it and adds only what differs. The context trains on one device,
// so the device is in none of them.

/// <summary>The corpus state of a scale: tokenizer, documents, counts and compared tokens.</summary>
internal sealed record LmCorpus(LanguageModelScale Scale) : IExperiment<LanguageModelCorpus>
{
    public string Describe() =>
        $"Brown corpus: a {Scale.Vocabulary}-token byte-level BPE trained on all 500 samples; compared: the top {Scale.TopTokens} tokens of the training text";

    public LanguageModelCorpus Run(ClaimContext context) => LanguageModelCorpus.Build(Scale, context.Progress);
}

/// <summary>The untied and the tied model of a scale (index 0 and 1), trained together.</summary>
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
        var corpus = context.Measure(new LmCorpus(Scale));
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

/// <summary>Observed cosine of the compared tokens' rows (embedding or unembedding; centred rows).</summary>
internal sealed record LmObservedCosine(LanguageModelScale Scale, bool Tied, bool Unembedding) : IExperiment<Matrix<double>>
{
    public string Describe() => $"centred cosine of the {(Tied ? "tied" : "untied")} model's {(Unembedding ? "unembedding" : "embedding")} rows";

    public Matrix<double> Run(ClaimContext context)
    {
        var model = context.Measure(new LmModelPair(Scale))[Tied ? 1 : 0];
        return RowCosine.MeanCentred(WeightRows.Select(Unembedding ? model.Unembedding : model.Embedding, context.Measure(new LmCorpus(Scale)).Tokens));
    }
}

/// <summary>A reference structure over the compared tokens, by name: next, previous,
/// next_w, previous_w, next+previous, ppmi_svd, next_other, next_matched.</summary>
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
            "next+previous" => CorpusReference.Both(context.Measure(this with { Name = "next" }), context.Measure(this with { Name = "previous" })),
            "ppmi_svd" => CorpusReference.PpmiSvdRival(c.TrainingCounts, c.Tokens),
            "next_other" => CorpusReference.Next(c.OtherCounts, c.Tokens) with { Name = "next_other" },
            "next_matched" => CorpusReference.Next(c.MatchedTrainingCounts, c.Tokens) with { Name = "next_matched" },
            _ => throw new ArgumentException($"unknown LM reference '{Name}'", nameof(Name)),
        };
    }
}

/// <summary>The comparison of a model side with a reference, with its nulls.</summary>
internal sealed record LmComparisonRun(LanguageModelScale Scale, bool Tied, bool Unembedding, string Reference) : IExperiment<StructureComparison>
{
    public string Describe() => $"{new LmObservedCosine(Scale, Tied, Unembedding).Describe()} against {new LmReference(Scale, Reference).Describe()}, {Scale.Permutations} permutations";

    public StructureComparison Run(ClaimContext context) =>
        LanguageModelSetting.Compare(Scale, context.Measure(new LmObservedCosine(Scale, Tied, Unembedding)),
            context.Measure(new LmReference(Scale, Reference)).Cosine);
}
