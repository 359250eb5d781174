using MathNet.Numerics.LinearAlgebra;
using ProbSig.Theory.Geometry;

namespace ProbSig.Theory.Flow;

/// <summary>
/// The quadratic approximation of THEORY 3.2. Expanding the softmax to first order around
/// the uniform distribution, p = u + (1/C) P z with P = I - 1 1^T / C, turns the gradient
/// into E[(p - e_Y) phi^T] = -A + (1/C) P W_U W_E Sigma: a two-layer linear network with
/// squared loss, input covariance Sigma and input-output correlation C A. This type gives
/// its fixed point, the balanced embedding Gram at that point, and the per-mode logistic
/// trajectory (Saxe et al. 2014) that holds when Sigma and A^T A share eigenvectors.
/// <para>Unit of time: <see cref="ModeTrajectory"/> takes flow time t; gradient descent step
/// k with step eta corresponds to t = k * eta. The other members are time-independent (t = infinity).</para>
/// <para>Cost: one dense V x V symmetric eigendecomposition of Sigma for its pseudo-inverse
/// (about 15 s at V = 2048 with the managed provider), cached.</para>
/// </summary>
public sealed class QuadraticApproximation
{
    /// <summary>Eigenvalues of Sigma at or below this fraction of the largest are treated as
    /// zero in Sigma^+. 1e-10 is well above the ~1e-16 relative rounding of an exactly
    /// singular Sigma (tokens that never occur, features that always co-occur) and below the
    /// smallest eigenvalue a population with a few hundred samples gives a real direction.</summary>
    public const double PseudoInverseCutoff = 1e-10;

    /// <summary>A token whose balanced Gram diagonal is at or below this fraction of the
    /// largest diagonal has (numerically) no embedding at the fixed point; its cosines are undefined.</summary>
    public const double UndefinedDiagonalCutoff = 1e-12;

    /// <summary>Builds the approximation from A = E[(e_Y - u) phi^T] (C x V) and Sigma = E[phi phi^T] (V x V).</summary>
    /// <exception cref="ArgumentException">Shapes disagree, Sigma is not symmetric, or an entry is not finite.</exception>
    public QuadraticApproximation(Matrix<double> a, Matrix<double> sigma)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(sigma);
        int c = a.RowCount, v = a.ColumnCount;
        if (c == 0 || v == 0) throw new ArgumentException($"A must be non-empty; got {c} x {v}", nameof(a));
        if (sigma.RowCount != v || sigma.ColumnCount != v)
            throw new ArgumentException($"Sigma must be V x V = {v} x {v} to match A; got {sigma.RowCount} x {sigma.ColumnCount}", nameof(sigma));
        foreach (var x in a.Enumerate())
            if (!double.IsFinite(x)) throw new ArgumentException($"A has a non-finite entry {x}", nameof(a));
        foreach (var x in sigma.Enumerate())
            if (!double.IsFinite(x)) throw new ArgumentException($"Sigma has a non-finite entry {x}", nameof(sigma));
        double asym = (sigma - sigma.Transpose()).FrobeniusNorm();
        if (asym > 1e-10 * Math.Max(sigma.FrobeniusNorm(), double.Epsilon))
            throw new ArgumentException($"Sigma must be symmetric; ||Sigma - Sigma^T||_F = {asym}", nameof(sigma));

        ClassCount = c;
        var sym = 0.5 * (sigma + sigma.Transpose());

        // Sigma^+ through its eigendecomposition, dropping eigenvalues below the relative cutoff.
        var evd = sym.Evd(Symmetricity.Symmetric);
        var lambda = evd.EigenValues.Select(z => z.Real).ToArray();
        double top = lambda.Length == 0 ? 0 : lambda.Max();
        var inv = lambda.Select(l => top > 0 && l > PseudoInverseCutoff * top ? 1 / l : 0.0).ToArray();
        var q = evd.EigenVectors;
        FixedPoint = c * ((a * q) * Matrix<double>.Build.DenseOfDiagonalArray(inv) * q.Transpose());
        // Sigma^{+1/2}, kept for the finite-width fixed point.
        var invSqrt = Matrix<double>.Build.DenseOfDiagonalArray(inv.Select(Math.Sqrt).ToArray());
        _sigmaPlusHalf = SpectralKernel.Symmetrize(q * invSqrt * q.Transpose());
        _whitened = c * (a * _sigmaPlusHalf);

