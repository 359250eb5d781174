using MathNet.Numerics.LinearAlgebra;

namespace ProbSig.Theory.Flow;

/// <summary>
/// The linear regime with tied embeddings (THEORY 3.1, last part): one matrix W (d x V)
/// is used both ways, z = W^T W phi, so V = C. The gradient is W (G + G^T) with
/// G = E[(p - e_Y) phi^T]; to leading order G = -A and dW/dt = W S with the symmetric
/// S = A + A^T, so W(t) = W(0) exp(tS) and E[W^T W](t) = d s^2 exp(2t S). S is indefinite,
/// so unlike <see cref="LinearFlow"/> some directions shrink. Next-token (column) and
/// previous-token (row) signatures act together through S.
/// <para>Unit of time: every <c>t</c> is flow time; gradient descent step k with step eta
/// corresponds to t = k * eta (while eta times the spectral radius of S is small).</para>
/// <para>Cost: one dense V x V symmetric eigendecomposition, cached (about 15 s at V = 2048
/// with the managed provider); there is no thin route since S is V x V.</para>
/// </summary>
public sealed class TiedLinearFlow
{
    private readonly Matrix<double> _basis; // V x V eigenvectors of S
    private readonly double[] _mu;          // eigenvalues of S

    /// <summary>Takes the square A (V x V, classes = tokens) and caches the eigendecomposition of A + A^T.</summary>
    /// <exception cref="ArgumentException">A is not square, is empty, or has a non-finite entry.</exception>
    public TiedLinearFlow(Matrix<double> a)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (a.RowCount != a.ColumnCount || a.RowCount == 0)
            throw new ArgumentException($"tied embeddings need a square, non-empty A (C = V); got {a.RowCount} x {a.ColumnCount}", nameof(a));
        foreach (var x in a.Enumerate())
            if (!double.IsFinite(x)) throw new ArgumentException($"A has a non-finite entry {x}", nameof(a));
        var s = a + a.Transpose();
        var evd = s.Evd(Symmetricity.Symmetric);
        _mu = evd.EigenValues.Select(z => z.Real).ToArray();
        _basis = evd.EigenVectors;
        TopEigenvalue = _mu.Max();
    }

    /// <summary>Vocabulary size V (= C).</summary>
    public int VocabularySize => _mu.Length;

    /// <summary>mu_max, the largest eigenvalue of A + A^T (may be negative): the expected Gram
    /// grows like e^{2 mu_max t} along its eigenvector.</summary>
    public double TopEigenvalue { get; }

    /// <summary>The eigenvalues of A + A^T, descending.</summary>
    public double[] Eigenvalues => _mu.OrderByDescending(m => m).ToArray();

    /// <summary>
    /// exp(2t (A + A^T)) divided by e^{2 mu_max t} (V x V), so every mode weight
    /// e^{2t (mu - mu_max)} is at most one and the result is finite for any t. Exactly I at
    /// t = 0; symmetric positive semi-definite (weights of strongly negative modes underflow to 0).
    /// </summary>
    /// <param name="t">Flow time, t &gt;= 0 (gradient descent step k with step eta is t = k eta).</param>
    public Matrix<double> Kernel(double t)
    {
        _ = FlowTime.Continuous(t);   // throws for a negative or non-finite t
        return SpectralKernel.Scaled(_basis, LogWeights(t), double.NegativeInfinity, 2 * TopEigenvalue * t);
    }

    /// <summary>Predicted embedding cosine of exp(2t (A + A^T)), computed in the log domain:
    /// finite for any t, unit diagonal, entries in [-1, 1].</summary>
    /// <param name="t">Flow time, t &gt;= 0 (gradient descent step k with step eta is t = k eta).</param>
    public Matrix<double> Cosine(double t)
    {
        _ = FlowTime.Continuous(t);   // throws for a negative or non-finite t
        return SpectralKernel.Cosine(_basis, LogWeights(t), double.NegativeInfinity);
    }

    /// <summary>E[W^T W](t) = d s^2 exp(2t (A + A^T)) (V x V). Not rescaled: overflows once
    /// 2 mu_max t exceeds about 709; use <see cref="Kernel"/> there.</summary>
    /// <param name="t">Flow time, t &gt;= 0 (gradient descent step k with step eta is t = k eta).</param>
    /// <param name="init">The initial scale; only d s^2 enters.</param>
    public Matrix<double> ExpectedGram(double t, InitScale init)
    {
        _ = FlowTime.Continuous(t);   // throws for a negative or non-finite t
        ArgumentNullException.ThrowIfNull(init);
        return init.WidthTimesVariance * SpectralKernel.Scaled(_basis, LogWeights(t), double.NegativeInfinity, 0.0);
    }

    /// <summary>
    /// End of the linear regime: the estimate t* = ln(2 / (d s^2)) / (2 lambda) of THEORY 3.1 with
    /// the tied growth rate lambda = mu_max (<see cref="TopEigenvalue"/>) in place of sigma_1, so the
    /// tied and untied stated times are one formula. At this t* the leading mode's expected squared
    /// norm d s^2 e^{2 mu_max t*} is 2 (the untied d s^2 cosh(2 sigma_1 t*) is about 1): both are
    /// order-one estimates, not a sharp boundary.
    /// </summary>
    /// <param name="init">The initial scale; only d s^2 enters.</param>
    /// <returns>t* in flow time; +infinity when mu_max &lt;= 0 (no direction grows, so the regime never ends).</returns>
    /// <exception cref="InvalidOperationException">d s^2 &gt;= 2, so t* &lt;= 0: the initialisation is not small.</exception>
    public double EndOfLinearRegime(InitScale init)
    {
        if (!TryEndOfLinearRegime(init, out var tStar))
            throw new InvalidOperationException(
                $"d s^2 = {init.WidthTimesVariance} (width {init.Width}, std {init.Std}) is at least 2: the initialisation is not small and the linear regime has no end time t* > 0");
        return tStar;
    }

    /// <summary><see cref="EndOfLinearRegime"/> for callers that report t* beside other figures:
    /// false (and NaN) when d s^2 &gt;= 2 instead of an exception.</summary>
    public bool TryEndOfLinearRegime(InitScale init, out double tStar)
    {
        ArgumentNullException.ThrowIfNull(init);
        if (TopEigenvalue <= 0) { tStar = double.PositiveInfinity; return true; }
        double ds2 = init.WidthTimesVariance;
        if (ds2 >= 2) { tStar = double.NaN; return false; }
        tStar = Math.Log(2 / ds2) / (2 * TopEigenvalue);
        return true;
    }

    private double[] LogWeights(double t) => _mu.Select(m => 2 * t * m).ToArray();
}
