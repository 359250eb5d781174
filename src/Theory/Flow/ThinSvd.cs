using MathNet.Numerics.LinearAlgebra;

namespace ProbSig.Theory.Flow;

/// <summary>
/// A thin singular value decomposition M = sum_k s_k u_k v_k^T of an m x n matrix,
/// with min(m, n) modes. Computed through a thin QR of the longer side and a dense SVD of
/// the small square factor, so the cost is O(max(m,n) min(m,n)^2): we never form the
/// n x n matrix M^T M (n can be a vocabulary of 2048+ tokens) and keep full accuracy for
/// small singular values, which squaring would lose. No time variable is involved.
/// </summary>
internal sealed class ThinSvd
{
    /// <summary>Singular values, descending (length min(m, n)).</summary>
    public double[] Values { get; }

    /// <summary>Left singular vectors as columns (m x min(m, n)).</summary>
    public Matrix<double> Left { get; }

    /// <summary>Right singular vectors as columns (n x min(m, n)); each column's
    /// largest-magnitude entry is positive (the left column is flipped along with it).</summary>
    public Matrix<double> Right { get; }

    private ThinSvd(double[] values, Matrix<double> left, Matrix<double> right)
    {
        Values = values;
        Left = left;
        Right = right;
    }

    public static ThinSvd Compute(Matrix<double> m)
    {
        Matrix<double> left, right;
        Vector<double> s;
        if (m.RowCount <= m.ColumnCount)
        {
            // M^T = Q R (n x m, m x m), so M = R^T Q^T; with R^T = U S W^T, M = U S (Q W)^T.
            var qr = m.Transpose().QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin);
            var svd = qr.R.Transpose().Svd(true);
            s = svd.S;
            left = svd.U;
            right = qr.Q * svd.VT.Transpose();
        }
        else
        {
            // M = Q R (m x n, n x n); with R = U S W^T, M = (Q U) S W^T.
            var qr = m.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin);
            var svd = qr.R.Svd(true);
            s = svd.S;
            left = qr.Q * svd.U;
            right = svd.VT.Transpose();
        }

        int k = s.Count;
        // The dense SVD returns descending values already; sorting again costs nothing and
        // protects the "descending" contract against a provider that does not.
        var order = Enumerable.Range(0, k).OrderByDescending(i => s[i]).ToArray();
        var values = order.Select(i => Math.Max(0.0, s[i])).ToArray();
        var u = Matrix<double>.Build.Dense(left.RowCount, k);
        var v = Matrix<double>.Build.Dense(right.RowCount, k);
        for (int j = 0; j < k; j++)
        {
            var uj = left.Column(order[j]);
            var vj = right.Column(order[j]);
            // Singular vectors are defined up to a joint sign; fix it so results are reproducible.
            if (vj[vj.AbsoluteMaximumIndex()] < 0) { uj = -uj; vj = -vj; }
            u.SetColumn(j, uj);
            v.SetColumn(j, vj);
        }
        return new ThinSvd(values, u, v);
    }
}
