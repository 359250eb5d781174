namespace ProbSig.Empirics.Training;

/// <summary>Reported after every update.</summary>
/// <param name="Step">1-based index of the update just taken.</param>
/// <param name="Loss">The (batch) loss that update descended from.</param>
public readonly record struct TrainingProgress(int Step, double Loss);

/// <summary>Embedding and unembedding after <paramref name="Step"/> updates (0 = initialisation).</summary>
/// <param name="Step">Updates taken.</param>
/// <param name="Embedding">D x d, row s = embedding of feature s.</param>
/// <param name="Unembedding">C x d, row y = output vector of class y.</param>
public sealed record TrainingSnapshot(int Step, double[,] Embedding, double[,] Unembedding);

/// <summary>What a run recorded. Curves are aligned with <see cref="LoggedSteps"/>.</summary>
public sealed class TrainingResult
{
    /// <summary>The settings of the run.</summary>
    public required TrainingConfig Config { get; init; }

    /// <summary>Steps (updates taken) at which the curves were recorded.</summary>
    public required IReadOnlyList<int> LoggedSteps { get; init; }

    /// <summary>Population-weighted cross-entropy E[-log softmax(z)_Y] over the whole population.</summary>
    public required IReadOnlyList<double> Loss { get; init; }

    /// <summary>Population-weighted accuracy P(argmax z = Y) (ties go to the lowest class).</summary>
    public required IReadOnlyList<double> Accuracy { get; init; }

    /// <summary>Observer curves by name, each aligned with <see cref="LoggedSteps"/>.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<double>> Curves { get; init; }

    /// <summary>Snapshots at the requested steps, in increasing step order.</summary>
    public required IReadOnlyList<TrainingSnapshot> Snapshots { get; init; }

    /// <summary>Wall-clock time of the run.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>The population loss after the last update.</summary>
    public double FinalLoss => Loss[^1];

    /// <summary>The population accuracy after the last update.</summary>
    public double FinalAccuracy => Accuracy[^1];
}

/// <summary>A loss became NaN or infinite; the run stopped.</summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>The step at which the non-finite loss appeared (updates taken before it, for a population
    /// evaluation; the 1-based update index, for a training step's loss).</summary>
    public int Step { get; }

    /// <summary>The non-finite loss.</summary>
    public double Loss { get; }

    /// <summary>The last finite loss seen, or null if none was.</summary>
    public double? LastFiniteLoss { get; }

    /// <summary>Creates the exception; the message names the step and the last finite loss.</summary>
    public TrainingDivergedException(int step, double loss, double? lastFiniteLoss)
        : base($"training diverged at step {step}: the loss is {loss}; the last finite loss was " +
               (lastFiniteLoss is double l ? l.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "never seen") +
               "; lower the learning rate or the initial scale")
    {
        Step = step;
        Loss = loss;
        LastFiniteLoss = lastFiniteLoss;
    }
}
