namespace ProbSig.Verification.Claims.Language;

/// <summary>
/// What an LM claim gathers over its training seeds, in one place for every LM claim: the
/// headline and the judged null of each seed, each seed's rivals, and the details, artifacts
/// and finding of the first seed (the one a default run trains, and the report shows).
/// </summary>
internal sealed class LmSeedFigures
{
    /// <summary>Figures for the report (the first seed's, plus any per-seed keys a claim adds).</summary>
    public Dictionary<string, double> Details { get; } = new();

    /// <summary>Figures and curves of the first seed.</summary>
    public List<Artifact> Artifacts { get; } = [];

    /// <summary>The sentence on what the first seed found.</summary>
    public string Finding { get; set; } = "";

    /// <summary>The difference intervals of every seed (and table), for a claim that states a <see cref="DifferenceTest"/>.</summary>
    public List<DifferenceResult> Differences { get; } = [];

    private readonly List<double> perSeed = [];
    private readonly List<PermutationResult> nulls = [];
    private readonly List<Dictionary<string, double>> rivals = [];

    /// <summary>True until the first seed is added: its details, artifacts and finding are the report's.</summary>
    public bool First => perSeed.Count == 0;

    /// <summary>Where a seed's rival figures go: the details for the first seed, nowhere for later ones.</summary>
    public IDictionary<string, double> SeedDetails => First ? Details : new Dictionary<string, double>();

    /// <summary>Adds one seed's headline, the null its verdict reads and, where the claim scores them, its rivals.</summary>
    public void Add(double headline, PermutationResult judgedNull, Dictionary<string, double>? seedRivals = null)
    {
        perSeed.Add(headline);
        nulls.Add(judgedNull);
        if (seedRivals is not null) rivals.Add(seedRivals);
    }

    /// <summary>The measurement: every seed's headline and null (judged, unless the claim states
    /// none: <paramref name="judged"/> false reports the first seed's only), the rivals' mean over
    /// seeds beside the signature's own (the nulls' observed figures) unless
    /// <paramref name="baselines"/> says otherwise.</summary>
    public ClaimMeasurement Measurement(IReadOnlyDictionary<string, double>? baselines = null, bool judged = true,
        IReadOnlyDictionary<string, double>? timings = null, Premise? premise = null) => new()
    {
        PerSeed = perSeed,
        Null = nulls.Count > 0 ? nulls[0] : null,
        SeedNulls = judged ? nulls : [],
        Baselines = baselines ?? (rivals.Count > 0 ? LanguageModelRivals.Means(rivals, nulls.Select(n => n.Observed).ToArray()) : new Dictionary<string, double>()),
        Premise = premise,
        Differences = Differences,
        Details = Details,
        Artifacts = Artifacts,
        Finding = Finding,
        Timings = timings ?? new Dictionary<string, double>(),
    };
}
