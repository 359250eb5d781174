using MathNet.Numerics.LinearAlgebra;

namespace ProbSig.Theory.Geometry;

/// <summary>
/// The cosine of every pair of rows of a matrix (n x d in, n x n out): the one row cosine of
/// ProbSig. Signature similarity, corpus signatures, the PPMI-SVD rival, trained embedding and
/// unembedding rows, flow states and the fixed-point Gram all go through it, so every cosine
/// follows one rule for rows without a direction:
/// <list type="number">
/// <item>An <b>undefined</b> row (its <c>defined</c> flag false: a token with no signature, no
/// pair, no embedding) has no cosine: its row and column are NaN, diagonal included, and callers
/// report it as undefined, never plot it.</item>
/// <item>A defined row whose norm (after centring) is at or below the <b>zero-norm tolerance</b>
/// points nowhere: cosine 0 with every other row and 1 with itself, so the matrix keeps a unit
/// diagonal and the row reads as unrelated rather than undefined. The tolerance is the caller's,
/// in the caller's scale (a signature column is zero below 1e-10 pi_s, a centred distribution row
/// below 1e-12); the default 0 makes only an exactly zero row point nowhere.</item>
/// <item>Otherwise x_i . x_j / (|x_i| |x_j|), clamped to [-1, 1], with a unit diagonal.</item>
/// </list>
/// <para>Trained embedding and unembedding rows are never exactly zero (they start from a Gaussian
/// draw), so rule 2 with tolerance 0 moves no figure there; before this type such a row gave NaN.</para>
/// <para>Arithmetic, kept fixed because figures depend on its last bit: centred rows x_i - c entry
/// by entry, the row norms sqrt of a sequential sum of squares in column order (as Math.NET's
/// RowNorms sums them), the Gram X X^T in <see cref="GramMatrix"/>'s fixed order, and each cosine
/// computed alone, so the result is the same bits on any thread count. The signature cosines of
/// structured tasks take few distinct values in exact arithmetic, and rank metrics break those ties
/// by round-off: a different summation order moves C2 by about 0.01.</para>
/// <para>The work is done on one row-major copy of the rows, rows over threads: Math.NET's row
/// copies out of its column-major storage and its per-entry indexers cost about 1 s of the 2.8 s of
/// one side's cosine at 2048 x 2049 (issue 18).</para>
/// </summary>
public static class RowCosine
{
    /// <summary>
    /// Cosines of the rows of <paramref name="rows"/>, each first reduced by
    /// <paramref name="centre"/> when given, with one zero-norm tolerance for every row.
    /// </summary>
    /// <param name="rows">n x d, one vector per row.</param>
    /// <param name="defined">Which rows have a direction at all (length n); null: every row.</param>
    /// <param name="centre">Subtracted from every row first (length d); null: no centring.</param>
    /// <param name="zeroNorm">A defined row whose (centred) norm is at or below this points nowhere; at least 0.</param>
    /// <exception cref="ArgumentException">A length disagrees with <paramref name="rows"/>, or the tolerance is negative or not finite.</exception>
    public static Matrix<double> Of(Matrix<double> rows, IReadOnlyList<bool>? defined = null, Vector<double>? centre = null, double zeroNorm = 0.0)
    {
        ArgumentNullException.ThrowIfNull(rows);
        CheckTolerance(zeroNorm, nameof(zeroNorm));
        return Of(rows, defined, centre, Enumerable.Repeat(zeroNorm, rows.RowCount).ToArray());
    }

