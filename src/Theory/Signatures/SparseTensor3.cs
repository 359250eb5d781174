namespace ProbSig.Theory.Signatures;

/// <summary>
/// A C x D x D tensor T[y, s, s'] that stores only the (s, s') fibres of co-occurring
/// feature pairs: for the signature tensor every other fibre is exactly zero, and a dense
/// C x D x D array would be far too large for any real vocabulary. Both orders (s, s') and
/// (s', s) are stored, along with the diagonal (s, s).
/// </summary>
public sealed class SparseTensor3
{
    private readonly Dictionary<(int S, int S2), double[]> _pairs;

    /// <summary>First dimension (classes C).</summary>
    public int ClassCount { get; }

    /// <summary>Second and third dimensions (features D).</summary>
    public int FeatureCount { get; }

    /// <summary>The stored fibres T[:, s, s'] by (s, s'). The arrays belong to the tensor: read, never write.</summary>
    public IReadOnlyDictionary<(int S, int S2), double[]> Pairs => _pairs;

    /// <summary>Number of stored (s, s') fibres.</summary>
    public int Count => _pairs.Count;

    internal SparseTensor3(int classCount, int featureCount, Dictionary<(int S, int S2), double[]> pairs)
    {
        ClassCount = classCount;
        FeatureCount = featureCount;
        _pairs = pairs;
    }

    /// <summary>True when the fibre (s, s') is stored (the pair co-occurs).</summary>
    public bool Contains(int s, int s2) => _pairs.ContainsKey((s, s2));

    /// <summary>A copy of T[:, s, s'] (length C); zeros when the pair never co-occurs.</summary>
    public double[] Get(int s, int s2)
    {
        if ((uint)s >= (uint)FeatureCount) throw new ArgumentOutOfRangeException(nameof(s), s, $"features run 0..{FeatureCount - 1}");
        if ((uint)s2 >= (uint)FeatureCount) throw new ArgumentOutOfRangeException(nameof(s2), s2, $"features run 0..{FeatureCount - 1}");
        return _pairs.TryGetValue((s, s2), out var column) ? (double[])column.Clone() : new double[ClassCount];
    }

    /// <summary>T[y, s, s'] (zero when the pair never co-occurs).</summary>
    public double this[int y, int s, int s2] => _pairs.TryGetValue((s, s2), out var column) ? column[y] : 0.0;

    /// <summary>Every stored fibre, ordered by (s, s'); the arrays are the tensor's own: read, never write.</summary>
    public IEnumerable<(int S, int S2, double[] Column)> NonZero =>
        _pairs.OrderBy(p => p.Key.S).ThenBy(p => p.Key.S2).Select(p => (p.Key.S, p.Key.S2, p.Value));
}
