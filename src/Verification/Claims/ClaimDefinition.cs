namespace ProbSig.Verification.Claims;

/// <summary>The scale a claim runs at: CPU (CI, minutes) or paper (GPU, nightly).</summary>
public enum ClaimScale { Cpu, Paper }

/// <summary>
/// What a claim says and how it is judged: one named experiment, one headline metric,
/// a tolerance on it, and the seeds it is measured over.
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
    ClaimScale Scale = ClaimScale.Cpu);
