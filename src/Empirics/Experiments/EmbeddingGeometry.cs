using MathNet.Numerics.LinearAlgebra;
using ProbSig.Theory.Geometry;

namespace ProbSig.Empirics.Experiments;

/// <summary>Observed structure of trained matrices: cosine similarity and inner products between rows.</summary>
public static class EmbeddingGeometry
{
    /// <summary>
    /// Cosine similarity of the rows of <paramref name="rows"/> listed in <paramref name="subset"/>
    /// (all rows when null), in that order: Theory's <see cref="RowCosine"/> of those rows. A
    /// trained row is never exactly zero (it starts from a Gaussian draw); one that were would
    /// point nowhere (cosine 0 with the others, 1 with itself).
    /// </summary>
    public static Matrix<double> Cosine(double[,] rows, IReadOnlyList<int>? subset = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return RowCosine.Of(Rows(rows, subset ?? Enumerable.Range(0, rows.GetLength(0)).ToArray()));
    }

    /// <summary>The Gram matrix of the rows, G_ij = &lt;row i, row j&gt;: for an embedding stored one
    /// row per token, the token Gram W_E^T W_E.</summary>
    public static Matrix<double> Gram(double[,] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var m = Matrix<double>.Build.DenseOfArray(rows);
        return m.TransposeAndMultiply(m);
    }

    /// <summary>The rows of <paramref name="rows"/> listed in <paramref name="subset"/>, as a matrix.</summary>
    public static Matrix<double> Rows(double[,] rows, IReadOnlyList<int> subset)
    {
        int d = rows.GetLength(1);
        return Matrix<double>.Build.Dense(subset.Count, d, (i, k) => rows[subset[i], k]);
    }
}
