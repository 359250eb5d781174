namespace ProbSig.Empirics.Training;

/// <summary>How the parameters move.</summary>
public enum Optimiser
{
    /// <summary>Full batch, plain SGD without momentum on the exact population loss:
    /// the discretisation of gradient flow with time t = step * learning rate.</summary>
    GradientDescent,
    /// <summary>Minibatch SGD without momentum; batches drawn with replacement by sample weight.</summary>
    Sgd,
    /// <summary>AdamW (decoupled weight decay); full batch unless a batch size is given.</summary>
    AdamW,
}

/// <summary>Settings of a <see cref="Trainer"/> run; checked by the trainer's constructor.</summary>
public sealed record TrainingConfig
{
    /// <summary>The optimiser.</summary>
    public Optimiser Optimiser { get; init; } = Optimiser.GradientDescent;

    /// <summary>Step size eta.</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>Number of parameter updates.</summary>
    public int Steps { get; init; } = 1000;

    /// <summary>Minibatch size: required by Sgd, optional for AdamW (null = full batch),
    /// must be null for GradientDescent.</summary>
    public int? BatchSize { get; init; }

    /// <summary>Seed of the generator that draws minibatches (never the global RNG).</summary>
    public long Seed { get; init; }

    /// <summary>AdamW's decoupled weight decay; must be 0 for the other optimisers.</summary>
    public double WeightDecay { get; init; }

    /// <summary>AdamW's first-moment decay.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>AdamW's second-moment decay.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>AdamW's epsilon.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Curves are recorded at step 0, every LogEvery steps, and at the last step.</summary>
    public int LogEvery { get; init; } = 10;

    /// <summary>Steps (0 = the initialisation, up to Steps) at which embedding and unembedding are copied.</summary>
    public IReadOnlyList<int> SnapshotSteps { get; init; } = Array.Empty<int>();

    /// <summary>The steps at which curves are recorded: 0, LogEvery, 2 LogEvery, ..., and Steps.</summary>
    public IReadOnlyList<int> LoggedSteps()
    {
        var steps = new List<int>();
        for (int s = 0; s <= Steps; s += LogEvery) steps.Add(s);
        if (steps[^1] != Steps) steps.Add(Steps);
        return steps;
    }

    /// <summary>Throws when a field is out of range; the message names the field and its value.</summary>
    /// <exception cref="ArgumentException">A field out of range.</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(Optimiser))
            throw new ArgumentException($"Optimiser is {Optimiser}; it is not a known optimiser", nameof(Optimiser));
        if (!double.IsFinite(LearningRate) || LearningRate <= 0)
            throw new ArgumentException($"LearningRate is {LearningRate}; it must be finite and positive", nameof(LearningRate));
        if (Steps < 0)
            throw new ArgumentException($"Steps is {Steps}; it must be non-negative", nameof(Steps));
        if (LogEvery <= 0)
            throw new ArgumentException($"LogEvery is {LogEvery}; it must be positive", nameof(LogEvery));
        switch (Optimiser)
        {
            case Optimiser.GradientDescent when BatchSize is not null:
                throw new ArgumentException($"BatchSize is {BatchSize}; GradientDescent is full batch, leave it null", nameof(BatchSize));
            case Optimiser.Sgd when BatchSize is null:
                throw new ArgumentException("BatchSize is null; Sgd needs a minibatch size", nameof(BatchSize));
        }
        if (BatchSize is int b && b <= 0)
            throw new ArgumentException($"BatchSize is {b}; it must be positive", nameof(BatchSize));
        if (!double.IsFinite(WeightDecay) || WeightDecay < 0)
            throw new ArgumentException($"WeightDecay is {WeightDecay}; it must be finite and non-negative", nameof(WeightDecay));
        if (WeightDecay != 0 && Optimiser != Optimiser.AdamW)
            throw new ArgumentException($"WeightDecay is {WeightDecay}; only AdamW takes weight decay", nameof(WeightDecay));
        if (!(Beta1 >= 0 && Beta1 < 1))
            throw new ArgumentException($"Beta1 is {Beta1}; it must lie in [0, 1)", nameof(Beta1));
        if (!(Beta2 >= 0 && Beta2 < 1))
            throw new ArgumentException($"Beta2 is {Beta2}; it must lie in [0, 1)", nameof(Beta2));
        if (!double.IsFinite(Epsilon) || Epsilon <= 0)
            throw new ArgumentException($"Epsilon is {Epsilon}; it must be finite and positive", nameof(Epsilon));
        if (SnapshotSteps is null)
            throw new ArgumentException("SnapshotSteps is null; use an empty list", nameof(SnapshotSteps));
        foreach (var s in SnapshotSteps)
            if (s < 0 || s > Steps)
                throw new ArgumentException($"SnapshotSteps contains {s}; snapshot steps must lie in [0, {Steps}]", nameof(SnapshotSteps));
    }

    /// <summary>Value equality with <see cref="SnapshotSteps"/> compared element by element,
    /// so that equal settings built apart are one experiment (the claims' cache is keyed by it).</summary>
    public bool Equals(TrainingConfig? other) =>
        other is not null && Optimiser == other.Optimiser && LearningRate.Equals(other.LearningRate) && Steps == other.Steps
        && BatchSize == other.BatchSize && Seed == other.Seed && WeightDecay.Equals(other.WeightDecay) && Beta1.Equals(other.Beta1)
        && Beta2.Equals(other.Beta2) && Epsilon.Equals(other.Epsilon) && LogEvery == other.LogEvery
        && SnapshotSteps.SequenceEqual(other.SnapshotSteps);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Optimiser, LearningRate, Steps, BatchSize, Seed, LogEvery, SnapshotSteps.Count);
}
