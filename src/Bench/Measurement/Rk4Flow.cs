using MathNet.Numerics.LinearAlgebra;
using static TorchSharp.torch;

namespace ProbSig.Bench.Measurement;

/// <summary>
/// The closed form's independent rival: classic RK4 on the same linear-regime flow,
/// dW_E^T/dt = A^T W_U, dW_U/dt = A W_E^T (THEORY 3.1, <c>LinearFlow.Propagate</c>'s ODE), in
/// float64 with libtorch's products, so the integrator is as fast as this machine makes dense
/// products and the comparison is not against a slow loop.
/// </summary>
public sealed class Rk4Flow : IDisposable
{
    private readonly Tensor a;    // C x V
    private readonly Tensor aT;   // V x C, contiguous
    private readonly int v;

    /// <summary>The flow of the C x V matrix <paramref name="a"/>.</summary>
    public Rk4Flow(Matrix<double> a)
    {
        ArgumentNullException.ThrowIfNull(a);
        v = a.ColumnCount;
        this.a = tensor(a.ToRowMajorArray(), [a.RowCount, a.ColumnCount], ScalarType.Float64);
        aT = this.a.t().contiguous();
    }

    /// <summary>Theta(t) = [W_E(t)^T; W_U(t)] ((V + C) x d) after <paramref name="steps"/> equal RK4 steps from Theta(0).</summary>
    public Matrix<double> Integrate(Matrix<double> theta0, double t, int steps)
    {
        ArgumentNullException.ThrowIfNull(theta0);
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), steps, "at least one step");
        using var scope = NewDisposeScope();
        var theta = tensor(theta0.ToRowMajorArray(), [theta0.RowCount, theta0.ColumnCount], ScalarType.Float64);
        double h = t / steps;
        for (int i = 0; i < steps; i++)
        {
            using var stepScope = NewDisposeScope();
            var k1 = Rate(theta);
            var k2 = Rate(theta + k1 * (h / 2));
            var k3 = Rate(theta + k2 * (h / 2));
            var k4 = Rate(theta + k3 * h);
            theta = (theta + (k1 + k2 * 2 + k3 * 2 + k4) * (h / 6)).MoveToOuterDisposeScope();
        }
        var rows = (double[,])theta.data<double>().ToNDArray();
        return Matrix<double>.Build.DenseOfArray(rows);
    }

    /// <summary>
    /// The fewest equal RK4 steps over flow time t whose relative error on the mode growing like
    /// e^{sigma_1 t} is at most <paramref name="tolerance"/>, with x = sigma_1 t. The flow is
    /// linear with constant coefficients and its modes grow like e^{+-sigma_k t}, so RK4's error
    /// is exact per mode: n steps multiply a mode by R(z)^n, R(z) = 1 + z + z^2/2 + z^3/6 + z^4/24,
    /// z = sigma h, against e^{sigma t}; the fastest-growing mode has the largest |z| and so the
    /// largest relative error.
    /// </summary>
    public static int StepsFor(double x, double tolerance)
    {
        if (!(x >= 0) || !double.IsFinite(x)) throw new ArgumentOutOfRangeException(nameof(x), x, "sigma_1 t must be finite and non-negative");
        if (!(tolerance > 0)) throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "the tolerance must be positive");
        for (int n = 1; n < 1 << 24; n = n < 16 ? n + 1 : (int)Math.Ceiling(n * 1.05))
            if (RelativeError(x, n) <= tolerance) return Refine(x, n, tolerance);
        throw new ArgumentOutOfRangeException(nameof(x), x, $"RK4 cannot reach {tolerance} for sigma_1 t = {x}");
    }

    /// <summary>|R(x/n)^n e^{-x} - 1|, RK4's relative error on the mode e^{x}, in log space so large x does not overflow.</summary>
    public static double RelativeError(double x, int n)
    {
        double z = x / n;
        double r = 1 + z + z * z / 2 + z * z * z / 6 + z * z * z * z / 24;
        return Math.Abs(Math.Exp(n * Math.Log(r) - x) - 1);
    }

    // The coarse search steps by 5%: walk back to the fewest steps that still meet the tolerance.
    private static int Refine(double x, int n, double tolerance)
    {
        while (n > 1 && RelativeError(x, n - 1) <= tolerance) n--;
        return n;
    }

    // d/dt [W_E^T; W_U] = [A^T W_U; A W_E^T].
    private Tensor Rate(Tensor theta)
    {
        var we = theta.narrow(0, 0, v);
        var wu = theta.narrow(0, v, theta.shape[0] - v);
        return cat([aT.mm(wu), a.mm(we)], 0);
    }

    /// <summary>Frees the tensors.</summary>
    public void Dispose()
    {
        a.Dispose();
        aT.Dispose();
    }
}
