namespace ProbSig.Verification.Claims;

/// <summary>
/// A claim as data: its definition (what it predicts, how it is judged, over which seeds),
/// written in its family's table (e.g. <see cref="LinearModelClaims"/>) apart from the code
/// that measures it, so that the prediction stands before, and unchanged by, the
/// measurement. The measurement returns figures only; the headline and the judgement are
/// made here, the same way for every claim.
/// </summary>
public sealed class Claim(ClaimDefinition definition, Func<ClaimDefinition, ClaimContext, ClaimMeasurement> measure) : IClaim
{
    /// <inheritdoc/>
    public ClaimDefinition Definition { get; } = definition ?? throw new ArgumentNullException(nameof(definition));

    /// <inheritdoc/>
    public ClaimResult Run(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var m = measure(Definition, context);
        return new ClaimResult(Definition, ClaimFigures.Mean(m.PerSeed), m);
    }

    /// <inheritdoc/>
    public IClaim WithSeeds(IReadOnlyList<int> seeds)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        if (seeds.Count == 0) throw new ArgumentException("at least one seed is needed", nameof(seeds));
        return new Claim(Definition with { Seeds = seeds.ToArray() }, measure);
    }
}

/// <summary>What a claim's measurement returns: the headline metric of each seed (the
/// headline is their mean over the finite ones), the permutation null where the claim has
/// one, and the figures and artifacts for the report.</summary>
public record ClaimMeasurement
{
    /// <summary>The headline metric of each seed, in the order of the definition's seeds.</summary>
    public required IReadOnlyList<double> PerSeed { get; init; }

    /// <summary>Permutation-null test of the headline metric (first seed), if the claim has one.</summary>
    public PermutationResult? Null { get; init; }

    /// <summary>The null test of every seed, in the order of the seeds, where the claim ran one
    /// per seed; the verdict reads these (or <see cref="Null"/> alone when this is empty).</summary>
    public IReadOnlyList<PermutationResult> SeedNulls { get; init; } = [];

    /// <summary>The nulls the verdict reads: <see cref="SeedNulls"/>, or <see cref="Null"/> alone
    /// when the claim ran one null only; empty without a null.</summary>
    public IReadOnlyList<PermutationResult> JudgedNulls => SeedNulls.Count > 0 ? SeedNulls : Null is { } first ? [first] : [];

    /// <summary>The bootstrap intervals of the difference the headline is (one per seed, or one
    /// per seed and table), where the definition states a <see cref="DifferenceTest"/>.</summary>
    public IReadOnlyList<DifferenceResult> Differences { get; init; } = [];

    /// <summary>Each rival baseline's figure on the claim's plain agreement metric (mean over
    /// seeds), by <see cref="Baseline.Name"/>, with the signature's own under "signature".</summary>
    public IReadOnlyDictionary<string, double> Baselines { get; init; } = new Dictionary<string, double>();

    /// <summary>The key of the signature's own figure in <see cref="Baselines"/>.</summary>
    public const string SignatureFigure = "signature";

    /// <summary>The experiment's premise as measured, where it has one; a failed premise makes
    /// the verdict INCONCLUSIVE.</summary>
    public Premise? Premise { get; init; }

    /// <summary>Other figures worth reporting (name to value).</summary>
    public IReadOnlyDictionary<string, double> Details { get; init; } = new Dictionary<string, double>();

    /// <summary>Matrices and curves for the report.</summary>
    public IReadOnlyList<Artifact> Artifacts { get; init; } = Array.Empty<Artifact>();

    /// <summary>A sentence on what was found.</summary>
    public string Finding { get; init; } = "";

    /// <summary>How long parts of the run took, in seconds (name to value), e.g. the training
    /// of a model, and the wall and CPU time <see cref="ClaimRunner"/> adds. Kept apart from
    /// <see cref="Details"/> because they say how busy the machine was, not what was found:
    /// they are reported, never compared with a snapshot.</summary>
    public IReadOnlyDictionary<string, double> Timings { get; init; } = new Dictionary<string, double>();
}
