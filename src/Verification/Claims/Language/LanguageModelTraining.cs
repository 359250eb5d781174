using ProbSig.Empirics.LanguageModels.Training;
using TorchSharp;

namespace ProbSig.Verification.Claims.Language;

/// <summary>
/// Trains the LM claims' models with the project's trainer (<see cref="LmTrainer"/>): a Qwen2
/// preset on windows of the training genre set's documents, causal LM loss, AdamW with its
/// defaults (betas 0.9/0.95, weight decay 0.1 on matrices), warm-up then cosine decay to a
/// tenth, clipping at 1, float32 on CPU; no held-out split (every document trains) and no
/// checkpoint files. Batches are a pure function of (seed, step, row); the weights come
/// from the model's own generator.
/// </summary>
internal static class LanguageModelTraining
{
    public static TrainedLanguageModel Train(LanguageModelScale scale, LanguageModelCorpus corpus, bool tied, string device, IProgress<string>? progress)
    {
        Empirics.Runtime.TorchRuntime.Initialise();
        var config = Qwen2Config.Preset(scale.Preset, corpus.Tokenizer.VocabularySize) with
        {
            TieWordEmbeddings = tied, Seed = scale.ModelSeed, Device = device,
            MaxPositionEmbeddings = Math.Max(scale.SequenceLength, 16),
        };
        using var model = new Qwen2ForCausalLM(config);
        var data = new TokenDocuments(corpus.TrainingDocuments, corpus.Tokenizer.VocabularySize, corpus.TokenizerId);
        var training = new LmTrainingConfig
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
        string name = tied ? "tied" : "untied";
        var lines = progress is null ? null : new Progress<LmProgress>(p =>
        {
            if (p.Step % 100 == 0 || p.Step == p.Steps)
                progress.Report($"LM claims: {name} model step {p.Step}/{p.Steps}, loss {p.Loss:F3}, {p.TokensPerSecond:N0} tokens/s");
        });
        var result = LmTrainer.Train(model, data, training, progress: lines);
        using var noGrad = torch.no_grad();
        return new TrainedLanguageModel
        {
            Embedding = model.EmbeddingWeight.detach().cpu().clone(),
            Unembedding = model.UnembeddingWeight.detach().cpu().clone(),
            Tied = tied,
            Loss = result.Curve.Select(c => c.Loss).ToArray(),
            Seconds = result.Elapsed.TotalSeconds,
            Tokens = (long)scale.Steps * scale.BatchSize * scale.SequenceLength,
        };
    }
}
