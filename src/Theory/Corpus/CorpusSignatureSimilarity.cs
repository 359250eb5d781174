using MathNet.Numerics.LinearAlgebra;
using ProbSig.Theory.Geometry;

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
/// Both are <see cref="RowCosine"/> of the rows (the rule is stated there): undefined rows give
/// NaN entries (report them as undefined, never plot them); a row that equals the centre
/// (within <see cref="ZeroRowNorm"/>) has cosine 0 with others and 1 with itself.
/// </summary>
public static class CorpusSignatureSimilarity
{
    /// <summary>A centred row at or below this norm is the centre up to round-off and points
    /// nowhere (<see cref="RowCosine"/>'s zero-norm tolerance). Absolute, in the rows' own scale:
    /// entries of a distribution are at most 1, and round-off of their differences is ~1e-16.</summary>
    public const double ZeroRowNorm = 1e-12;

    public static Matrix<double> Uncentred(CorpusSignatures signatures)
    {
        ArgumentNullException.ThrowIfNull(signatures);
        return RowCosine.Of(signatures.Rows, signatures.IsDefined, null, ZeroRowNorm);
    }

    public static Matrix<double> Centred(CorpusSignatures signatures) => Centred(signatures, MeanDistribution(signatures));

    public static Matrix<double> Centred(CorpusSignatures signatures, Vector<double> centre)
    {
        ArgumentNullException.ThrowIfNull(signatures);
        ArgumentNullException.ThrowIfNull(centre);
        if (centre.Count != signatures.Rows.ColumnCount) throw new ArgumentException($"centre has {centre.Count} entries, rows have {signatures.Rows.ColumnCount}", nameof(centre));
        return RowCosine.Of(signatures.Rows, signatures.IsDefined, centre, ZeroRowNorm);
    }

    /// <summary>Pair-weighted mean of the defined rows: sum_i w_i l_i / sum_i w_i, w_i = row pairs.</summary>
    public static Vector<double> MeanDistribution(CorpusSignatures signatures)
    {
        ArgumentNullException.ThrowIfNull(signatures);
        return RowCosine.WeightedMeanRow(signatures.Rows, signatures.IsDefined, signatures.RowPairs.Select(p => (double)p).ToArray());
    }
}