        // (M^T M)^{1/2} = sum_k s_k v_k v_k^T from the thin SVD of M (C x V): no V x V square root.
        var svd = ThinSvd.Compute(FixedPoint);
        BalancedEmbeddingGram = SpectralKernel.Symmetrize(
            svd.Right * Matrix<double>.Build.DenseOfDiagonalArray(svd.Values) * svd.Right.Transpose());
        (EmbeddingCosine, UndefinedTokens) = Cosines(BalancedEmbeddingGram);

        // Sigma A^T A - A^T A Sigma = Y - Y^T with Y = (Sigma A^T) A, never forming A^T A on its own twice.
        var y = (sym * a.Transpose()) * a;
        double ata = (a.Transpose() * a).FrobeniusNorm();
        double denom = sym.FrobeniusNorm() * ata;
        AlignmentError = denom == 0 ? 0.0 : (y - y.Transpose()).FrobeniusNorm() / denom;
    }

    private readonly Matrix<double> _sigmaPlusHalf; // Sigma^{+1/2}, V x V
    private readonly Matrix<double> _whitened;      // C A Sigma^{+1/2}, C x V

    /// <summary>Number of classes C.</summary>
    public int ClassCount { get; }

    /// <summary>
    /// The fixed point of W_U W_E for embedding width d: the minimiser of the quadratic
    /// objective (1/2C) || (W - M) Sigma^{1/2} ||_F^2 over rank-d matrices, i.e. reduced-rank
    /// regression W_d = [C A Sigma^{+1/2}]_d Sigma^{+1/2}, where [.]_d keeps the top d singular
    /// modes. This is NOT the plain rank-d truncation of M = C A Sigma^+ unless Sigma and
    /// A^T A are aligned: the flow weights directions by Sigma. For d &gt;= rank(M) it equals
    /// <see cref="FixedPoint"/>. Time-independent (the t -&gt; infinity limit of the flow).
    /// </summary>
    /// <param name="width">Embedding width d &gt;= 1.</param>
    public Matrix<double> FixedPointOfWidth(int width)
    {
        if (width < 1) throw new ArgumentOutOfRangeException(nameof(width), width, "the embedding width must be at least 1");
        var svd = ThinSvd.Compute(_whitened);
        int keep = Math.Min(width, svd.Values.Length);
        var head = SpectralKernel.ScaleColumns(svd.Left.SubMatrix(0, svd.Left.RowCount, 0, keep), svd.Values.Take(keep).ToArray())
            .TransposeAndMultiply(svd.Right.SubMatrix(0, svd.Right.RowCount, 0, keep));
        return head * _sigmaPlusHalf;
    }

    /// <summary>M = C A Sigma^+ (C x V), the fixed point of W_U W_E on the range of P
    /// (pseudo-inverse with relative cutoff <see cref="PseudoInverseCutoff"/>). It satisfies
    /// M Sigma = C A whenever the rows of A lie in the range of Sigma, which holds for any A
    /// and Sigma from one population. It is the fixed point for any width d at least rank(M)
    /// (at most C - 1); for a smaller width see <see cref="FixedPointOfWidth"/>, which is the
    /// rank-d optimum in the Sigma-weighted norm, not the plain truncation of M.</summary>
    public Matrix<double> FixedPoint { get; }

    /// <summary>(M^T M)^{1/2} (V x V): W_E^T W_E at the fixed point for a balanced factorisation
    /// (W_U^T W_U = W_E W_E^T), since then (W_E^T W_E)^2 = M^T M.</summary>
    public Matrix<double> BalancedEmbeddingGram { get; }

    /// <summary>Cosines of <see cref="BalancedEmbeddingGram"/>, G_ij / (sqrt(G_ii) sqrt(G_jj)), clamped to
    /// [-1, 1] with unit diagonal. Rows and columns of <see cref="UndefinedTokens"/> (zero
    /// embedding at the fixed point, e.g. tokens that never occur) are NaN, diagonal included:
    /// a cosine with a zero vector has no value, and callers must report it as undefined.</summary>
    public Matrix<double> EmbeddingCosine { get; }

    /// <summary>Tokens whose balanced Gram diagonal is at or below <see cref="UndefinedDiagonalCutoff"/>
    /// times the largest diagonal: their cosines are undefined (NaN).</summary>
    public IReadOnlyList<int> UndefinedTokens { get; }

    /// <summary>|| Sigma A^T A - A^T A Sigma ||_F / (||Sigma||_F ||A^T A||_F): zero when Sigma and
    /// A^T A share eigenvectors, the assumption behind <see cref="ModeTrajectory"/> (0 if A or Sigma is 0).</summary>
    public double AlignmentError { get; }

    /// <summary>
    /// The logistic mode strength a_k(t) = u_k^T W_U W_E v_k for one aligned mode:
    /// a(t) = K / (1 + (K / a0 - 1) e^{-2 sigma_k t}) with capacity K = C sigma_k / lambda_k.
    /// It solves da/dt = 2 sigma_k a (1 - lambda_k a / (C sigma_k)) = 2 a (sigma_k - lambda_k a / C),
    /// which is what the quadratic flow gives for a balanced mode (W_E = b r v_k^T,
    /// W_U = b u_k r^T, a = b^2) when Sigma v_k = lambda_k v_k.
    /// </summary>
    /// <param name="sigmaK">Singular value sigma_k &gt; 0 of A for the mode.</param>
    /// <param name="lambdaK">Eigenvalue lambda_k &gt; 0 of Sigma along v_k.</param>
    /// <param name="classCount">C &gt;= 1.</param>
    /// <param name="a0">Initial strength a(0) &gt; 0.</param>
    /// <param name="t">Flow time, t &gt;= 0 (gradient descent step k with step eta is t = k eta).</param>
    public static double ModeTrajectory(double sigmaK, double lambdaK, int classCount, double a0, double t)
    {
        if (!double.IsFinite(sigmaK) || sigmaK <= 0) throw new ArgumentOutOfRangeException(nameof(sigmaK), sigmaK, "the singular value must be positive and finite");
        if (!double.IsFinite(lambdaK) || lambdaK <= 0) throw new ArgumentOutOfRangeException(nameof(lambdaK), lambdaK, "the Sigma eigenvalue must be positive and finite");
        if (classCount < 1) throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "the class count must be at least 1");
        if (!double.IsFinite(a0) || a0 <= 0) throw new ArgumentOutOfRangeException(nameof(a0), a0, "the initial strength must be positive and finite");
        if (!double.IsFinite(t) || t < 0) throw new ArgumentOutOfRangeException(nameof(t), t, "the flow time t must be finite and non-negative");
        double capacity = classCount * sigmaK / lambdaK;
        // K a0 / (a0 + (K - a0) e^{-2 sigma t}): the same logistic without dividing by a tiny a0.
        return capacity * a0 / (a0 + (capacity - a0) * Math.Exp(-2 * sigmaK * t));
    }

    /// <summary>Cosines of the balanced Gram by <see cref="RowCosine.OfGram"/>, with the tokens at or
    /// below <see cref="UndefinedDiagonalCutoff"/> of the largest diagonal marked undefined.</summary>
    private static (Matrix<double>, IReadOnlyList<int>) Cosines(Matrix<double> g)
    {
        int n = g.RowCount;
        double maxDiag = 0;
        for (int i = 0; i < n; i++) maxDiag = Math.Max(maxDiag, g[i, i]);
        var defined = Enumerable.Range(0, n).Select(i => g[i, i] > UndefinedDiagonalCutoff * maxDiag).ToArray();
        var undefined = Enumerable.Range(0, n).Where(i => !defined[i]).ToArray();
        return (RowCosine.OfGram(g, defined), undefined);
    }
}
