using MathNet.Numerics.LinearAlgebra;

namespace ProbSig.Empirics.Embeddings;

/// <summary>
/// Token vectors trained elsewhere (GloVe word vectors, a BERT encoder's word-piece table):
/// row i is the vector of <see cref="Tokens"/>[i], float32, held once in one row-major array
/// (a 350k x 100 table is 140 MB; readers fill it while they stream their file, never holding
/// the file's text beside it).
/// </summary>
public sealed class EmbeddingTable
{
    private readonly float[] values;
    private Dictionary<string, int>? index;

    /// <param name="source">What the table was read from, for reports (a path or a package name).</param>
    /// <param name="tokens">Row i's token string; the strings are distinct.</param>
    /// <param name="dimension">Length of each row.</param>
    /// <param name="values">tokens.Count x dimension values, row-major; kept, not copied.</param>
    /// <exception cref="ArgumentException">The values do not fill tokens.Count rows of the dimension.</exception>
    public EmbeddingTable(string source, IReadOnlyList<string> tokens, int dimension, float[] values)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if ((long)tokens.Count * dimension != values.LongLength)
            throw new ArgumentException($"{source}: {values.LongLength} values do not fill {tokens.Count} rows of {dimension}", nameof(values));
        Source = source;
        Tokens = tokens;
        Dimension = dimension;
        this.values = values;
    }

    /// <summary>What the table was read from.</summary>
    public string Source { get; }

    /// <summary>Row i's token string.</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>Number of rows.</summary>
    public int Count => Tokens.Count;

    /// <summary>Length of each row.</summary>
    public int Dimension { get; }

    /// <summary>Row <paramref name="id"/>.</summary>
    public ReadOnlySpan<float> Row(int id)
    {
        if ((uint)id >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(id), id, $"outside the table's {Count} rows");
        return values.AsSpan(id * Dimension, Dimension);
    }

    /// <summary>The row of each token string (built on first use).</summary>
    public IReadOnlyDictionary<string, int> Index
    {
        get
        {
            if (index is not null) return index;
            var map = new Dictionary<string, int>(Count, StringComparer.Ordinal);
            for (int i = 0; i < Count; i++)
                if (!map.TryAdd(Tokens[i], i)) throw new EmbeddingException($"{Source}: token '{Tokens[i]}' appears twice (rows {map[Tokens[i]]} and {i})");
            return index = map;
        }
    }

    /// <summary>Rows <paramref name="ids"/> in the order given, as an N x d float64 matrix
    /// (what <see cref="Theory.Geometry.RowCosine"/> takes).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An id outside the table.</exception>
    public Matrix<double> Rows(IReadOnlyList<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var m = Matrix<double>.Build.Dense(ids.Count, Dimension);
        for (int r = 0; r < ids.Count; r++)
        {
            var row = Row(ids[r]);
            for (int c = 0; c < Dimension; c++) m[r, c] = row[c];
        }
        return m;
    }
}
