using MathNet.Numerics.LinearAlgebra;

namespace ProbSig.Empirics.Experiments;

/// <summary>Observed structure of trained matrices: cosine similarity between rows.</summary>
public static class EmbeddingGeometry
{
    /// <summary>
    /// Cosine similarity of the rows of <paramref name="rows"/> listed in
    /// <paramref name="subset"/> (all rows when null). A zero row gives NaN entries,
    /// since its direction is undefined.
    /// </summary>
    public static Matrix<double> Cosine(double[,] rows, IReadOnlyList<int>? subset = null)
    {
        int d = rows.GetLength(1);
        var index = subset ?? Enumerable.Range(0, rows.GetLength(0)).ToArray();
        int n = index.Count;
        var norms = new double[n];
        for (int a = 0; a < n; a++)
        {
            double s = 0;
            for (int k = 0; k < d; k++) s += rows[index[a], k] * rows[index[a], k];
            norms[a] = Math.Sqrt(s);
        }
        var m = Matrix<double>.Build.Dense(n, n);
        for (int a = 0; a < n; a++)
            for (int b = a; b < n; b++)
            {
                double dot = 0;
                for (int k = 0; k < d; k++) dot += rows[index[a], k] * rows[index[b], k];
                double c = norms[a] > 0 && norms[b] > 0 ? Math.Clamp(dot / (norms[a] * norms[b]), -1, 1) : double.NaN;
                if (a == b && norms[a] > 0) c = 1;
                m[a, b] = c;
                m[b, a] = c;
            }
        return m;
    }

    /// <summary>The rows of <paramref name="rows"/> listed in <paramref name="subset"/>, as a matrix.</summary>
    public static Matrix<double> Rows(double[,] rows, IReadOnlyList<int> subset)
    {
        int d = rows.GetLength(1);
        return Matrix<double>.Build.Dense(subset.Count, d, (i, k) => rows[subset[i], k]);
    }
}
