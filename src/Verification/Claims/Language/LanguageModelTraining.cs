using ProbSig.Empirics.LanguageModels.Comparison;
using ProbSig.Empirics.LanguageModels.Training;
using TorchSharp;

namespace ProbSig.Verification.Claims.Language;

/// <summary>
/// Trains the LM claims' models with the project's trainer (<see cref="LmTrainer"/>): a Qwen2
/// preset on windows of the training genre set's documents, causal LM loss, AdamW with its
/// defaults (betas 0.9/0.95, weight decay 0.1 on matrices), warm-up then cosine decay to a
/// tenth, clipping at 1, float32 on CPU; no held-out split inside the trainer (the corpus state holds documents out for C12) and no
/// checkpoint files. Batches are a pure function of (seed, step, row); the weights come
/// from the model's own generator.
/// </summary>
internal static class LanguageModelTraining
{
    /// <summary>The trainer's settings at <paramref name="scale"/>: what the models are trained
    /// with, and what the experiment text describes (so the report cannot state other values).</summary>
    public static LmTrainingConfig Config(LanguageModelScale scale, string device = "cpu") => new()
    {
        Steps = scale.Steps,
        BatchSize = scale.BatchSize,
        SequenceLength = scale.SequenceLength,
        LearningRate = scale.LearningRate,
        WarmupSteps = Math.Max(1, scale.Steps / 20),
        Seed = scale.ModelSeed,
        HeldOutFraction = 0,
        EvalEvery = 0,
        LogEvery = 10,
        Device = device,
    };

    public static TrainedLanguageModel Train(LanguageModelScale scale, LanguageModelCorpus corpus, bool tied, string device, IProgress<string>? progress)
    {
        Empirics.Runtime.TorchRuntime.Initialise();
        var config = Qwen2Config.Preset(scale.Preset, corpus.Tokenizer.VocabularySize) with
        {
            TieWordEmbeddings = tied, Seed = scale.ModelSeed, Device = device,
            MaxPositionEmbeddings = Math.Max(scale.SequenceLength, 16),
        };
        using var model = new Qwen2ForCausalLM(config);
        torch.Tensor initialEmbedding, initialUnembedding;
        using (torch.no_grad())
        {
            initialEmbedding = model.EmbeddingWeight.detach().cpu().clone();
            initialUnembedding = model.UnembeddingWeight.detach().cpu().clone();
        }
        var data = new TokenDocuments(corpus.TrainingDocuments, corpus.Tokenizer.VocabularySize, corpus.TokenizerId);
        var training = Config(scale, device);
        string name = $"{(tied ? "tied" : "untied")} model (seed {scale.ModelSeed})";
        var lines = progress is null ? null : new Progress<LmProgress>(p =>
        {
            if (p.Step % 100 == 0 || p.Step == p.Steps)
                progress.Report($"LM claims: {name} step {p.Step}/{p.Steps}, loss {p.Loss:F3}, {p.TokensPerSecond:N0} tokens/s");
        });
        // The compared tokens' rows at step 0 and at each curve step, read on the training thread.
        var snapshots = new List<WeightSnapshot>();
        var curveSteps = scale.CurveSteps.ToHashSet();
        void Snapshot(int step)
        {
            if (!curveSteps.Contains(step)) return;
            using var noGrad = torch.no_grad();
            snapshots.Add(new WeightSnapshot(step, WeightRows.Select(model.EmbeddingWeight, corpus.Tokens), WeightRows.Select(model.UnembeddingWeight, corpus.Tokens)));
        }
        Snapshot(0);
        var result = LmTrainer.Train(model, data, training, progress: lines, afterStep: Snapshot);
        using var noGrad = torch.no_grad();
        return new TrainedLanguageModel
        {
            Embedding = model.EmbeddingWeight.detach().cpu().clone(),
            Unembedding = model.UnembeddingWeight.detach().cpu().clone(),
            InitialEmbedding = initialEmbedding,
            InitialUnembedding = initialUnembedding,
            Seed = scale.ModelSeed,
            Tied = tied,
            Snapshots = snapshots,
            Loss = result.Curve.Select(c => c.Loss).ToArray(),
            Seconds = result.Elapsed.TotalSeconds,
            Tokens = (long)scale.Steps * scale.BatchSize * scale.SequenceLength,
        };
    }
}
