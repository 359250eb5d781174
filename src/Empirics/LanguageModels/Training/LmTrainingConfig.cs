using static TorchSharp.torch;

namespace ProbSig.Empirics.LanguageModels.Training;

/// <summary>
/// Settings of a language-model training run (<see cref="LmTrainer"/>). The defaults suit the
/// cpu-tiny preset on a few CPU cores. The initialisation (std or rate gamma) belongs to the
/// model's Qwen2Config, not here.
/// </summary>
public sealed record LmTrainingConfig
{
    /// <summary>Optimiser updates in the whole run (a resumed run counts the steps already done).</summary>
    public int Steps { get; init; } = 200;

    /// <summary>Windows per step (B).</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Tokens the model reads per window (T); a window holds T + 1 tokens.</summary>
    public int SequenceLength { get; init; } = 128;

    /// <summary>Peak learning rate, reached at the end of warm-up.</summary>
    public double LearningRate { get; init; } = 3e-3;

    /// <summary>Steps of linear warm-up from lr / WarmupSteps to lr.</summary>
    public int WarmupSteps { get; init; } = 20;

    /// <summary>The cosine decay ends at LearningRate * MinLearningRateRatio on the last step.</summary>
    public double MinLearningRateRatio { get; init; } = 0.1;

    /// <summary>AdamW's decoupled weight decay, applied to matrices only (not to norm gains or biases).</summary>
    public double WeightDecay { get; init; } = 0.1;

    /// <summary>AdamW's first-moment decay.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>AdamW's second-moment decay (0.95 as in most LM recipes: steadier with small batches).</summary>
    public double Beta2 { get; init; } = 0.95;

    /// <summary>AdamW's epsilon.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Clip the global gradient L2 norm to this value; 0 turns clipping off.</summary>
    public double GradientClip { get; init; } = 1.0;

    /// <summary>Seed of the batch draws (the model's initial draw is Qwen2Config.Seed).</summary>
    public long Seed { get; init; }

    /// <summary>Record a curve point (mean loss since the last one) every LogEvery steps and at the last step.</summary>
    public int LogEvery { get; init; } = 10;

    /// <summary>Held-out loss every EvalEvery steps and at the last step; 0 = only at the last step.</summary>
    public int EvalEvery { get; init; } = 50;

    /// <summary>Fraction of documents (the last ones) held out for the eval loss; 0 = no held-out data.</summary>
    public double HeldOutFraction { get; init; } = 0.05;

    /// <summary>Held-out windows per evaluation (a fixed set for the run).</summary>
    public int EvalWindows { get; init; } = 64;

    /// <summary>Write a checkpoint every CheckpointEvery steps; 0 = only at the end.</summary>
    public int CheckpointEvery { get; init; }

    /// <summary>"cpu", "cuda" or "cuda:N"; must match the model's device.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Float32 on CPU; BFloat16 or Float32 on CUDA; must match the model's dtype.</summary>
    public ScalarType DType { get; init; } = ScalarType.Float32;

    /// <summary>Throws when a field is out of range; the message names the field and its value.</summary>
    /// <exception cref="ArgumentException">A field out of range.</exception>
    public void Validate()
    {
        Positive(Steps, nameof(Steps));
        Positive(BatchSize, nameof(BatchSize));
        Positive(SequenceLength, nameof(SequenceLength));
        if (!double.IsFinite(LearningRate) || LearningRate <= 0)
            throw new ArgumentException($"LearningRate is {LearningRate}; it must be finite and positive", nameof(LearningRate));
        if (WarmupSteps < 0 || WarmupSteps > Steps)
            throw new ArgumentException($"WarmupSteps is {WarmupSteps}; it must lie in [0, Steps = {Steps}]", nameof(WarmupSteps));
        if (!(MinLearningRateRatio >= 0 && MinLearningRateRatio <= 1))
            throw new ArgumentException($"MinLearningRateRatio is {MinLearningRateRatio}; it must lie in [0, 1]", nameof(MinLearningRateRatio));
        if (!double.IsFinite(WeightDecay) || WeightDecay < 0)
            throw new ArgumentException($"WeightDecay is {WeightDecay}; it must be finite and non-negative", nameof(WeightDecay));
        if (!(Beta1 >= 0 && Beta1 < 1)) throw new ArgumentException($"Beta1 is {Beta1}; it must lie in [0, 1)", nameof(Beta1));
        if (!(Beta2 >= 0 && Beta2 < 1)) throw new ArgumentException($"Beta2 is {Beta2}; it must lie in [0, 1)", nameof(Beta2));
        if (!double.IsFinite(Epsilon) || Epsilon <= 0)
            throw new ArgumentException($"Epsilon is {Epsilon}; it must be finite and positive", nameof(Epsilon));
        if (!double.IsFinite(GradientClip) || GradientClip < 0)
            throw new ArgumentException($"GradientClip is {GradientClip}; it must be finite and non-negative (0 = off)", nameof(GradientClip));
        Positive(LogEvery, nameof(LogEvery));
        if (EvalEvery < 0) throw new ArgumentException($"EvalEvery is {EvalEvery}; it must be non-negative (0 = only at the end)", nameof(EvalEvery));
        Positive(EvalWindows, nameof(EvalWindows));
        if (!(HeldOutFraction >= 0 && HeldOutFraction < 1))
            throw new ArgumentException($"HeldOutFraction is {HeldOutFraction}; it must lie in [0, 1)", nameof(HeldOutFraction));
        if (CheckpointEvery < 0) throw new ArgumentException($"CheckpointEvery is {CheckpointEvery}; it must be non-negative (0 = only at the end)", nameof(CheckpointEvery));
        bool cuda = Device == "cuda" || (Device is not null && Device.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(Device[5..], out var n) && n >= 0);
        if (Device != "cpu" && !cuda)
            throw new ArgumentException($"Device is \"{Device}\"; expected cpu, cuda or cuda:N", nameof(Device));
        if (Device == "cpu" && DType != ScalarType.Float32)
            throw new ArgumentException($"DType is {DType}; training on cpu is Float32", nameof(DType));
        if (cuda && DType != ScalarType.Float32 && DType != ScalarType.BFloat16)
            throw new ArgumentException($"DType is {DType}; training on cuda is BFloat16 or Float32", nameof(DType));
    }

    /// <summary>The learning rate of step <paramref name="step"/> (1-based).</summary>
    public double LearningRateAt(int step) => LearningRateSchedule.At(step, Steps, LearningRate, WarmupSteps, MinLearningRateRatio);

    private static void Positive(int value, string name)
    {
        if (value <= 0) throw new ArgumentException($"{name} is {value}; it must be positive", name);
    }
}
