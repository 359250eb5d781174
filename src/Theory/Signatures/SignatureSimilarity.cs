using MathNet.Numerics.LinearAlgebra;
using ProbSig.Theory.Geometry;

namespace ProbSig.Theory.Signatures;

/// <summary>
/// Signature similarity of tokens (THEORY 2). Two versions, and every claim must say which:
/// <list type="bullet">
/// <item><see cref="Centred(SignatureSet)"/>: cos(A[:,i], A[:,j]) = cos(l_i - u, l_j - u),
/// the one the linear gradient flow sees (A^T A drives embedding growth);</item>
/// <item><see cref="Uncentred(SignatureSet)"/>: cos(l_i, l_j), always in [0, 1] because
/// label signatures are non-negative.</item>
/// </list>
/// Entries involving an undefined token (pi = 0) are NaN: such a token has no signature,
/// and callers must report it as undefined (see <see cref="SignatureSet.IsDefined"/>).
/// A defined token whose centred signature is zero (l_s = u, within round-off) points in
/// no direction: its centred cosine is 0 with every other token and 1 with itself, so
/// the matrix keeps a unit diagonal and such a token looks unrelated rather than undefined.
/// Both are <see cref="RowCosine"/> of the tokens' vectors (the rule is stated there), with
/// <see cref="ZeroColumnRelativeTolerance"/> as the centred version's zero-norm tolerance.
/// </summary>
public static class SignatureSimilarity
{
    /// <summary>A column of A counts as zero when its norm is below this times pi_s: l_s - u
    /// computed from sums of weights carries round-off of a few ulps per accumulated sample,
    /// while a genuinely non-zero column of an N-sample population is at least 1/(C N).</summary>
    public const double ZeroColumnRelativeTolerance = 1e-10;

    /// <summary>Centred cosine of every pair of tokens (D x D).</summary>
    public static Matrix<double> Centred(SignatureSet set) => Centred(set, Enumerable.Range(0, set.FeatureCount).ToArray());

    /// <summary>Centred cosine restricted to <paramref name="tokens"/> (n x n, in the order given).</summary>
    public static Matrix<double> Centred(SignatureSet set, IReadOnlyList<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(set);
        var rows = Rows(set, tokens, (s, y) => set.A[y, s]);
        var zeroNorms = tokens.Select(s => ZeroColumnRelativeTolerance * set.TokenMass[s]).ToArray();
        return RowCosine.Of(rows, Defined(set, tokens), null, zeroNorms);
    }

    /// <summary>Uncentred cosine cos(l_i, l_j) of every pair of tokens (D x D).</summary>
    public static Matrix<double> Uncentred(SignatureSet set) => Uncentred(set, Enumerable.Range(0, set.FeatureCount).ToArray());

    /// <summary>Uncentred cosine restricted to <paramref name="tokens"/> (n x n, in the order given).</summary>
    public static Matrix<double> Uncentred(SignatureSet set, IReadOnlyList<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(set);
        // A label signature sums to one, so a defined token never has a zero row here.
        var rows = Rows(set, tokens, (s, y) => set.LabelSignatures[s, y]);
        return RowCosine.Of(rows, Defined(set, tokens));
    }

    /// <summary>n x C matrix of the tokens' vectors, one row per token (the columns of A, or
    /// the label signatures); an undefined token gets a zero row (its entries are NaN).</summary>
    private static Matrix<double> Rows(SignatureSet set, IReadOnlyList<int> tokens, Func<int, int, double> entry)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        foreach (var s in tokens)
            if ((uint)s >= (uint)set.FeatureCount) throw new ArgumentOutOfRangeException(nameof(tokens), s, $"features run 0..{set.FeatureCount - 1}");
        return Matrix<double>.Build.Dense(tokens.Count, set.ClassCount,
            (j, y) => set.TokenMass[tokens[j]] > 0 ? entry(tokens[j], y) : 0.0);
    }

    private static bool[] Defined(SignatureSet set, IReadOnlyList<int> tokens) => tokens.Select(s => set.TokenMass[s] > 0).ToArray();
}
