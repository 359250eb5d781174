using MathNet.Numerics.LinearAlgebra;

namespace ProbSig.Theory.Corpus;

/// <summary>
/// Cosine matrices (N x N) of corpus signature rows, over all N + 1 entries (top-N tokens
/// plus the "other" bucket).
/// <list type="bullet">
/// <item><see cref="Centred(CorpusSignatures)"/>: cos(l_i - u, l_j - u) with u the mean distribution,
/// weighted by how often each row's token conditions a pair (u = the marginal outcome
/// distribution of those pairs). THEORY 2 centres by the uniform 1/C; for a language
/// model C = V is so large that 1/V centring is no centring at all, so the corpus
/// version removes the shared frequency profile instead. Callers can pass another centre.</item>
/// <item><see cref="Uncentred"/>: cos(l_i, l_j), in [0, 1].</item>
/// </list>
/// Undefined rows give NaN entries (report them as undefined, never plot them); a row that
/// equals the centre has cosine 0 with others and 1 with itself.
/// </summary>
public static class CorpusSignatureSimilarity
{
    public static Matrix<double> Uncentred(CorpusSignatures signatures)
    {
        ArgumentNullException.ThrowIfNull(signatures);
        return Cosine(signatures.Rows, signatures.IsDefined, null);
    }

    public static Matrix<double> Centred(CorpusSignatures signatures) => Centred(signatures, MeanDistribution(signatures));

    public static Matrix<double> Centred(CorpusSignatures signatures, Vector<double> centre)
    {
        ArgumentNullException.ThrowIfNull(signatures);
        ArgumentNullException.ThrowIfNull(centre);
        if (centre.Count != signatures.Rows.ColumnCount) throw new ArgumentException($"centre has {centre.Count} entries, rows have {signatures.Rows.ColumnCount}", nameof(centre));
        return Cosine(signatures.Rows, signatures.IsDefined, centre);
    }

    /// <summary>Pair-weighted mean of the defined rows: sum_i w_i l_i / sum_i w_i, w_i = row pairs.</summary>
    public static Vector<double> MeanDistribution(CorpusSignatures signatures)
    {
        ArgumentNullException.ThrowIfNull(signatures);
        var mean = Vector<double>.Build.Dense(signatures.Rows.ColumnCount);
        double total = 0;
        for (int i = 0; i < signatures.Rows.RowCount; i++)
        {
            if (!signatures.IsDefined[i]) continue;
            mean += signatures.Rows.Row(i) * signatures.RowPairs[i];
            total += signatures.RowPairs[i];
        }
        return total > 0 ? mean / total : mean;
    }

    /// <summary>Row cosines of <paramref name="rows"/> after subtracting <paramref name="centre"/> (if any).</summary>
    public static Matrix<double> Cosine(Matrix<double> rows, IReadOnlyList<bool> defined, Vector<double>? centre)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(defined);
        int n = rows.RowCount;
        var x = rows.Clone();
        if (centre is not null)
            for (int i = 0; i < n; i++) x.SetRow(i, x.Row(i) - centre);
        for (int i = 0; i < n; i++) if (!defined[i]) x.ClearRow(i);
        var norms = x.RowNorms(2.0);
        var gram = x.TransposeAndMultiply(x);
        // Relative to the row's scale (entries of a distribution, at most 1): below this a
        // centred row is the centre up to round-off and points nowhere.
        const double zero = 1e-12;
        var result = Matrix<double>.Build.Dense(n, n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                result[i, j] = !defined[i] || !defined[j] ? double.NaN
                    : i == j ? 1.0
                    : norms[i] <= zero || norms[j] <= zero ? 0.0
                    : Math.Clamp(gram[i, j] / (norms[i] * norms[j]), -1.0, 1.0);
        return result;
    }
}
