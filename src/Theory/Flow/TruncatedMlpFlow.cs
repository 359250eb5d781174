using MathNet.Numerics.LinearAlgebra;
using ProbSig.Theory.Signatures;

namespace ProbSig.Theory.Flow;

/// <summary>
/// The small-initialisation flow of the embedding MLP z = W_U act(W_E phi) (THEORY 3.3),
/// truncated at second order in the init scale s. With h = W_E phi = O(s),
/// act(h) = c1 h + c2 h^2 + O(s^3) and softmax(z) = u + O(s^2), the gradient-flow rates
/// -dL/dW of the cross-entropy, kept to O(s^2), are
/// <code>
///   dW_U/dt = c1 A W_E^T + c2 Q(W_E),        Q[y, r] = sum_{s,s'} T[y,s,s'] W_E[r,s] W_E[r,s']
///   dW_E/dt = c1 W_U^T A + 2 c2 R(W_U, W_E), R[r, s] = sum_{y,s'} W_U[y,r] W_E[r,s'] T[y,s',s]
/// </code>
/// Derivation: -dL/dW_U = E[(e_Y - p) act(h)^T] and -dL/dW_E = E[(W_U^T (e_Y - p)) o act'(h) phi^T].
/// Replacing p by u costs (p - u) act(h) = O(s^2) O(s) and W_U^T (p - u) = O(s) O(s^2): O(s^3),
/// so softmax corrections do not enter at O(s^2). act(h) = c1 h + c2 h o h gives the W_U rate;
/// act'(h) = c1 + 2 c2 h gives the W_E rate, the factor 2 being the derivative of h^2. The
/// next neglected terms (c3, and the softmax's (1/C) P z) are O(s^3).
/// T[:, s, s'] = E[(e_Y - u) phi_s phi_s'] is symmetric in (s, s'), so R may read either order.
/// <para>With c2 = 0 this is the linear flow with time scaled by c1: Theta(t) = exp(c1 t B) Theta(0)
/// (<see cref="LinearFlow.Propagate"/> at time c1 t). The truncated flow has no closed form and is
/// integrated numerically, either as a flow (<see cref="Integrate"/>, classic RK4) or as the
/// gradient descent map with the same truncated rates (<see cref="Iterate"/>, one Euler step of
/// size eta per training step), which is what a full-batch training run with step eta follows
/// before the truncation error shows.</para>
/// <para>Unit of time: flow time t; gradient descent step k with step eta is t = k * eta.</para>
/// </summary>
public sealed class TruncatedMlpFlow
{
    private readonly Matrix<double> _a;          // C x V
    private readonly Matrix<double> _fibres;     // C x P: T[:, s_p, s'_p] for unordered pairs s_p <= s'_p
    private readonly int[] _first, _second;      // s_p, s'_p
    private readonly double[] _multiplicity;     // 1 on the diagonal, 2 off it: (s, s') and (s', s) together

    /// <summary>
    /// Builds the flow from A = E[(e_Y - u) phi^T] (C x V), the sparse joint tensor T (C x V x V,
    /// from <see cref="SignatureSet.T"/>) and the activation, whose c1 and c2 must be finite.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes disagree, an entry is not finite, T is not symmetric in (s, s'),
    /// or the activation has no expansion at 0 (ReLU).</exception>
    public TruncatedMlpFlow(Matrix<double> a, SparseTensor3 t, Activation activation)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(activation);
        if (a.RowCount == 0 || a.ColumnCount == 0)
            throw new ArgumentException($"A must be non-empty; got {a.RowCount} x {a.ColumnCount}", nameof(a));
        if (t.ClassCount != a.RowCount || t.FeatureCount != a.ColumnCount)
            throw new ArgumentException($"T is {t.ClassCount} x {t.FeatureCount} x {t.FeatureCount} but A is {a.RowCount} x {a.ColumnCount}", nameof(t));
        // ReLU (NaN coefficients) has no expansion at 0, so this flow says nothing about it.
        if (!double.IsFinite(activation.C1) || !double.IsFinite(activation.C2))
            throw new ArgumentException(
                $"{activation.Name} has no Taylor expansion at 0 (c1 = {activation.C1}, c2 = {activation.C2}), so the truncated small-init flow does not apply; it is covered empirically only",
                nameof(activation));
        foreach (var x in a.Enumerate())
            if (!double.IsFinite(x)) throw new ArgumentException($"A has a non-finite entry {x}", nameof(a));

