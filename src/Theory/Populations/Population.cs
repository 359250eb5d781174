namespace ProbSig.Theory.Populations;

/// <summary>One weighted sample (X, Y): a token sequence and a class label.</summary>
/// <param name="Tokens">Token ids in [0, V).</param>
/// <param name="Label">Class id in [0, C).</param>
/// <param name="Weight">Probability of this sample under the population (weights sum to 1).</param>
public sealed record WeightedSample(IReadOnlyList<int> Tokens, int Label, double Weight);

/// <summary>
/// A finite distribution over samples (THEORY 1). An exact task distribution and the
/// empirical distribution of N draws are both this type, so every expectation below is
/// computed by one code path: a weighted sum over <see cref="Samples"/>.
/// </summary>
public sealed class Population
{
    /// <summary>Input vocabulary size V.</summary>
    public int VocabularySize { get; }

    /// <summary>Number of output classes C.</summary>
    public int ClassCount { get; }

    /// <summary>The samples with normalised weights (summing to 1).</summary>
    public IReadOnlyList<WeightedSample> Samples { get; }

    /// <summary>True when this is the empirical distribution of drawn samples.</summary>
    public bool IsEmpirical { get; }

    private Population(int v, int c, IReadOnlyList<WeightedSample> samples, bool empirical)
    {
        VocabularySize = v;
        ClassCount = c;
        Samples = samples;
        IsEmpirical = empirical;
    }

    /// <summary>
    /// An exact finite distribution: samples with non-negative weights, normalised here.
    /// </summary>
    /// <exception cref="ArgumentException">A token or label out of range, a negative or
    /// non-finite weight, or zero total weight; the message names the offending value.</exception>
    public static Population Exact(int vocabularySize, int classCount,
        IEnumerable<(IReadOnlyList<int> Tokens, int Label, double Weight)> samples)
    {
        ValidateSizes(vocabularySize, classCount);
        var list = new List<(IReadOnlyList<int> Tokens, int Label, double Weight)>();
        double total = 0;
        int index = 0;
        foreach (var s in samples)
        {
            if (!double.IsFinite(s.Weight) || s.Weight < 0)
                throw new ArgumentException($"sample {index}: weight {s.Weight} must be finite and non-negative", nameof(samples));
            ValidateSample(vocabularySize, classCount, s.Tokens, s.Label, index);
            total += s.Weight;
            list.Add(s);
            index++;
        }
        if (!(total > 0))
            throw new ArgumentException($"total weight is {total}; it must be positive", nameof(samples));
        var normalised = list.Where(s => s.Weight > 0)
            .Select(s => new WeightedSample(s.Tokens.ToArray(), s.Label, s.Weight / total)).ToArray();
        return new Population(vocabularySize, classCount, normalised, empirical: false);
    }

    /// <summary>The empirical distribution of N samples: each has weight 1/N.</summary>
    public static Population Empirical(int vocabularySize, int classCount,
        IEnumerable<(IReadOnlyList<int> Tokens, int Label)> samples)
    {
        ValidateSizes(vocabularySize, classCount);
        var list = samples.ToList();
        if (list.Count == 0)
            throw new ArgumentException("an empirical population needs at least one sample", nameof(samples));
        for (int i = 0; i < list.Count; i++) ValidateSample(vocabularySize, classCount, list[i].Tokens, list[i].Label, i);
        double w = 1.0 / list.Count;
        var weighted = list.Select(s => new WeightedSample(s.Tokens.ToArray(), s.Label, w)).ToArray();
        return new Population(vocabularySize, classCount, weighted, empirical: true);
    }

    /// <summary>
    /// Draws <paramref name="count"/> samples with replacement (weights as probabilities)
    /// and returns their empirical distribution. Deterministic for a given seed.
    /// </summary>
    public Population Draw(int count, int seed)
    {
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), count, "the number of samples must be positive");
        var rng = new Random(seed);
        var cumulative = new double[Samples.Count];
        double acc = 0;
        for (int i = 0; i < Samples.Count; i++) { acc += Samples[i].Weight; cumulative[i] = acc; }
        var drawn = new List<(IReadOnlyList<int>, int)>(count);
        for (int n = 0; n < count; n++)
        {
            double r = rng.NextDouble() * acc;
            int k = Array.BinarySearch(cumulative, r);
            if (k < 0) k = ~k;
            if (k >= Samples.Count) k = Samples.Count - 1;
            drawn.Add((Samples[k].Tokens, Samples[k].Label));
        }
        return Empirical(VocabularySize, ClassCount, drawn);
    }

    /// <summary>
    /// The same population with token ids renamed by <paramref name="tokenMap"/>
    /// (new id = tokenMap[old id]) and labels by <paramref name="labelMap"/>.
    /// </summary>
    public Population Relabel(IReadOnlyList<int> tokenMap, IReadOnlyList<int>? labelMap = null)
    {
        if (tokenMap.Count != VocabularySize) throw new ArgumentException($"token map has {tokenMap.Count} entries, expected {VocabularySize}", nameof(tokenMap));
        if (labelMap is not null && labelMap.Count != ClassCount) throw new ArgumentException($"label map has {labelMap.Count} entries, expected {ClassCount}", nameof(labelMap));
        var samples = Samples.Select(s => new WeightedSample(
            s.Tokens.Select(t => tokenMap[t]).ToArray(), labelMap is null ? s.Label : labelMap[s.Label], s.Weight)).ToArray();
        return new Population(VocabularySize, ClassCount, samples, IsEmpirical);
    }

    private static void ValidateSizes(int v, int c)
    {
        if (v <= 0) throw new ArgumentOutOfRangeException("vocabularySize", v, "the vocabulary size must be positive");
        if (c <= 0) throw new ArgumentOutOfRangeException("classCount", c, "the class count must be positive");
    }

    private static void ValidateSample(int v, int c, IReadOnlyList<int> tokens, int label, int index)
    {
        if (tokens is null || tokens.Count == 0) throw new ArgumentException($"sample {index}: the token sequence is empty", "samples");
        foreach (var t in tokens)
            if (t < 0 || t >= v) throw new ArgumentException($"sample {index}: token {t} is outside the vocabulary [0, {v})", "samples");
        if (label < 0 || label >= c) throw new ArgumentException($"sample {index}: label {label} is outside the classes [0, {c})", "samples");
    }
}
