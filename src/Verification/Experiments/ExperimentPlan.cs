namespace ProbSig.Verification.Experiments;

/// <summary>
/// What a claim runs, as data: the experiments (one record per distinct setting, seed left
/// to the claim's seed list) and what the records cannot say (how the runs are compared,
/// which tokens). The report's "Experiment" paragraph is generated from it, so a setting
/// is written once, in the record that runs it.
/// </summary>
/// <param name="Runs">The distinct experiments, in the order the report names them.</param>
/// <param name="Notes">Prose for what no record holds; may be empty.</param>
public sealed record ExperimentPlan(IReadOnlyList<IExperiment> Runs, string Notes = "")
{
    /// <summary>A plan given in prose alone (for experiments that are not records yet, and tests).</summary>
    public static ExperimentPlan Text(string notes) => new(Array.Empty<IExperiment>(), notes);

    /// <summary>The runs' descriptions (equal ones once), then the notes.</summary>
    public string Describe()
    {
        var parts = Runs.Select(r => r.Describe()).Distinct(StringComparer.Ordinal).ToList();
        if (Notes.Length > 0) parts.Add(Notes);
        return string.Join("; ", parts);
    }

    /// <inheritdoc/>
    public override string ToString() => Describe();
}