        var pairs = new List<(int S, int S2, double[] Column)>();
        foreach (var (s, s2, column) in t.NonZero)
        {
            if (column.Any(x => !double.IsFinite(x))) throw new ArgumentException($"T[:, {s}, {s2}] has a non-finite entry", nameof(t));
            if (s > s2) continue;
            var mirror = t.Get(s2, s);
            double scale = column.Select(Math.Abs).DefaultIfEmpty(0).Max();
            for (int y = 0; y < column.Length; y++)
                if (Math.Abs(mirror[y] - column[y]) > 1e-12 * Math.Max(scale, 1e-300))
                    throw new ArgumentException($"T is not symmetric: T[{y}, {s}, {s2}] = {column[y]} but T[{y}, {s2}, {s}] = {mirror[y]}", nameof(t));
            pairs.Add((s, s2, column));
        }
        _a = a.Clone();
        Activation = activation;
        _first = pairs.Select(p => p.S).ToArray();
        _second = pairs.Select(p => p.S2).ToArray();
        _multiplicity = pairs.Select(p => p.S == p.S2 ? 1.0 : 2.0).ToArray();
        _fibres = Matrix<double>.Build.Dense(a.RowCount, pairs.Count, (y, p) => pairs[p].Column[y]);
    }

    private TruncatedMlpFlow(TruncatedMlpFlow other, Activation activation)
    {
        _a = other._a; _fibres = other._fibres; _first = other._first; _second = other._second;
        _multiplicity = other._multiplicity; Activation = activation;
    }

    /// <summary>The activation's (c1, c2).</summary>
    public Activation Activation { get; }

    /// <summary>Number of classes C.</summary>
    public int ClassCount => _a.RowCount;

    /// <summary>Vocabulary (feature) size V.</summary>
    public int VocabularySize => _a.ColumnCount;

    /// <summary>Number of co-occurring unordered pairs s &lt;= s' that carry a fibre of T.</summary>
    public int PairCount => _first.Length;

    /// <summary>The same flow with c2 = 0: the leading order, exp(c1 t B).</summary>
    public TruncatedMlpFlow LeadingOrder() => new(this, Activation.LeadingOrder);

    /// <summary>Q(W_E)[y, r] = sum_{s,s'} T[y,s,s'] W_E[r,s] W_E[r,s'] (C x d), for W_E of shape d x V.</summary>
    public Matrix<double> Q(Matrix<double> embedding)
    {
        CheckEmbedding(embedding);
        int d = embedding.RowCount;
        // One matrix product over pairs: Q = F X with X[p, r] = m_p W_E[r, s_p] W_E[r, s'_p],
        // m_p counting both orders of an off-diagonal pair (T is symmetric).
        var x = Matrix<double>.Build.Dense(PairCount, d, (p, r) => _multiplicity[p] * embedding[r, _first[p]] * embedding[r, _second[p]]);
        return _fibres * x;
    }

    /// <summary>R(W_U, W_E)[r, s] = sum_{y,s'} W_U[y,r] W_E[r,s'] T[y,s',s] (d x V).</summary>
    public Matrix<double> R(Matrix<double> unembedding, Matrix<double> embedding)
    {
        CheckEmbedding(embedding);
        CheckUnembedding(unembedding, embedding.RowCount);
        int d = embedding.RowCount;
        var g = _fibres.TransposeThisAndMultiply(unembedding);   // P x d: (W_U^T T[:, s, s'])_r
        var r = Matrix<double>.Build.Dense(d, VocabularySize);
        for (int p = 0; p < PairCount; p++)
        {
            int s = _first[p], s2 = _second[p];
            for (int k = 0; k < d; k++)
            {
                double gk = g[p, k];
                r[k, s2] += gk * embedding[k, s];                  // the (s, s2) fibre feeds R[:, s2]
                if (s != s2) r[k, s] += gk * embedding[k, s2];     // its mirror (s2, s) feeds R[:, s]
            }
        }
        return r;
    }

    /// <summary>
    /// The truncated rates (dW_E/dt, dW_U/dt) at (W_E, W_U): (c1 W_U^T A + 2 c2 R, c1 A W_E^T + c2 Q).
    /// </summary>
    public (Matrix<double> Embedding, Matrix<double> Unembedding) Rates(Matrix<double> embedding, Matrix<double> unembedding)
    {
        CheckEmbedding(embedding);
        CheckUnembedding(unembedding, embedding.RowCount);
        double c1 = Activation.C1, c2 = Activation.C2;
        var dE = c1 * unembedding.TransposeThisAndMultiply(_a);  // d x V
        var dU = c1 * _a.TransposeAndMultiply(embedding);         // C x d
        if (c2 != 0)
        {
            dE += 2 * c2 * R(unembedding, embedding);
            dU += c2 * Q(embedding);
        }
        return (dE, dU);
    }

    /// <summary>
    /// Integrates the truncated flow with classic RK4 from (W_E(0), W_U(0)) and returns the
    /// weights at each requested time (ascending, &gt;= 0; a time of 0 returns the initial weights).
    /// Each interval between requested times is cut into equal steps no longer than <paramref name="stepSize"/>.
    /// </summary>
    /// <param name="embedding0">W_E(0), d x V.</param>
    /// <param name="unembedding0">W_U(0), C x d.</param>
    /// <param name="times">Flow times, ascending.</param>
    /// <param name="stepSize">Largest RK4 step in flow time; c1 sigma_1 h &lt;= 0.1 keeps the
    /// linear part's relative error per unit time near 1e-7.</param>
    public IReadOnlyList<MlpFlowState> Integrate(Matrix<double> embedding0, Matrix<double> unembedding0, IReadOnlyList<double> times, double stepSize)
    {
        CheckEmbedding(embedding0);
        CheckUnembedding(unembedding0, embedding0.RowCount);
        ArgumentNullException.ThrowIfNull(times);
        if (!(stepSize > 0) || !double.IsFinite(stepSize)) throw new ArgumentException($"step size must be positive and finite; got {stepSize}", nameof(stepSize));
        CheckAscending(times.ToArray(), nameof(times));

        var e = embedding0.Clone();
        var u = unembedding0.Clone();
        double now = 0;
        var states = new List<MlpFlowState>(times.Count);
        foreach (double target in times)
        {
            int steps = (int)Math.Ceiling((target - now) / stepSize - 1e-9);
            double h = steps > 0 ? (target - now) / steps : 0;
            for (int i = 0; i < steps; i++)
            {
                var (ke1, ku1) = Rates(e, u);
                var (ke2, ku2) = Rates(e + 0.5 * h * ke1, u + 0.5 * h * ku1);
                var (ke3, ku3) = Rates(e + 0.5 * h * ke2, u + 0.5 * h * ku2);
                var (ke4, ku4) = Rates(e + h * ke3, u + h * ku3);
                e += (h / 6) * (ke1 + 2 * ke2 + 2 * ke3 + ke4);
                u += (h / 6) * (ku1 + 2 * ku2 + 2 * ku3 + ku4);
            }
            now = target;
            CheckFinite(e, u, now);
            states.Add(new MlpFlowState(now, e.Clone(), u.Clone()));
        }
        return states;
    }

    /// <summary>
    /// The gradient descent counterpart: W &lt;- W + eta * rate(W), one step per training step,
    /// returning the weights after each requested step count (ascending, &gt;= 0) with
    /// Time = k * eta. Full-batch gradient descent with step eta on the embedding MLP follows
    /// this map up to the O(s^3) terms the truncation drops; it tends to <see cref="Integrate"/>
    /// as eta -&gt; 0 with k eta fixed.
    /// </summary>
    public IReadOnlyList<MlpFlowState> Iterate(Matrix<double> embedding0, Matrix<double> unembedding0, IReadOnlyList<int> steps, double learningRate)
    {
        CheckEmbedding(embedding0);
        CheckUnembedding(unembedding0, embedding0.RowCount);
        ArgumentNullException.ThrowIfNull(steps);
        if (!(learningRate > 0) || !double.IsFinite(learningRate)) throw new ArgumentException($"learning rate must be positive and finite; got {learningRate}", nameof(learningRate));
        if (steps.Any(k => k < 0)) throw new ArgumentException("step counts must be >= 0", nameof(steps));
        CheckAscending(steps.Select(k => (double)k).ToArray(), nameof(steps));

        var e = embedding0.Clone();
        var u = unembedding0.Clone();
        int done = 0;
        var states = new List<MlpFlowState>(steps.Count);
        foreach (int target in steps)
        {
            for (; done < target; done++)
            {
                var (de, du) = Rates(e, u);
                e += learningRate * de;
                u += learningRate * du;
            }
            CheckFinite(e, u, done * learningRate);
            states.Add(new MlpFlowState(done * learningRate, e.Clone(), u.Clone()));
        }
        return states;
    }

    private static void CheckAscending(double[] times, string name)
    {
        for (int i = 0; i < times.Length; i++)
        {
            if (!(times[i] >= 0) || !double.IsFinite(times[i])) throw new ArgumentException($"times must be finite and >= 0; got {times[i]}", name);
            if (i > 0 && times[i] < times[i - 1]) throw new ArgumentException($"times must be ascending; got {times[i - 1]} then {times[i]}", name);
        }
    }

    // The truncated flow is a polynomial ODE and blows up in finite time once the weights are
    // O(1): that is where it stops meaning anything, so say so instead of returning infinities.
    private static void CheckFinite(Matrix<double> e, Matrix<double> u, double time)
    {
        if (e.Enumerate().Any(x => !double.IsFinite(x)) || u.Enumerate().Any(x => !double.IsFinite(x)))
            throw new ArithmeticException($"the truncated flow left the finite range by t = {time}: integrate to an earlier time or from a smaller initialisation");
    }

    private void CheckEmbedding(Matrix<double> embedding)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        if (embedding.ColumnCount != VocabularySize || embedding.RowCount == 0)
            throw new ArgumentException($"W_E must be d x V with V = {VocabularySize}; got {embedding.RowCount} x {embedding.ColumnCount}", nameof(embedding));
    }

    private void CheckUnembedding(Matrix<double> unembedding, int d)
    {
        ArgumentNullException.ThrowIfNull(unembedding);
        if (unembedding.RowCount != ClassCount || unembedding.ColumnCount != d)
            throw new ArgumentException($"W_U must be C x d = {ClassCount} x {d}; got {unembedding.RowCount} x {unembedding.ColumnCount}", nameof(unembedding));
    }
}
