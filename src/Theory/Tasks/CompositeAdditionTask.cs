using ProbSig.Theory.Populations;

namespace ProbSig.Theory.Tasks;

/// <summary>
/// The composite addition task (THEORY 5) as a population. Token ids: numbers 0..N-1, then
/// anchors A1..Am (id N + i for anchor index i). Classes: the N numbers. A sequence is
/// (k, a_1..a_P), so every sequence has length 1 + P with the key first.
/// </summary>
public sealed class CompositeAdditionTask
{
    private readonly CombinationTable _table;

    /// <summary>The configuration this task was built from (a copy: later changes to the
    /// caller's lists do not reach the task).</summary>
    public CompositeAdditionConfig Config { get; }

    /// <summary>The exact task distribution over every (key, anchor tuple) combination of
    /// positive probability, held-out ones included; ordered by key, then by tuple in
    /// lexicographic order of anchor indices.</summary>
    public Population Population { get; }

    /// <summary>The exact distribution <see cref="Sample"/> draws from: <see cref="Population"/>
    /// conditioned on not being held out (the same object when nothing is held out).</summary>
    public Population TrainingDistribution { get; }

    /// <summary>V = N + m.</summary>
    public int VocabularySize => Config.Numbers + Config.AnchorValues.Count;

    /// <summary>C = N: every number is a class.</summary>
    public int ClassCount => Config.Numbers;

    /// <summary>Sequence length 1 + P (the key, then P anchors).</summary>
    public int SequenceLength => 1 + Config.AnchorPositions;

    /// <summary>Token names: "0".."N-1" for numbers, then "A1".."Am".</summary>
    public IReadOnlyList<string> TokenNames { get; }

    /// <summary>Class names "0".."N-1".</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Token ids of the keys KeyMin..KeyMax (a number's id is its value).</summary>
    public IReadOnlyList<int> KeyTokens { get; }

    /// <summary>Token ids of the anchors A1..Am, in the order of <see cref="CompositeAdditionConfig.AnchorValues"/>.</summary>
    public IReadOnlyList<int> AnchorTokens { get; }

    private CompositeAdditionTask(CompositeAdditionConfig config, CombinationTable table)
    {
        Config = config;
        _table = table;
        int n = config.Numbers, m = config.AnchorValues.Count;
        TokenNames = Enumerable.Range(0, n).Select(i => i.ToString())
            .Concat(Enumerable.Range(1, m).Select(i => $"A{i}")).ToArray();
        ClassNames = Enumerable.Range(0, n).Select(i => i.ToString()).ToArray();
        KeyTokens = Enumerable.Range(config.KeyMin, table.KeyCount).ToArray();
        AnchorTokens = Enumerable.Range(n, m).ToArray();
        Population = Build(includeHeldOut: true);
        TrainingDistribution = table.HeldOut.Any(h => h) ? Build(includeHeldOut: false) : Population;
    }

    /// <summary>Validates <paramref name="config"/> and builds the task.</summary>
    /// <exception cref="TaskConfigurationException">Any rule of THEORY 5 is violated.</exception>
    public static CompositeAdditionTask Create(CompositeAdditionConfig config)
    {
        var table = CombinationTable.Build(config);
        // Copy the lists so the task cannot change under a caller that mutates them later.
        var frozen = config with
        {
            AnchorValues = config.AnchorValues.ToArray(),
            KeyWeights = config.KeyWeights?.ToArray(),
            Overrides = config.Overrides.Select(o => o with { AnchorIndices = o.AnchorIndices.ToArray() }).ToArray(),
            HeldOut = config.HeldOut.Select(h => (h.Key, (IReadOnlyList<int>)h.Anchors.ToArray())).ToArray(),
        };
        return new CompositeAdditionTask(frozen, table);
    }

    /// <summary>Token id of anchor <paramref name="anchorIndex"/> (0-based): N + index.</summary>
    public int AnchorToken(int anchorIndex)
    {
        if (anchorIndex < 0 || anchorIndex >= Config.AnchorValues.Count)
            throw new ArgumentOutOfRangeException(nameof(anchorIndex), anchorIndex, $"anchor indices run 0..{Config.AnchorValues.Count - 1}");
        return Config.Numbers + anchorIndex;
    }

    /// <summary>The label of (key, anchors): the sum rule (or its modulo), unless an override
    /// names this ordered tuple.</summary>
    /// <param name="key">A key in KeyMin..KeyMax.</param>
    /// <param name="anchorIndices">P 0-based anchor indices in sequence order.</param>
    public int LabelOf(int key, IReadOnlyList<int> anchorIndices)
    {
        if (key < Config.KeyMin || key > Config.KeyMax)
            throw new ArgumentOutOfRangeException(nameof(key), key, $"keys run {Config.KeyMin}..{Config.KeyMax}");
        int t = CombinationTable.TupleIndex(anchorIndices, _table.AnchorCount, _table.Positions);
        if (t < 0)
            throw new ArgumentException($"expected {_table.Positions} anchor indices in 0..{_table.AnchorCount - 1}, got {CombinationTable.FormatTuple(anchorIndices ?? [])}", nameof(anchorIndices));
        return _table.Labels[(key - Config.KeyMin) * _table.TupleCount + t];
    }

    /// <summary>
    /// <paramref name="count"/> sequences drawn with replacement from
    /// <see cref="TrainingDistribution"/> (held-out combinations never appear), as their
    /// empirical population. Deterministic for a given seed.
    /// </summary>
    public Population Sample(int count, int seed) => TrainingDistribution.Draw(count, seed);

    private Population Build(bool includeHeldOut)
    {
        var samples = new List<(IReadOnlyList<int>, int, double)>();
        for (int i = 0; i < _table.Probabilities.Length; i++)
        {
            if (_table.Probabilities[i] <= 0 || (!includeHeldOut && _table.HeldOut[i])) continue;
            int key = Config.KeyMin + i / _table.TupleCount;
            var anchors = _table.Tuple(i % _table.TupleCount);
            var tokens = new int[1 + anchors.Length];
            tokens[0] = key;
            for (int j = 0; j < anchors.Length; j++) tokens[1 + j] = Config.Numbers + anchors[j];
            samples.Add((tokens, _table.Labels[i], _table.Probabilities[i]));
        }
        return Population.Exact(VocabularySize, ClassCount, samples);
    }
}
