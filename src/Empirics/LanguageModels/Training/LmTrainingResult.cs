namespace ProbSig.Empirics.LanguageModels.Training;

/// <summary>One point of the training curve.</summary>
/// <param name="Step">Updates taken (1-based index of the last one).</param>
/// <param name="Loss">Mean training cross-entropy (nats per token) over the steps since the previous point.</param>
/// <param name="EvalLoss">Held-out cross-entropy at this step, where an evaluation ran.</param>
/// <param name="LearningRate">The learning rate of this step.</param>
/// <param name="GradientNorm">Global gradient L2 norm of this step, before clipping.</param>
/// <param name="TokensPerSecond">Training tokens (B * T per step) per second of step time since the previous point.</param>
public sealed record LmCurvePoint(int Step, double Loss, double? EvalLoss, double LearningRate, double GradientNorm, double TokensPerSecond);

/// <summary>Reported after every update.</summary>
/// <param name="Step">Updates taken.</param>
/// <param name="Steps">Updates in the whole run.</param>
/// <param name="Loss">This step's training loss.</param>
/// <param name="EvalLoss">Held-out loss when this step evaluated, else null.</param>
/// <param name="LearningRate">This step's learning rate.</param>
/// <param name="TokensPerSecond">Training tokens per second of step time, averaged since this process started the run.</param>
/// <param name="Remaining">Estimated time to the last step at that rate.</param>
/// <param name="CheckpointWritten">True when this step wrote a checkpoint.</param>
public sealed record LmProgress(int Step, int Steps, double Loss, double? EvalLoss, double LearningRate, double TokensPerSecond,
    TimeSpan Remaining, bool CheckpointWritten);

/// <summary>What LmTrainer.Train returns.</summary>
public sealed class LmTrainingResult
{
    /// <summary>The validated settings.</summary>
    public required LmTrainingConfig Config { get; init; }

    /// <summary>The curve, including the points of the run before a resume.</summary>
    public required IReadOnlyList<LmCurvePoint> Curve { get; init; }

    /// <summary>The mean training loss of the last curve interval.</summary>
    public double FinalLoss => Curve.Count == 0 ? double.NaN : Curve[^1].Loss;

    /// <summary>The held-out loss at the last step; null without held-out data.</summary>
    public double? FinalEvalLoss => Curve.Count == 0 ? null : Curve[^1].EvalLoss;

    /// <summary>The step this process started from (0 for a fresh run, the checkpoint's step after a resume).</summary>
    public required int StartStep { get; init; }

    /// <summary>Training documents too short for one window (skipped).</summary>
    public required int SkippedDocuments { get; init; }

    /// <summary>Documents used for training and held out.</summary>
    public required int TrainingDocuments { get; init; }

    /// <summary>Held-out documents (0 when HeldOutFraction is 0).</summary>
    public required int HeldOutDocuments { get; init; }

    /// <summary>Wall time of the whole run, including the time before a resume.</summary>
    public required TimeSpan Elapsed { get; init; }
}
