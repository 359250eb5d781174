using MathNet.Numerics.LinearAlgebra;

namespace ProbSig.Theory.Flow;

/// <summary>
/// Matrices of the form K = w0 P + sum_m w_m q_m q_m^T, with orthonormal columns q_m
/// (n x r basis Q), positive weights w_m, and P = I - Q Q^T the projector onto the
/// complement of the basis (weight w0, possibly zero). Every kernel of the linear regime
/// has this shape, with weights that grow like e^{2 sigma t} and overflow a double; the
/// weights are therefore passed as logarithms and only ever exponentiated after a shift
/// that keeps them at most one. Time does not appear here: the callers turn flow time t
/// (gradient descent step k with step eta is t = k * eta) into log-weights.
/// Cost: one n x r x n matrix product per call (about 1 s at n = 2048, r = 100 on 2 cores).
/// </summary>
internal static class SpectralKernel
{
    /// <summary>e^{-logScale} K, built as e^{lw0 - S} I + Q diag(e^{lw_m - S} - e^{lw0 - S}) Q^T
    /// so that no n x n eigenbasis is needed. Pass logNullWeight = -infinity for no P term.</summary>
    public static Matrix<double> Scaled(Matrix<double> basis, double[] logWeights, double logNullWeight, double logScale)
    {
        int n = basis.RowCount;
        double nullWeight = Math.Exp(logNullWeight - logScale);
        var diag = new double[logWeights.Length];
        for (int m = 0; m < diag.Length; m++) diag[m] = Math.Exp(logWeights[m] - logScale) - nullWeight;
        var k = ScaleColumns(basis, diag).TransposeAndMultiply(basis);
        if (nullWeight != 0)
            for (int i = 0; i < n; i++) k[i, i] += nullWeight;
        return Symmetrize(k);
    }

    /// <summary>
    /// cos_ij = K_ij / sqrt(K_ii K_jj), computed in the log domain: with log K_ii from a
    /// log-sum-exp, every term is weighted by e^{lw_m - (log K_ii + log K_jj)/2}, which is at
    /// most one wherever q_mi q_mj is non-zero, so nothing overflows for any t. The diagonal
    /// is set to exactly one and entries are clamped to [-1, 1] against rounding.
    /// </summary>
    /// <param name="basis">Q, n x r with orthonormal columns.</param>
    /// <param name="logWeights">log w_m, one per column of Q.</param>
    /// <param name="logNullWeight">log w0, or -infinity when there is no complement term.</param>
    /// <param name="projector">Q Q^T if the caller caches it (needed only when w0 &gt; 0).</param>
    public static Matrix<double> Cosine(Matrix<double> basis, double[] logWeights, double logNullWeight, Func<Matrix<double>>? projector = null)
    {
        int n = basis.RowCount, r = basis.ColumnCount;
        var logDiag = new double[n];
        var terms = new double[r + 1];
        for (int i = 0; i < n; i++)
        {
            double inBasis = 0;
            for (int m = 0; m < r; m++)
            {
                double q = basis[i, m];
                inBasis += q * q;
                terms[m] = q == 0 ? double.NegativeInfinity : logWeights[m] + 2 * Math.Log(Math.Abs(q));
            }
            // The part of e_i outside the basis, 1 - ||Q^T e_i||^2, clipped at 0 against rounding.
            double outside = Math.Max(0.0, 1.0 - inBasis);
            terms[r] = outside == 0 ? double.NegativeInfinity : logNullWeight + Math.Log(outside);
            logDiag[i] = LogSumExp(terms);
        }

        // cos = G G^T + H (I - Q Q^T) H with G_im = q_im e^{(lw_m - logK_ii)/2}, H_i = e^{(lw0 - logK_ii)/2}.
        var g = Matrix<double>.Build.Dense(n, r);
        var h = new double[n];
        for (int i = 0; i < n; i++)
        {
            h[i] = Math.Exp(0.5 * (logNullWeight - logDiag[i]));
            for (int m = 0; m < r; m++)
            {
                // |q| e^{(lw - logK_ii)/2} = sqrt(q^2 w / K_ii) <= 1, but the exponential alone
                // can overflow when q is tiny; fold log|q| in first (and q = 0 gives exactly 0).
                double q = basis[i, m];
                g[i, m] = q == 0 ? 0.0 : Math.Sign(q) * Math.Exp(0.5 * (logWeights[m] + 2 * Math.Log(Math.Abs(q)) - logDiag[i]));
            }
        }
        var cos = g.TransposeAndMultiply(g);
        var c = Values(cos);
        // The complement term matters only where some H_i is non-zero (it underflows at large t).
        if (h.Any(x => x != 0))
        {
            var p = Values((projector ?? (() => basis.TransposeAndMultiply(basis)))());
            for (int j = 0; j < n; j++)
                for (int i = 0; i < n; i++)
                    c[j * n + i] += h[i] * h[j] * ((i == j ? 1.0 : 0.0) - p[j * n + i]);
        }
        for (int j = 0; j < n; j++)
            for (int i = 0; i < n; i++)
                c[j * n + i] = i == j ? 1.0 : Math.Clamp(c[j * n + i], -1.0, 1.0);
        return Symmetrize(cos);
    }

    /// <summary>log sum_m e^{x_m}, exact for -infinity entries; -infinity if all are.</summary>
    public static double LogSumExp(IEnumerable<double> xs)
    {
        double max = double.NegativeInfinity;
        foreach (var x in xs) if (x > max) max = x;
        if (double.IsNegativeInfinity(max)) return max;
        double sum = 0;
        foreach (var x in xs) sum += Math.Exp(x - max);
        return max + Math.Log(sum);
    }

    /// <summary>log cosh(x) without overflow: |x| + log(1 + e^{-2|x|}) - log 2.</summary>
    public static double LogCosh(double x)
    {
        double ax = Math.Abs(x);
        return ax + double.LogP1(Math.Exp(-2 * ax)) - Math.Log(2);
    }

    /// <summary>cosh(x) - 1 as 2 sinh^2(x / 2), which keeps its relative accuracy for small x.</summary>
    public static double CoshMinusOne(double x)
    {
        double h = Math.Sinh(0.5 * x);
        return 2 * h * h;
    }

    /// <summary>Q diag(w): column m of Q times w_m.</summary>
    public static Matrix<double> ScaleColumns(Matrix<double> basis, double[] w)
    {
        var scaled = basis.Clone();
        for (int m = 0; m < w.Length; m++) scaled.SetColumn(m, basis.Column(m) * w[m]);
        return scaled;
    }

    /// <summary>(K + K^T)/2: the products above are symmetric only up to rounding.</summary>
    public static Matrix<double> Symmetrize(Matrix<double> k)
    {
        int n = k.RowCount;
        var v = Values(k);
        for (int j = 0; j < n; j++)
            for (int i = j + 1; i < n; i++)
            {
                double mean = 0.5 * (v[j * n + i] + v[i * n + j]);
                v[j * n + i] = mean;
                v[i * n + j] = mean;
            }
        return k;
    }

    /// <summary>The column-major storage of a dense matrix, written through in place.</summary>
    private static double[] Values(Matrix<double> m) =>
        m.AsColumnMajorArray() ?? throw new InvalidOperationException("expected a dense matrix");
}
