namespace ProbSig.Verification.Claims;

/// <summary>The scale a claim runs at: CPU (CI, minutes), the longer CPU run of the language-model
/// claims (about an hour on two cores), or paper (GPU, nightly).</summary>
public enum ClaimScale { Cpu, CpuLong, Paper }

/// <summary>The scales' names as `verify --scale` spells them.</summary>
public static class ClaimScales
{
    /// <summary>cpu, cpu-long or paper.</summary>
    public static string Name(ClaimScale scale) => scale switch
    {
        ClaimScale.Cpu => "cpu",
        ClaimScale.CpuLong => "cpu-long",
        ClaimScale.Paper => "paper",
        _ => throw new ArgumentOutOfRangeException(nameof(scale), scale, "unknown scale"),
    };

    /// <summary>The scale of a name; null for an unknown one.</summary>
    public static ClaimScale? Parse(string name) =>
        Enum.GetValues<ClaimScale>().Cast<ClaimScale?>().FirstOrDefault(s => Name(s!.Value).Equals(name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// What a claim says and how it is judged, written before it is measured: one named
/// experiment, one headline metric, a tolerance on it, the null it must beat and the rival
/// baselines reported beside it, the seeds it is measured over, and the verdict expected at
/// this scale (<see cref="Judgement.Of"/> gives the verdict).
/// </summary>
/// <param name="Id">Short id, e.g. "C2".</param>
/// <param name="Title">A few words, e.g. "trained linear model follows label signatures".</param>
/// <param name="Statement">One sentence a researcher can check against the paper.</param>
/// <param name="Experiment">What is trained and measured: the experiment records (task, model,
/// optimiser, steps) and notes; the report's prose is generated from it.</param>
/// <param name="Metric">The headline figure, e.g. "Spearman(observed key cosine, label-signature cosine), mean over seeds".</param>
/// <param name="Tolerance">Acceptance region of the headline figure.</param>
/// <param name="Seeds">Seeds the experiment is repeated over.</param>
/// <param name="Scale">CPU or paper scale.</param>
public sealed record ClaimDefinition(
    string Id,
    string Title,
    string Statement,
    ExperimentPlan Experiment,
    string Metric,
    Tolerance Tolerance,
    IReadOnlyList<int> Seeds,
    ClaimScale Scale = ClaimScale.Cpu)
{
    /// <summary>The null the headline must beat at a stated level; none for a claim that is
    /// not an agreement (a closed form against its run, an ordering).</summary>
    public NullTest? Null { get; init; }

    /// <summary>The bootstrap interval the difference must clear, for a claim whose headline is
    /// one agreement minus another (issue 27); none for a claim that is not a comparison.</summary>
    public DifferenceTest? Difference { get; init; }

    /// <summary>Rival predictors scored beside the signature (THEORY 4); the metric says what
    /// only the signature explains, the rationale why a baseline alone cannot pass.</summary>
    public IReadOnlyList<Baseline> Baselines { get; init; } = [];

    /// <summary>The verdict this claim earned when it was last reviewed at this scale. A claim
    /// found false keeps its prediction and expects REFUTED (as a strict expected failure):
    /// its test fails when the verdict changes in either direction.</summary>
    public Verdict Expected { get; init; } = Verdict.Holds;

    /// <summary>Why the expected verdict is not HOLDS (the measurement that found it); empty when it is.</summary>
    public string ExpectedReason { get; init; } = "";
}