    /// <summary>
    /// Cosines of the rows of <paramref name="rows"/> with a zero-norm tolerance per row (row i
    /// points nowhere when its norm is at or below <paramref name="zeroNorms"/>[i]), for callers
    /// whose rows carry their own scale (a signature column scaled by its token's mass).
    /// </summary>
    /// <exception cref="ArgumentException">A length disagrees with <paramref name="rows"/>, or a tolerance is negative or not finite.</exception>
    public static Matrix<double> Of(Matrix<double> rows, IReadOnlyList<bool>? defined, Vector<double>? centre, IReadOnlyList<double> zeroNorms)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(zeroNorms);
        int n = rows.RowCount;
        var isDefined = Defined(defined, n);
        if (centre is not null && centre.Count != rows.ColumnCount)
            throw new ArgumentException($"centre has {centre.Count} entries but the rows have {rows.ColumnCount} columns", nameof(centre));
        if (zeroNorms.Count != n) throw new ArgumentException($"zeroNorms has {zeroNorms.Count} entries for {n} rows", nameof(zeroNorms));
        foreach (var t in zeroNorms) CheckTolerance(t, nameof(zeroNorms));

        int d = rows.ColumnCount;
        var x = rows.ToRowMajorArray();
        var c = centre?.ToArray();
        var norms = new double[n];
        Parallel.For(0, n, i =>
        {
            var row = x.AsSpan(i * d, d);
            // An undefined row takes no part in the Gram; its entries are NaN whatever it holds.
            if (!isDefined[i]) { row.Clear(); return; }
            if (c is not null)
                for (int k = 0; k < d; k++) row[k] -= c[k];
            double sum = 0;
            for (int k = 0; k < d; k++) sum += row[k] * row[k];
            norms[i] = Math.Sqrt(sum);
        });
        return Apply(GramMatrix.OfRowMajor(x, n, d), norms, isDefined, zeroNorms);
    }

    /// <summary>
    /// Cosines of the rows of <paramref name="rows"/> after subtracting the mean of the defined rows
    /// (<see cref="MeanRow"/>): trained LM embeddings share a common direction (anisotropy) that lifts
    /// every cosine alike, and centring by the mean row removes it.
    /// </summary>
    /// <exception cref="ArgumentException">A length disagrees with <paramref name="rows"/>, or the tolerance is negative or not finite.</exception>
    public static Matrix<double> MeanCentred(Matrix<double> rows, IReadOnlyList<bool>? defined = null, double zeroNorm = 0.0) =>
        Of(rows, defined, MeanRow(rows, defined), zeroNorm);

    /// <summary>The mean of the defined rows of <paramref name="rows"/> (length d; zero when no row is defined).</summary>
    /// <exception cref="ArgumentException"><paramref name="defined"/> has a length other than the row count.</exception>
    public static Vector<double> MeanRow(Matrix<double> rows, IReadOnlyList<bool>? defined = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var isDefined = Defined(defined, rows.RowCount);
        int n = rows.RowCount, d = rows.ColumnCount;
        var mean = new double[d];
        int count = isDefined.Count(d => d);
        if (count == 0) return Vector<double>.Build.Dense(mean);
        // Column k is a contiguous run of the column-major storage; rows summed in order.
        var x = rows.AsColumnMajorArray() ?? rows.ToColumnMajorArray();
        for (int k = 0; k < d; k++)
        {
            double sum = 0;
            for (int i = 0; i < n; i++) if (isDefined[i]) sum += x[k * n + i];
            mean[k] = sum / count;
        }
        return Vector<double>.Build.Dense(mean);
    }

    /// <summary>
    /// The weighted mean of the defined rows, sum_i w_i x_i / sum_i w_i over defined i (length d;
    /// zero when no defined row has weight): the centre of corpus signature rows and of the
    /// PPMI-SVD rival's vectors, each weighted by the pairs its token conditions. Rows are
    /// accumulated in order, so a figure centred by it keeps its last bit.
    /// </summary>
    /// <exception cref="ArgumentException">A length disagrees with the row count.</exception>
    public static Vector<double> WeightedMeanRow(Matrix<double> rows, IReadOnlyList<bool>? defined, IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(weights);
        var isDefined = Defined(defined, rows.RowCount);
        if (weights.Count != rows.RowCount) throw new ArgumentException($"weights has {weights.Count} entries for {rows.RowCount} rows", nameof(weights));
        int n = rows.RowCount, d = rows.ColumnCount;
        var sums = new double[d];
        double total = 0;
        for (int i = 0; i < n; i++) if (isDefined[i]) total += weights[i];
        // Per column, the defined rows' x_ik w_i added in row order, as a sum of row vectors adds
        // them; a weight of 0 adds nothing (Math.NET's x * 0 is the zero vector, even for x = NaN).
        var x = rows.AsColumnMajorArray() ?? rows.ToColumnMajorArray();
        for (int k = 0; k < d; k++)
        {
            double sum = 0;
            for (int i = 0; i < n; i++)
                if (isDefined[i] && weights[i] != 0) sum += x[k * n + i] * weights[i];
            sums[k] = sum;
        }
        var mean = Vector<double>.Build.Dense(sums);
        return total > 0 ? mean / total : mean;
    }

    /// <summary>
    /// Cosines G_ij / (sqrt(G_ii) sqrt(G_jj)) from a Gram matrix of vectors that are not at hand
    /// (a predicted W_E^T W_E, say), under the same rule: row i's norm is sqrt(G_ii), a negative
    /// diagonal from round-off counting as 0.
    /// </summary>
    /// <param name="gram">n x n, symmetric positive semi-definite up to round-off.</param>
    /// <param name="defined">Which vectors have a direction at all (length n); null: every one.</param>
    /// <param name="zeroNorm">A defined vector whose norm sqrt(G_ii) is at or below this points nowhere; at least 0.</param>
    /// <exception cref="ArgumentException">The Gram is not square, a length disagrees, or the tolerance is negative or not finite.</exception>
    public static Matrix<double> OfGram(Matrix<double> gram, IReadOnlyList<bool>? defined = null, double zeroNorm = 0.0)
    {
        ArgumentNullException.ThrowIfNull(gram);
        if (gram.RowCount != gram.ColumnCount) throw new ArgumentException($"gram is {gram.RowCount} x {gram.ColumnCount}; a Gram matrix is square", nameof(gram));
        CheckTolerance(zeroNorm, nameof(zeroNorm));
        int n = gram.RowCount;
        var norms = Enumerable.Range(0, n).Select(i => Math.Sqrt(Math.Max(0.0, gram[i, i]))).ToArray();
        return Apply(gram.ToColumnMajorArray(), norms, Defined(defined, n), Enumerable.Repeat(zeroNorm, n).ToArray());
    }

    /// <summary>The rule, once: NaN for undefined, 1 on the diagonal, 0 for a row that points nowhere,
    /// else the clamped cosine. Written over <paramref name="gram"/> (n x n, column-major), which it
    /// owns, column j by column over threads: each entry depends on its own inputs only.</summary>
    private static Matrix<double> Apply(double[] gram, double[] norms, IReadOnlyList<bool> defined, IReadOnlyList<double> zeroNorms)
    {
        int n = norms.Length;
        var isDefined = defined.ToArray();
        var nowhere = Enumerable.Range(0, n).Select(i => isDefined[i] && norms[i] <= zeroNorms[i]).ToArray();
        Parallel.For(0, n, j =>
        {
            var column = gram.AsSpan(j * n, n);
            for (int i = 0; i < n; i++)
                column[i] = !isDefined[i] || !isDefined[j] ? double.NaN
                    : i == j ? 1.0
                    : nowhere[i] || nowhere[j] ? 0.0
                    : Math.Clamp(column[i] / (norms[i] * norms[j]), -1.0, 1.0);
        });
        return Matrix<double>.Build.Dense(n, n, gram);
    }

    private static IReadOnlyList<bool> Defined(IReadOnlyList<bool>? defined, int n)
    {
        if (defined is null) return Enumerable.Repeat(true, n).ToArray();
        if (defined.Count != n) throw new ArgumentException($"defined has {defined.Count} entries for {n} rows", nameof(defined));
        return defined;
    }

    private static void CheckTolerance(double tolerance, string name)
    {
        if (!double.IsFinite(tolerance) || tolerance < 0)
            throw new ArgumentException($"{name} must be a finite norm at least 0; got {tolerance}", name);
    }
}
