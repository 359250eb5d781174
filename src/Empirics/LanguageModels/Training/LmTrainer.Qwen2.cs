using ProbSig.Empirics.Models;

namespace ProbSig.Empirics.LanguageModels.Training;

public static partial class LmTrainer
{
    /// <summary>
    /// Trains <paramref name="model"/> on <paramref name="data"/> with causal LM cross-entropy and
    /// AdamW. With <paramref name="checkpointDir"/>, writes a checkpoint every
    /// CheckpointEvery steps and at the end (the model in Hugging Face layout, the optimiser
    /// moments, trainer_state.json), each atomically. <paramref name="resume"/> continues from
    /// the checkpoint there; on the CPU the final weights equal an uninterrupted run's exactly.
    /// </summary>
    /// <exception cref="ArgumentException">Bad settings, a model on another device or dtype than the
    /// config, data whose ids do not fit the model, or a checkpoint from other settings or data (named).</exception>
    /// <exception cref="global::ProbSig.Empirics.Training.TrainingDivergedException">A training loss became NaN or infinite.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> fired; the last checkpoint stays.</exception>
    public static LmTrainingResult Train(Qwen2ForCausalLM model, TokenDocuments data, LmTrainingConfig config,
        string? checkpointDir = null, bool resume = false, IProgress<LmProgress>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        if (data.VocabularySize > model.Config.VocabSize)
            throw new ArgumentException($"the data's vocabulary has {data.VocabularySize} tokens, the model's only {model.Config.VocabSize}", nameof(data));
        return Train(model, new Qwen2Weights(model), data, config, checkpointDir, resume, progress, cancel);
    }
}

/// <summary>Qwen2 weights in a checkpoint folder: model.safetensors under transformers' names.</summary>
public sealed class Qwen2Weights(Qwen2ForCausalLM model) : ILmWeights
{
    private readonly StateDictWeights weights = new(model, "model.safetensors");

    /// <inheritdoc/>
    public IReadOnlyCollection<string> Files => weights.Files;

    /// <inheritdoc/>
    public void Save(string dir) => weights.Save(dir);

    /// <inheritdoc/>
    public void Load(string dir) => weights.Load(dir);
}
