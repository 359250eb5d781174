namespace ProbSig.Theory.Flow;

/// <summary>
/// How far along the linear regime (THEORY 3.1) a quantity is taken: continuous flow time t
/// (<see cref="Continuous"/>), or k full-batch gradient descent steps of size eta
/// (<see cref="Steps"/>), which is flow time t = k * eta while eta sigma_1 &lt;&lt; 1.
/// <para>Every quantity of <see cref="LinearFlow"/> is a function of the growth of each
/// singular mode, and that growth is all that differs between the two: a mode of B with
/// eigenvalue +sigma is multiplied, over the second moments, by g+ = e^{2 sigma t} under the
/// flow and by (1 + eta sigma)^{2k} under gradient descent; its partner (-sigma) by
/// g- = e^{-2 sigma t} or (1 - eta sigma)^{2k}. The expected Grams take the even part
/// (g+ + g-) / 2 (cosh(2 sigma t) for the flow) and the odd part (g+ - g-) / 2 (sinh).
/// So each quantity is written once over this type, and each growth once here.</para>
/// </summary>
public abstract record FlowTime
{
    // Only the two forms below: LinearFlow's exactness relies on them.
    private protected FlowTime() { }

    /// <summary>Continuous flow time t.</summary>
    /// <exception cref="ArgumentOutOfRangeException">t is negative or not finite.</exception>
    public static FlowTime Continuous(double t) => new ContinuousTime(t);

    /// <summary>k full-batch gradient descent steps of size eta: exact for any eta in the
    /// linear regime (no eta sigma_1 &lt;&lt; 1 needed).</summary>
    /// <exception cref="ArgumentOutOfRangeException">steps is negative, or lr is not positive and finite.</exception>
    public static FlowTime Steps(int steps, double lr) => new GradientDescentSteps(steps, lr);

    /// <summary>The flow time this corresponds to: t itself, or k * eta.</summary>
    public abstract double Time { get; }

    /// <summary>log g+: the log of the growth factor of a mode with singular value sigma,
    /// 2 sigma t or 2k log(1 + eta sigma). At sigma_1 it is the scale that keeps the
    /// rescaled kernels finite.</summary>
    public abstract double LogGrowth(double sigma);

    /// <summary>log((g+ + g-) / 2), without overflow for any time: the log of a mode's weight
    /// in the embedding kernel (log cosh(2 sigma t) for the flow).</summary>
    public abstract double LogEvenGrowth(double sigma);

    /// <summary>(g+ + g-) / 2 - 1, accurate when small: a mode's weight in the expected Grams
    /// beyond the identity (cosh(2 sigma t) - 1 for the flow). Overflows for large times.</summary>
    public abstract double EvenGrowthMinusOne(double sigma);

    /// <summary>(g+ - g-) / 2: a mode's weight in the expected cross Gram E[W_U W_E]
    /// (sinh(2 sigma t) for the flow). Overflows for large times.</summary>
    public abstract double OddGrowth(double sigma);
}

/// <summary>Continuous flow time t &gt;= 0 (<see cref="FlowTime.Continuous"/>).</summary>
public sealed record ContinuousTime : FlowTime
{
    /// <summary>The flow time t.</summary>
    public double T { get; }

    internal ContinuousTime(double t)
    {
        if (!double.IsFinite(t) || t < 0)
            throw new ArgumentOutOfRangeException(nameof(t), t, "the flow time t must be finite and non-negative");
        T = t;
    }

    /// <inheritdoc/>
    public override double Time => T;

    /// <inheritdoc/>
    public override double LogGrowth(double sigma) => 2 * sigma * T;

    /// <inheritdoc/>
    public override double LogEvenGrowth(double sigma) => SpectralKernel.LogCosh(2 * sigma * T);

    /// <inheritdoc/>
    public override double EvenGrowthMinusOne(double sigma) => SpectralKernel.CoshMinusOne(2 * sigma * T);

    /// <inheritdoc/>
    public override double OddGrowth(double sigma) => Math.Sinh(2 * sigma * T);
}

/// <summary>k gradient descent steps of size eta (<see cref="FlowTime.Steps"/>); flow time k * eta.</summary>
public sealed record GradientDescentSteps : FlowTime
{
    /// <summary>Number of steps k &gt;= 0.</summary>
    public int Count { get; }

    /// <summary>Step size eta &gt; 0.</summary>
    public double LearningRate { get; }

    internal GradientDescentSteps(int steps, double lr)
    {
        if (steps < 0)
            throw new ArgumentOutOfRangeException(nameof(steps), steps, "the number of gradient descent steps must be non-negative");
        if (!double.IsFinite(lr) || lr <= 0)
            throw new ArgumentOutOfRangeException(nameof(lr), lr, "the learning rate must be positive and finite");
        Count = steps;
        LearningRate = lr;
    }

    /// <inheritdoc/>
    public override double Time => Count * LearningRate;

    /// <inheritdoc/>
    public override double LogGrowth(double sigma) => 2.0 * Count * double.LogP1(LearningRate * sigma);

    /// <inheritdoc/>
    /// <remarks>With x = eta sigma: 2k log(1 + x) + log((1 + rho^{2k}) / 2), rho = |1 - x| / (1 + x) &lt;= 1,
    /// so nothing overflows.</remarks>
    public override double LogEvenGrowth(double sigma)
    {
        double x = LearningRate * sigma;
        double rho = Math.Abs(1 - x) / (1 + x);
        return 2.0 * Count * double.LogP1(x) + Math.Log((1 + Math.Pow(rho, 2.0 * Count)) / 2);
    }

    /// <inheritdoc/>
    /// <remarks>Through expm1, accurate when the result is small.</remarks>
    public override double EvenGrowthMinusOne(double sigma) => 0.5 * (PlusMinusOne(sigma) + MinusMinusOne(sigma));

    /// <inheritdoc/>
    public override double OddGrowth(double sigma) => 0.5 * (PlusMinusOne(sigma) - MinusMinusOne(sigma));

    // (1 + x)^{2k} - 1.
    private double PlusMinusOne(double sigma) => double.ExpM1(2.0 * Count * double.LogP1(LearningRate * sigma));

    // (1 - x)^{2k} - 1; for x >= 1 the log of 1 - x does not exist, and (x - 1)^{2k} is the same even power.
    private double MinusMinusOne(double sigma)
    {
        double x = LearningRate * sigma, n = 2.0 * Count;
        return x < 1 ? double.ExpM1(n * double.LogP1(-x)) : Math.Pow(x - 1, n) - 1;
    }
}
