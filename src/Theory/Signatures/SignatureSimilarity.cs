using MathNet.Numerics.LinearAlgebra;

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
        var columns = Columns(set, tokens, (s, y) => set.A[y, s]);
        var norms = columns.ColumnNorms(2.0);
        var zero = Enumerable.Range(0, tokens.Count)
            .Select(j => set.TokenMass[tokens[j]] > 0 && norms[j] <= ZeroColumnRelativeTolerance * set.TokenMass[tokens[j]]).ToArray();
        return Cosines(set, tokens, columns, zero);
    }

    /// <summary>Uncentred cosine cos(l_i, l_j) of every pair of tokens (D x D).</summary>
    public static Matrix<double> Uncentred(SignatureSet set) => Uncentred(set, Enumerable.Range(0, set.FeatureCount).ToArray());

    /// <summary>Uncentred cosine restricted to <paramref name="tokens"/> (n x n, in the order given).</summary>
    public static Matrix<double> Uncentred(SignatureSet set, IReadOnlyList<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(set);
        // A label signature sums to one, so a defined token never has a zero column here.
        var columns = Columns(set, tokens, (s, y) => set.LabelSignatures[s, y]);
        return Cosines(set, tokens, columns, new bool[tokens.Count]);
    }

    /// <summary>C x n matrix of the tokens' vectors; undefined tokens get a zero column
    /// (their entries are overwritten with NaN afterwards).</summary>
    private static Matrix<double> Columns(SignatureSet set, IReadOnlyList<int> tokens, Func<int, int, double> entry)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        foreach (var s in tokens)
            if ((uint)s >= (uint)set.FeatureCount) throw new ArgumentOutOfRangeException(nameof(tokens), s, $"features run 0..{set.FeatureCount - 1}");
        return Matrix<double>.Build.Dense(set.ClassCount, tokens.Count,
            (y, j) => set.TokenMass[tokens[j]] > 0 ? entry(tokens[j], y) : 0.0);
    }

    private static Matrix<double> Cosines(SignatureSet set, IReadOnlyList<int> tokens, Matrix<double> columns, bool[] zero)
    {
        int n = tokens.Count;
        var gram = columns.TransposeThisAndMultiply(columns);
        var norms = columns.ColumnNorms(2.0);
        var result = Matrix<double>.Build.Dense(n, n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                bool defined = set.TokenMass[tokens[i]] > 0 && set.TokenMass[tokens[j]] > 0;
                result[i, j] = !defined ? double.NaN
                    : i == j || tokens[i] == tokens[j] ? 1.0
                    : zero[i] || zero[j] ? 0.0
                    : Math.Clamp(gram[i, j] / (norms[i] * norms[j]), -1.0, 1.0);
            }
        return result;
    }
}
