using System.Runtime.Intrinsics;
using MathNet.Numerics.LinearAlgebra;

namespace ProbSig.Theory.Geometry;

/// <summary>
/// X X^T for the row cosines of every comparison. Math.NET's managed product runs at about
/// 2 GFLOP/s here (4.6 s for 2048 x 2049 rows on 2 cores), which made `lm signatures --top 2048`
/// cost four times its --top 512 (issue 18). This one takes each entry as a dot product of two
/// row-major rows with 256-bit vectors (Vector256: the same summation order on every machine,
/// with or without AVX, and no fused multiply-add, whose rounding differs): lane l sums the
/// products of the columns k = l mod 4 in column order, the four lanes are added in a fixed order,
/// then the last d mod 4 columns one by one. Every entry is computed by one thread in that one
/// order, so the result does not depend on the thread count.
/// <para>The work goes in blocks of 64 x 64 entries over threads, each block in chunks of 256
/// columns, four rows against two at a time, with the lanes' running sums kept between chunks: the
/// rows of a block pair (2 x 128 KB per chunk) stay in cache while every tile reads them, where
/// rows streamed whole for each tile made the product wait on memory (issue 18). Chunking does not
/// change the order of any entry's additions.</para>
/// </summary>
public static class GramMatrix
{
    private const int Block = 64, Chunk = 256;   // Chunk a multiple of the 4 lanes

    /// <summary>X X^T (n x n, symmetric) of the n x d matrix <paramref name="x"/>.</summary>
    public static Matrix<double> Of(Matrix<double> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Matrix<double>.Build.Dense(x.RowCount, x.RowCount, OfRowMajor(x.ToRowMajorArray(), x.RowCount, x.ColumnCount));
    }

    /// <summary>X X^T of the n x d matrix whose rows lie one after another in <paramref name="rows"/>
    /// (for callers that already hold that copy): n x n, symmetric, so the array is both row-major and column-major.</summary>
    /// <exception cref="ArgumentException"><paramref name="rows"/> does not hold n x d entries.</exception>
    public static double[] OfRowMajor(double[] rows, int n, int d)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (n < 0 || d < 0 || rows.Length != (long)n * d)
            throw new ArgumentException($"rows holds {rows.Length} entries, not {n} x {d}", nameof(rows));
        var g = new double[n * n];
        int blocks = (n + Block - 1) / Block;
        var pairs = (from bi in Enumerable.Range(0, blocks) from bj in Enumerable.Range(bi, blocks - bi) select (bi, bj)).ToArray();
        Parallel.For(0, pairs.Length, () => new Vector256<double>[Block * Block], (p, _, sums) =>
        {
            var (bi, bj) = pairs[p];
            BlockPair(rows, d, n, bi * Block, bj * Block, sums, g);
            return sums;
        }, _ => { });
        // Mirror the upper triangle (each entry i <= j was computed once, by the block pair holding it).
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) g[j * n + i] = g[i * n + j];
        return g;
    }

    /// <summary>The entries i &lt;= j of rows i0.. against rows j0.. (up to 64 each) into <paramref name="g"/>.</summary>
    private static void BlockPair(double[] rows, int d, int n, int i0, int j0, Vector256<double>[] sums, double[] g)
    {
        int iCount = Math.Min(Block, n - i0), jCount = Math.Min(Block, n - j0), end = d - d % 4;
        Array.Clear(sums);
        for (int k0 = 0; k0 < end; k0 += Chunk)
        {
            int k1 = Math.Min(end, k0 + Chunk);
            for (int a = 0; a < iCount; a += 4)
                for (int c = 0; c < jCount; c += 2)
                {
                    if (i0 + a > j0 + c + 1) continue;   // the tile lies wholly below the diagonal
                    int at = a * Block + c;
                    if (a + 4 <= iCount && c + 2 <= jCount) Full(rows, d, i0 + a, j0 + c, k0, k1, sums, at);
                    else Partial(rows, d, i0 + a, Math.Min(4, iCount - a), j0 + c, Math.Min(2, jCount - c), k0, k1, sums, at);
                }
        }
        for (int a = 0; a < iCount; a++)
            for (int c = 0; c < jCount; c++)
            {
                int i = i0 + a, j = j0 + c;
                if (i <= j) g[i * n + j] = Tail(Lanes(sums[a * Block + c]), rows.AsSpan(i * d, d), rows.AsSpan(j * d, d), end);
            }
    }

    // Rows i..i+3 against j, j+1 over columns k0..k1; sums[at + a * Block + c] holds entry (i + a, j + c)'s lanes.
    private static void Full(double[] rows, int d, int i, int j, int k0, int k1, Vector256<double>[] sums, int at)
    {
        ref double r0 = ref rows[i * d]; ref double r1 = ref rows[(i + 1) * d];
        ref double r2 = ref rows[(i + 2) * d]; ref double r3 = ref rows[(i + 3) * d];
        ref double c0 = ref rows[j * d]; ref double c1 = ref rows[(j + 1) * d];
        var s00 = sums[at]; var s01 = sums[at + 1];
        var s10 = sums[at + Block]; var s11 = sums[at + Block + 1];
        var s20 = sums[at + 2 * Block]; var s21 = sums[at + 2 * Block + 1];
        var s30 = sums[at + 3 * Block]; var s31 = sums[at + 3 * Block + 1];
        for (nuint k = (nuint)k0; k < (nuint)k1; k += 4)
        {
            var b0 = Vector256.LoadUnsafe(ref c0, k); var b1 = Vector256.LoadUnsafe(ref c1, k);
            var a0 = Vector256.LoadUnsafe(ref r0, k); s00 += a0 * b0; s01 += a0 * b1;
            var a1 = Vector256.LoadUnsafe(ref r1, k); s10 += a1 * b0; s11 += a1 * b1;
            var a2 = Vector256.LoadUnsafe(ref r2, k); s20 += a2 * b0; s21 += a2 * b1;
            var a3 = Vector256.LoadUnsafe(ref r3, k); s30 += a3 * b0; s31 += a3 * b1;
        }
        sums[at] = s00; sums[at + 1] = s01;
        sums[at + Block] = s10; sums[at + Block + 1] = s11;
        sums[at + 2 * Block] = s20; sums[at + 2 * Block + 1] = s21;
        sums[at + 3 * Block] = s30; sums[at + 3 * Block + 1] = s31;
    }

    // Edge tiles (fewer than 4 rows or 2 columns): the same lanes, one pair at a time.
    private static void Partial(double[] rows, int d, int i, int iCount, int j, int jCount, int k0, int k1, Vector256<double>[] sums, int at)
    {
        for (int a = 0; a < iCount; a++)
            for (int c = 0; c < jCount; c++)
            {
                ref double r = ref rows[(i + a) * d];
                ref double col = ref rows[(j + c) * d];
                var s = sums[at + a * Block + c];
                for (nuint k = (nuint)k0; k < (nuint)k1; k += 4) s += Vector256.LoadUnsafe(ref r, k) * Vector256.LoadUnsafe(ref col, k);
                sums[at + a * Block + c] = s;
            }
    }

    // The four lanes in a fixed order (Vector256.Sum may pair them differently on different hardware).
    private static double Lanes(Vector256<double> v) => ((v.GetElement(0) + v.GetElement(1)) + v.GetElement(2)) + v.GetElement(3);

    private static double Tail(double sum, ReadOnlySpan<double> a, ReadOnlySpan<double> b, int from)
    {
        for (int k = from; k < a.Length; k++) sum += a[k] * b[k];
        return sum;
    }
}
