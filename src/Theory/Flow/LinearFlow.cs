using MathNet.Numerics.LinearAlgebra;

namespace ProbSig.Theory.Flow;

/// <summary>
/// The closed-form linear regime of the model z = W_U W_E phi(X) under small
/// initialisation (THEORY 3.1). To leading order in the init scale the weights follow
/// dW_E/dt = W_U^T A, dW_U/dt = A W_E^T; stacking Theta = [W_E^T; W_U] gives
/// dTheta/dt = B Theta with B = [[0, A^T], [A, 0]], so Theta(t) = exp(tB) Theta(0).
/// With the thin SVD A = sum_k sigma_k u_k v_k^T every block of exp(tB) is a function of
/// the singular values, which is how everything here is computed: the SVD is taken once,
/// through the C x C side (never a V x V eigendecomposition), and cached.
/// <para>Unit of time: every <c>t</c> is flow time. Full-batch gradient descent with step
/// eta after k steps corresponds to t = k * eta (while eta * sigma_1 &lt;&lt; 1); each
/// quantity taking a <see cref="FlowTime"/> is written once for both, and
/// <see cref="FlowTime.Steps"/> gives the exact gradient descent counterpart in k and eta.</para>
/// </summary>
public sealed class LinearFlow
{
    /// <summary>Singular values at or below this fraction of sigma_1 are treated as zero
    /// (their modes join the null space). 1e-12 sits far above the ~1e-16 rounding level
    /// of an SVD of an exactly rank-deficient A (e.g. the sum-to-zero direction 1^T A = 0)
    /// and far below any singular value with a meaning.</summary>
    public const double RelativeRankCutoff = 1e-12;

    private readonly Matrix<double> _a;     // C x V
    private readonly Matrix<double> _left;  // C x r, u_k
    private readonly Matrix<double> _right; // V x r, v_k
    private readonly double[] _sigma;       // r positive singular values, descending

    /// <summary>Takes A = E[(e_Y - u) phi^T] (C x V) and caches its thin SVD.</summary>
    /// <exception cref="ArgumentException">A is empty or has a non-finite entry.</exception>
    public LinearFlow(Matrix<double> a)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (a.RowCount == 0 || a.ColumnCount == 0)
            throw new ArgumentException($"A must be non-empty; got {a.RowCount} x {a.ColumnCount}", nameof(a));
        foreach (var x in a.Enumerate())
            if (!double.IsFinite(x)) throw new ArgumentException($"A has a non-finite entry {x}", nameof(a));

