using ProbSig.Empirics.Checkpoints.HuggingFace;
using ProbSig.Empirics.Models;
using static TorchSharp.torch;

namespace ProbSig.Empirics.LanguageModels.Training;

public static partial class LmTrainer
{
    /// <summary>
    /// Trains <paramref name="model"/> on <paramref name="data"/> with causal LM cross-entropy and
    /// AdamW. With <paramref name="checkpointDir"/>, writes a checkpoint every
    /// CheckpointEvery steps and at the end (the model in Hugging Face layout, the optimiser
    /// moments, trainer_state.json), each atomically. <paramref name="resume"/> continues from
    /// the checkpoint there; on the CPU the final weights equal an uninterrupted run's exactly.
    /// <c>afterStep</c> is called on the training thread after each optimiser step with the step
    /// number, while the weights are those that step left (e.g. to snapshot them).
    /// </summary>
    /// <exception cref="ArgumentException">Bad settings, a model on another device or dtype than the
    /// config, data whose ids do not fit the model, or a checkpoint from other settings or data (named).</exception>
    /// <exception cref="global::ProbSig.Empirics.Training.TrainingDivergedException">A training loss became NaN or infinite.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> fired; the last checkpoint stays.</exception>
    public static LmTrainingResult Train(Qwen2ForCausalLM model, TokenDocuments data, LmTrainingConfig config,
        string? checkpointDir = null, bool resume = false, IProgress<LmProgress>? progress = null, CancellationToken cancel = default,
        Action<int>? afterStep = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        if (data.VocabularySize > model.Config.VocabSize)
            throw new ArgumentException($"the data's vocabulary has {data.VocabularySize} tokens, the model's only {model.Config.VocabSize}", nameof(data));
        return Train(model, new Qwen2Weights(model), data, config, checkpointDir, resume, progress, cancel, afterStep);
    }
}

/// <summary>
/// Qwen2 weights in a checkpoint folder: the Hugging Face layout (config.json and
/// model.safetensors in the model's own dtype, so saving and loading are exact), through
/// <see cref="Qwen2Checkpoint"/>.
/// </summary>
public sealed class Qwen2Weights(Qwen2ForCausalLM model) : ILmWeights
{
    /// <inheritdoc/>
    public IReadOnlyCollection<string> Files { get; } = [Qwen2Checkpoint.ConfigFile, "model.safetensors"];

    /// <inheritdoc/>
    public void Save(string dir) => Qwen2Checkpoint.Save(model, dir);

    /// <inheritdoc/>
    /// <exception cref="CheckpointException">The checkpoint is unreadable or holds another architecture (named).</exception>
    public void Load(string dir)
    {
        using var loaded = Qwen2Checkpoint.Load(dir, model.Config.Device, model.Config.DType);
        // Only the architecture has to agree; seed and initialisation are history.
        var mine = model.Config with { Seed = 0, InitStd = null, Gamma = null };
        var theirs = loaded.Config with { Seed = 0, InitStd = null, Gamma = null };
        if (mine != theirs)
            throw new CheckpointException(dir, $"holds a model of another shape than the one being trained ({theirs} vs {mine})");
        using var noGrad = no_grad();
        var source = loaded.named_parameters().ToDictionary(p => p.name, p => p.parameter, StringComparer.Ordinal);
        foreach (var (name, p) in model.named_parameters()) p.copy_(source[name]);
    }
}
