namespace ProbSig.Theory.Populations;

/// <summary>Which feature map phi(X) turns a sequence into a vector (THEORY 1).</summary>
public enum FeatureKind
{
    /// <summary>n_s(X): how many times token s occurs (a bag of tokens).</summary>
    Counts,
    /// <summary>b_s(X): 1 if token s occurs at all.</summary>
    Presence,
    /// <summary>One-hot of every (position, token) pair; feature index p * V + s.</summary>
    PositionResolved,
}

/// <summary>
/// A feature map phi. Features are returned sparsely as (index, value) pairs because a
/// sequence touches only a few of the V (or L*V) coordinates.
/// </summary>
public sealed class FeatureMap
{
    /// <summary>The kind of map.</summary>
    public FeatureKind Kind { get; }

    /// <summary>Input vocabulary size V.</summary>
    public int VocabularySize { get; }

    /// <summary>Sequence length L (position-resolved only; 0 otherwise).</summary>
    public int SequenceLength { get; }

    /// <summary>Length of phi(X): V, or L * V for the position-resolved map.</summary>
    public int Dimension => Kind == FeatureKind.PositionResolved ? SequenceLength * VocabularySize : VocabularySize;

    private FeatureMap(FeatureKind kind, int v, int length)
    {
        Kind = kind;
        VocabularySize = v;
        SequenceLength = length;
    }

    /// <summary>Token counts n(X).</summary>
    public static FeatureMap Counts(int vocabularySize) => new(FeatureKind.Counts, vocabularySize, 0);

    /// <summary>Token presence b(X).</summary>
    public static FeatureMap Presence(int vocabularySize) => new(FeatureKind.Presence, vocabularySize, 0);

    /// <summary>(position, token) one-hots for sequences of fixed length L.</summary>
    public static FeatureMap PositionResolved(int vocabularySize, int sequenceLength)
    {
        if (sequenceLength <= 0) throw new ArgumentOutOfRangeException(nameof(sequenceLength), sequenceLength, "the sequence length must be positive");
        return new(FeatureKind.PositionResolved, vocabularySize, sequenceLength);
    }

    /// <summary>The map of <paramref name="kind"/> for <paramref name="population"/>
    /// (position-resolved takes L from the samples, which must share one length).</summary>
    public static FeatureMap For(FeatureKind kind, Population population) => kind switch
    {
        FeatureKind.Counts => Counts(population.VocabularySize),
        FeatureKind.Presence => Presence(population.VocabularySize),
        _ => PositionResolved(population.VocabularySize, CommonLength(population)),
    };

    /// <summary>Name of feature <paramref name="index"/> given token names ("s" or "p:s").</summary>
    public string FeatureName(int index, IReadOnlyList<string> tokenNames) =>
        Kind == FeatureKind.PositionResolved
            ? $"{index / VocabularySize}:{tokenNames[index % VocabularySize]}"
            : tokenNames[index];

    /// <summary>phi(X) as sorted (index, value) pairs with non-zero values.</summary>
    public IReadOnlyList<(int Index, double Value)> Features(IReadOnlyList<int> tokens)
    {
        switch (Kind)
        {
            case FeatureKind.PositionResolved:
                if (tokens.Count != SequenceLength)
                    throw new ArgumentException($"sequence of length {tokens.Count}; the position-resolved map expects length {SequenceLength}", nameof(tokens));
                return tokens.Select((t, p) => (p * VocabularySize + t, 1.0)).OrderBy(f => f.Item1).ToArray();
            case FeatureKind.Presence:
                return tokens.Distinct().OrderBy(t => t).Select(t => (t, 1.0)).ToArray();
            default:
                return tokens.GroupBy(t => t).OrderBy(g => g.Key).Select(g => (g.Key, (double)g.Count())).ToArray();
        }
    }

    private static int CommonLength(Population population)
    {
        int length = population.Samples[0].Tokens.Count;
        foreach (var s in population.Samples)
            if (s.Tokens.Count != length)
                throw new ArgumentException($"the position-resolved map needs sequences of one length; found lengths {length} and {s.Tokens.Count}", nameof(population));
        return length;
    }
}
