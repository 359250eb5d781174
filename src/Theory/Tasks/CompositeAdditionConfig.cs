namespace ProbSig.Theory.Tasks;

/// <summary>
/// Every parameter of the composite addition task (THEORY 5). The defaults are the default
/// task: numbers 0..99, keys 20..59, anchors A1..A4 with values (+5, +1, -2, -8), two anchor
/// positions, uniform over all 40 x 16 combinations, label = key + sum of anchor values.
/// A sequence is (k, a_1..a_P); anchors are referred to by 0-based index into
/// <see cref="AnchorValues"/> everywhere (overrides, held-out combinations, anchor weights).
/// </summary>
public sealed record CompositeAdditionConfig
{
    /// <summary>Upper bound on keys x m^P: the exact task enumerates every combination,
    /// so a configuration beyond this is refused rather than exhausting memory.</summary>
    public const int MaxCombinations = 1_000_000;

    /// <summary>Number range N: number tokens (and classes) 0..N-1.</summary>
    public int Numbers { get; init; } = 100;

    /// <summary>Smallest key (inclusive).</summary>
    public int KeyMin { get; init; } = 20;

    /// <summary>Largest key (inclusive).</summary>
    public int KeyMax { get; init; } = 59;

    /// <summary>Anchor values v(A1)..v(Am), distinct; anchor token Ai has id N + i - 1.</summary>
    public IReadOnlyList<int> AnchorValues { get; init; } = [5, 1, -2, -8];

    /// <summary>Number of anchor positions P (sequence length 1 + P).</summary>
    public int AnchorPositions { get; init; } = 2;

    /// <summary>Unnormalised key weights, one per key from KeyMin to KeyMax; null = uniform.
    /// A key of weight zero never occurs, so its token has no signature (it is undefined).</summary>
    public IReadOnlyList<double>? KeyWeights { get; init; }

    /// <summary>
    /// Unnormalised q(anchor index tuple | key): called with the key and the ordered tuple of
    /// 0-based anchor indices (length P); normalised over the m^P tuples of each key.
    /// Null = uniform over all m^P ordered tuples. It is evaluated once, when the task is
    /// created, so it may be any function of its arguments.
    /// </summary>
    public Func<int, IReadOnlyList<int>, double>? AnchorWeight { get; init; }

    /// <summary>The label rule: plain sum (out-of-range labels are errors) or sum modulo N.
    /// Labels are checked on every combination, weighted or not, so that
    /// <see cref="CompositeAdditionTask.LabelOf"/> is a total function into 0..N-1.</summary>
    public LabelRule Label { get; init; } = LabelRule.Sum;

    /// <summary>Ordered anchor tuples whose label is k + offset instead of the sum.</summary>
    public IReadOnlyList<PairOverride> Overrides { get; init; } = [];

    /// <summary>(key, anchor index tuple) combinations removed from the training distribution
    /// (<see cref="CompositeAdditionTask.Sample"/>); they stay in the exact population.</summary>
    public IReadOnlyList<(int Key, IReadOnlyList<int> Anchors)> HeldOut { get; init; } = [];

    /// <summary>
    /// Checks every rule of THEORY 5 (including the anchor weights and every label, which
    /// needs one pass over all combinations).
    /// </summary>
    /// <exception cref="TaskConfigurationException">The first violated rule, naming the parameter and value.</exception>
    public void Validate() => _ = CombinationTable.Build(this);

    /// <summary>Value equality, lists compared element by element, so that two configurations
    /// built apart describe the same task when their parameters agree (experiments are cached
    /// by their description). <see cref="AnchorWeight"/> is a function and compares by
    /// reference: keep one instance where two experiments must share a task.</summary>
    public bool Equals(CompositeAdditionConfig? other) =>
        other is not null
        && Numbers == other.Numbers && KeyMin == other.KeyMin && KeyMax == other.KeyMax
        && AnchorValues.SequenceEqual(other.AnchorValues) && AnchorPositions == other.AnchorPositions
        && (KeyWeights is null ? other.KeyWeights is null : other.KeyWeights is not null && KeyWeights.SequenceEqual(other.KeyWeights))
        && ReferenceEquals(AnchorWeight, other.AnchorWeight) && Label == other.Label
        && Overrides.SequenceEqual(other.Overrides)
        && HeldOut.Count == other.HeldOut.Count
        && HeldOut.Zip(other.HeldOut).All(p => p.First.Key == p.Second.Key && p.First.Anchors.SequenceEqual(p.Second.Anchors));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Numbers, KeyMin, KeyMax, AnchorValues.Count, AnchorPositions, Label, Overrides.Count, HeldOut.Count);
}