        _a = a.Clone();
        var svd = ThinSvd.Compute(_a);
        _allSingularValues = svd.Values;
        double top = _allSingularValues.Length > 0 ? _allSingularValues[0] : 0;
        Rank = top == 0 ? 0 : _allSingularValues.Count(s => s > RelativeRankCutoff * top);
        _sigma = _allSingularValues.Take(Rank).ToArray();
        _left = svd.Left.SubMatrix(0, a.RowCount, 0, Rank);
        _right = svd.Right.SubMatrix(0, a.ColumnCount, 0, Rank);
        // A token whose column of A is (numerically) zero lies in the null space: its exact
        // v_k entries are 0, but the SVD leaves ~1e-17 of rounding there, which e^{2 sigma t}
        // would blow up into a spurious cosine at large t. Pin those rows to exact zeros.
        for (int i = 0; i < a.ColumnCount; i++)
            if (!(_a.Column(i).L2Norm() > RelativeRankCutoff * top))
                _right.ClearRow(i);
        CondensationDirection = Rank > 0 ? _right.Column(0) : Vector<double>.Build.Dense(a.ColumnCount);
        _projector = new Lazy<Matrix<double>>(() => _right.TransposeAndMultiply(_right));
    }

    // V V^T (V x V), built on the first cosine that needs it and reused: it saves one
    // V x r x V product per cosine at the cost of V^2 doubles (32 MB at V = 2048).
    private readonly Lazy<Matrix<double>> _projector;

    /// <summary>Number of classes C (rows of A).</summary>
    public int ClassCount => _a.RowCount;

    /// <summary>Vocabulary size V (columns of A).</summary>
    public int VocabularySize => _a.ColumnCount;

    /// <summary>All min(C, V) singular values of A, descending (the ones below the rank
    /// cutoff included, as computed). A fresh copy on every call.</summary>
    public double[] SingularValues => _allSingularValues.ToArray();

    private readonly double[] _allSingularValues;

    /// <summary>Numerical rank r: singular values above <see cref="RelativeRankCutoff"/> times sigma_1.</summary>
    public int Rank { get; }

    /// <summary>sigma_1, the top singular value (0 when A = 0): the growth rate of the leading mode,
    /// whose expected Gram grows like e^{2 sigma_1 t}.</summary>
    public double Sigma1 => Rank > 0 ? _sigma[0] : 0.0;

    /// <summary>v_1 (length V), the direction all embeddings condense onto late in the linear
    /// regime, with its sign fixed so the largest-magnitude entry is positive. All zeros
    /// when A = 0 (no direction grows).</summary>
    public Vector<double> CondensationDirection { get; }

    /// <summary>v_1 .. v_r as columns (V x r, r = <see cref="Rank"/>), signs fixed as for v_1.</summary>
    public Matrix<double> RightSingularVectors => _right.Clone();

    /// <summary>u_1 .. u_r as columns (C x r), the partners of <see cref="RightSingularVectors"/>
    /// (A v_k = sigma_k u_k).</summary>
    public Matrix<double> LeftSingularVectors => _left.Clone();

    // ---------------------------------------------------------------- over a time

    /// <summary>
    /// The embedding kernel, the V x V block of the second-moment propagator, divided by the
    /// leading growth so that it is finite for every time. In flow time t it is
    /// cosh(2t sqrt(A^T A)) = I + sum_k v_k v_k^T (cosh(2 sigma_k t) - 1) divided by
    /// e^{2 sigma_1 t}, i.e. e^{-2 sigma_1 t} P_null + sum_k v_k v_k^T e^{-2 sigma_1 t} cosh(2 sigma_k t),
    /// whose leading-mode weight tends to 1/2; after k gradient descent steps of eta it is the
    /// V x V block of (I + eta B)^{2k}, sum_m v_m v_m^T ((1 + eta sigma_m)^{2k} + (1 - eta sigma_m)^{2k}) / 2
    /// plus the null-space projector, divided by (1 + eta sigma_1)^{2k} (the two agree as
    /// eta -&gt; 0 with k eta = t). At time 0 it is exactly I. The null-space term underflows
    /// to 0 for large times, which is its true relative size. Multiply by d s^2 times the
    /// leading growth for the expected Gram (<see cref="ExpectedEmbeddingGram(FlowTime, InitScale)"/>).
    /// </summary>
    /// <param name="time">Flow time t, or k gradient descent steps of eta (<see cref="FlowTime"/>).</param>
    public Matrix<double> EmbeddingKernel(FlowTime time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return SpectralKernel.Scaled(_right, LogEvenWeights(time), 0.0, time.LogGrowth(Sigma1));
    }

    /// <summary>
    /// Predicted embedding cosine cos_ij = K_ij / sqrt(K_ii K_jj) of the kernel
    /// (<see cref="EmbeddingKernel(FlowTime)"/>; K = cosh(2t sqrt(A^T A)) in flow time),
    /// computed in the log domain so it is finite for any time (checked to t = 1e6 and
    /// k = 1e9); unit diagonal, entries clamped to [-1, 1]. A token in the null space of A
    /// (zero column) keeps its random initialisation, so its row is the unit vector e_i.
    /// Numerical limit: a token outside the null space whose exact component on a mode is zero
    /// carries ~1e-17 of rounding there instead; once (sigma_1 - sigma_k) t exceeds about 40
    /// that rounding dominates its own modes and the token appears to condense with the rest.
    /// </summary>
    /// <param name="time">Flow time t, or k gradient descent steps of eta (<see cref="FlowTime"/>).</param>
    public Matrix<double> EmbeddingCosine(FlowTime time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return SpectralKernel.Cosine(_right, LogEvenWeights(time), 0.0, () => _projector.Value);
    }

    /// <summary>
    /// E[W_E^T W_E] over the Gaussian initial draw (V x V): d s^2 cosh(2t sqrt(A^T A)) in flow
    /// time, d s^2 times the V x V block of (I + eta B)^{2k} after k gradient descent steps.
    /// Not rescaled: entries overflow to infinity (or NaN where a mode has an exact zero
    /// entry) once the leading growth exceeds about e^709; use <see cref="EmbeddingKernel(FlowTime)"/> there.
    /// </summary>
    /// <param name="time">Flow time t, or k gradient descent steps of eta (<see cref="FlowTime"/>).</param>
    /// <param name="init">The initial scale; only d s^2 enters.</param>
    public Matrix<double> ExpectedEmbeddingGram(FlowTime time, InitScale init)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(init);
        return init.WidthTimesVariance * IdentityPlus(_right, _sigma.Select(time.EvenGrowthMinusOne).ToArray());
    }

    /// <summary>
    /// E[W_U W_U^T] (C x C): d s^2 cosh(2t sqrt(A A^T)) in flow time, d s^2 times the C x C
    /// block of (I + eta B)^{2k}, I + sum_m u_m u_m^T (((1 + eta sigma_m)^{2k} + (1 - eta sigma_m)^{2k}) / 2 - 1),
    /// after k steps. Overflows like <see cref="ExpectedEmbeddingGram(FlowTime, InitScale)"/> for large times.
    /// </summary>
    /// <param name="time">Flow time t, or k gradient descent steps of eta (<see cref="FlowTime"/>).</param>
    /// <param name="init">The initial scale; only d s^2 enters.</param>
    public Matrix<double> ExpectedUnembeddingGram(FlowTime time, InitScale init)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(init);
        return init.WidthTimesVariance * IdentityPlus(_left, _sigma.Select(time.EvenGrowthMinusOne).ToArray());
    }

    /// <summary>
    /// E[W_U W_E] (C x V): d s^2 sum_k sinh(2 sigma_k t) u_k v_k^T in flow time, d s^2 times
    /// the C x V block of (I + eta B)^{2k}, sum_m u_m v_m^T ((1 + eta sigma_m)^{2k} - (1 - eta sigma_m)^{2k}) / 2,
    /// after k steps. Zero at time 0, because W_U(0) and W_E(0) are independent. Overflows for large times.
    /// </summary>
    /// <param name="time">Flow time t, or k gradient descent steps of eta (<see cref="FlowTime"/>).</param>
    /// <param name="init">The initial scale; only d s^2 enters.</param>
    public Matrix<double> ExpectedCrossGram(FlowTime time, InitScale init)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(init);
        return init.WidthTimesVariance * Cross(_sigma.Select(time.OddGrowth).ToArray());
    }

    // ---------------------------------------------------------------- in flow time

    /// <summary><see cref="EmbeddingKernel(FlowTime)"/> at flow time t.</summary>
    /// <param name="t">Flow time, t &gt;= 0 (gradient descent step k with step eta is t = k eta).</param>
    public Matrix<double> EmbeddingKernel(double t) => EmbeddingKernel(FlowTime.Continuous(t));

    /// <summary><see cref="EmbeddingCosine(FlowTime)"/> at flow time t.</summary>
    /// <param name="t">Flow time, t &gt;= 0 (gradient descent step k with step eta is t = k eta).</param>
    public Matrix<double> EmbeddingCosine(double t) => EmbeddingCosine(FlowTime.Continuous(t));

    /// <summary><see cref="ExpectedEmbeddingGram(FlowTime, InitScale)"/> at flow time t.</summary>
    /// <param name="t">Flow time, t &gt;= 0 (gradient descent step k with step eta is t = k eta).</param>
    /// <param name="init">The initial scale; only d s^2 enters.</param>
    public Matrix<double> ExpectedEmbeddingGram(double t, InitScale init) => ExpectedEmbeddingGram(FlowTime.Continuous(t), init);

    /// <summary><see cref="ExpectedUnembeddingGram(FlowTime, InitScale)"/> at flow time t.</summary>
    /// <param name="t">Flow time, t &gt;= 0 (gradient descent step k with step eta is t = k eta).</param>
    /// <param name="init">The initial scale; only d s^2 enters.</param>
    public Matrix<double> ExpectedUnembeddingGram(double t, InitScale init) => ExpectedUnembeddingGram(FlowTime.Continuous(t), init);

    /// <summary><see cref="ExpectedCrossGram(FlowTime, InitScale)"/> at flow time t.</summary>
    /// <param name="t">Flow time, t &gt;= 0 (gradient descent step k with step eta is t = k eta).</param>
    /// <param name="init">The initial scale; only d s^2 enters.</param>
    public Matrix<double> ExpectedCrossGram(double t, InitScale init) => ExpectedCrossGram(FlowTime.Continuous(t), init);

    /// <summary>
    /// The second-order expansion I + 2 t^2 A^T A (V x V) of cosh(2t sqrt(A^T A)), not
    /// rescaled: compare it with <see cref="ExpectedEmbeddingGram(double, InitScale)"/> at d s^2 = 1. Its
    /// off-diagonal entries are pi_i pi_j &lt;l_i - u, l_j - u&gt;, the label-signature
    /// inner products; the error is O(t^4).
    /// </summary>
    /// <param name="t">Flow time, t &gt;= 0 (gradient descent step k with step eta is t = k eta).</param>
    public Matrix<double> EarlyTimeKernel(double t)
    {
        _ = FlowTime.Continuous(t);   // throws for a negative or non-finite t
        var k = 2 * t * t * _a.TransposeThisAndMultiply(_a);
        for (int i = 0; i < k.RowCount; i++) k[i, i] += 1;
        return SpectralKernel.Symmetrize(k);
    }

    /// <summary>
    /// The hidden-layer MLP's early-time kernel (THEORY 3.3): to leading order a three-layer
    /// linear network scaled by c1, whose expected embedding Gram is
    /// d s^2 (I + 3 c1^2 m s^2 t^2 A^T A) + O(t^4): the linear model's ordering
    /// (<see cref="EarlyTimeKernel"/>, I + 2 t^2 A^T A) from a start slower by
    /// (3/2) c1^2 m s^2. Returns the bracket; multiply by d s^2 for the Gram.
    /// </summary>
    /// <param name="t">Flow time, t &gt;= 0.</param>
    /// <param name="c1">The activation's slope at 0.</param>
    /// <param name="hiddenWidth">m, the hidden layer's width.</param>
    /// <param name="init">The initial scale s of every weight.</param>
    /// <exception cref="ArgumentException">t negative or not finite, c1 not finite, or m below 1.</exception>
    public Matrix<double> HiddenLayerEarlyTimeKernel(double t, double c1, int hiddenWidth, InitScale init)
    {
        _ = FlowTime.Continuous(t);
        ArgumentNullException.ThrowIfNull(init);
        if (!double.IsFinite(c1)) throw new ArgumentException($"c1 is {c1}; the early-time law needs a finite slope at 0", nameof(c1));
        if (hiddenWidth < 1) throw new ArgumentException($"hiddenWidth is {hiddenWidth}; it must be at least 1", nameof(hiddenWidth));
        var k = (3 * c1 * c1 * hiddenWidth * init.Std * init.Std * t * t) * _a.TransposeThisAndMultiply(_a);
        for (int i = 0; i < k.RowCount; i++) k[i, i] += 1;
        return SpectralKernel.Symmetrize(k);
    }

    /// <summary>
    /// t* = ln(2 / (d s^2)) / (2 sigma_1): the flow time at which the expected squared norm
    /// of the leading mode, (d s^2 / 2) e^{2 sigma_1 t}, reaches one, an estimate of when
    /// z = O(1) and the linear regime ends. For gradient descent with step eta it is reached
    /// after about t* / eta steps.
    /// </summary>
    /// <returns>t* in flow time; +infinity when sigma_1 = 0 (A = 0: nothing grows, the
    /// linear regime never ends).</returns>
    /// <exception cref="InvalidOperationException">d s^2 &gt;= 2, so t* &lt;= 0: the
    /// initialisation is already out of the small-init regime and the estimate means nothing.</exception>
    public double EndOfLinearRegime(InitScale init)
    {
        if (!TryEndOfLinearRegime(init, out var tStar))
            throw new InvalidOperationException(
                $"d s^2 = {init.WidthTimesVariance} (width {init.Width}, std {init.Std}) is at least 2: the initialisation is not small and the linear regime has no end time t* > 0");
        return tStar;
    }

    /// <summary>
    /// The inverse of <see cref="EndOfLinearRegime"/>: the d s^2 whose linear regime ends at
    /// flow time <paramref name="t"/>, 2 e^{-2 sigma_1 t}. At a fixed time, initialisations
    /// below it are still in the linear regime and those above it have left it (C8a).
    /// </summary>
    /// <exception cref="ArgumentException">t is negative or not finite.</exception>
    public double WidthTimesVarianceEndingAt(double t)
    {
        _ = FlowTime.Continuous(t);   // throws for a negative or non-finite t
        return 2 * Math.Exp(-2 * Sigma1 * t);
    }

    /// <summary>
    /// <see cref="EndOfLinearRegime"/> for callers that report t* beside other figures and
    /// must go on without it: false (and NaN) when d s^2 &gt;= 2 instead of an exception.
    /// </summary>
    public bool TryEndOfLinearRegime(InitScale init, out double tStar)
    {
        ArgumentNullException.ThrowIfNull(init);
        if (Sigma1 == 0) { tStar = double.PositiveInfinity; return true; }
        double ds2 = init.WidthTimesVariance;
        if (ds2 >= 2) { tStar = double.NaN; return false; }
        tStar = Math.Log(2 / ds2) / (2 * Sigma1);
        return true;
    }

    /// <summary>
    /// One draw's trajectory Theta(t) = exp(tB) Theta(0):
    /// W_E(t)^T = cosh(t sqrt(A^T A)) W_E(0)^T + (sum_k sinh(sigma_k t) v_k u_k^T) W_U(0),
    /// W_U(t) = (sum_k sinh(sigma_k t) u_k v_k^T) W_E(0)^T + cosh(t sqrt(A A^T)) W_U(0).
    /// </summary>
    /// <param name="t">Flow time, t &gt;= 0 (gradient descent step k with step eta is t = k eta).</param>
    /// <param name="embedding0">W_E(0), d x V.</param>
    /// <param name="unembedding0">W_U(0), C x d.</param>
    /// <returns>The stacked Theta(t), (V + C) x d: rows 0..V-1 are W_E(t)^T (row i is token i's
    /// embedding), rows V..V+C-1 are W_U(t) (row y is class y's unembedding). Entries
    /// overflow once sigma_1 t exceeds about 709.</returns>
    public Matrix<double> Propagate(double t, Matrix<double> embedding0, Matrix<double> unembedding0)
    {
        _ = FlowTime.Continuous(t);   // throws for a negative or non-finite t
        ArgumentNullException.ThrowIfNull(embedding0);
        ArgumentNullException.ThrowIfNull(unembedding0);
        int d = embedding0.RowCount;
        if (embedding0.ColumnCount != VocabularySize)
            throw new ArgumentException($"W_E(0) must be d x V with V = {VocabularySize}; got {embedding0.RowCount} x {embedding0.ColumnCount}", nameof(embedding0));
        if (unembedding0.RowCount != ClassCount || unembedding0.ColumnCount != d)
            throw new ArgumentException($"W_U(0) must be C x d = {ClassCount} x {d}; got {unembedding0.RowCount} x {unembedding0.ColumnCount}", nameof(unembedding0));

        var coshM1 = Matrix<double>.Build.DenseOfDiagonalArray(_sigma.Select(s => SpectralKernel.CoshMinusOne(s * t)).ToArray());
        var sinh = Matrix<double>.Build.DenseOfDiagonalArray(_sigma.Select(s => Math.Sinh(s * t)).ToArray());
        var we0T = embedding0.Transpose();                 // V x d
        var vProj = _right.Transpose() * we0T;             // r x d, mode amplitudes of the embeddings
        var uProj = _left.Transpose() * unembedding0;      // r x d, mode amplitudes of the unembeddings
        var weT = we0T + _right * (coshM1 * vProj + sinh * uProj);
        var wu = unembedding0 + _left * (coshM1 * uProj + sinh * vProj);
        return weT.Stack(wu);
    }

    // ---------------------------------------------------------------- helpers

    private double[] LogEvenWeights(FlowTime time) => _sigma.Select(time.LogEvenGrowth).ToArray();

    // I + Q diag(w) Q^T for an orthonormal Q: a function of A^T A (or A A^T) that is 1 on the null space.
    private static Matrix<double> IdentityPlus(Matrix<double> basis, double[] w)
    {
        var k = SpectralKernel.ScaleColumns(basis, w).TransposeAndMultiply(basis);
        for (int i = 0; i < k.RowCount; i++) k[i, i] += 1;
        return SpectralKernel.Symmetrize(k);
    }

    // sum_k w_k u_k v_k^T (C x V).
    private Matrix<double> Cross(double[] w) =>
        SpectralKernel.ScaleColumns(_left, w).TransposeAndMultiply(_right);
}
