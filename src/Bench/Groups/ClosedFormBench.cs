using System.Diagnostics;
using MathNet.Numerics.LinearAlgebra;
using ProbSig.Bench.Measurement;
using ProbSig.Bench.Rows;
using ProbSig.Theory.Flow;
using ProbSig.Theory.Tasks;
using ProbSig.Theory.Populations;

namespace ProbSig.Bench.Groups;

/// <summary>
/// The closed-form linear regime (THEORY 3.1: signatures, the flow's SVD, Theta(t*) from one
/// initialisation) at V = 256, 1024 and 4096 tokens beside RK4 integrating the same ODE from the
/// same Theta(0) to the same time, with as many steps as it needs to agree with the closed form
/// to a relative 1e-8 (from RK4's exact error on the fastest-growing mode, <see cref="Rk4Flow.StepsFor"/>;
/// checked by integrating the whole run against the closed form at the sizes where that is cheap). The task is composite addition
/// over V - 4 numbers with keys 16..V - 15 (so every label k + a_1 + a_2 stays in range), so every size is the default task, widened.
/// </summary>
public sealed class ClosedFormBench : IBenchGroup
{
    /// <summary>RK4 counts as matching when ||Theta_rk4 - Theta_closed|| / ||Theta_closed|| is at most this.</summary>
    public const double Tolerance = 1e-8;

    /// <summary>The V = 4096 target: the closed form under this many seconds.</summary>
    public const double LargestSeconds = 10;

    /// <inheritdoc/>
    public string Name => "closed-form";

    /// <inheritdoc/>
    public string Description => "closed-form prediction at V = 256, 1024, 4096 beside RK4 of the same flow to the same accuracy";

    /// <summary>Vocabulary sizes of a scale.</summary>
    internal static int[] Sizes(BenchScale scale) => scale == BenchScale.Smoke ? [40, 48] : [256, 1024, 4096];

    /// <inheritdoc/>
    public IReadOnlyList<BenchRow> Measure(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rows = new List<BenchRow>();
        var sizes = Sizes(context.Options.Scale);
        var times = new List<double>();
        foreach (int v in sizes)
        {
            var (closed, rk4, steps, error, t) = Measure(v, context);
            times.Add(closed);
            bool largest = v == sizes[^1] && !context.Options.Smoke;
            var target = largest
                ? new BenchTarget($"< {LargestSeconds:0} s and >= 50x RK4") { RatioAtLeast = 50, ValueAtMost = LargestSeconds }
                : BenchTarget.Ratio(50, "RK4");
            rows.Add(new BenchRow($"closed-form-v{v}", Name, $"closed form, V = {v}", closed, "s", Better.Lower,
                "RK4, same flow and accuracy", rk4, null, target,
                $"signatures + SVD + Theta(t*) for d = 64; RK4 (libtorch float64) to t* = {t:0.##}: {steps} steps for relative error {Tolerance:0e+0} by its error law on sigma_1 " +
                (error is { } e ? $"(whole run integrated: error {e:0.0e+0})" : $"(timed on {Math.Min(steps, TimedSteps)} steps, scaled)")));
        }
        if (sizes.Length >= 2)
        {
            double exponent = PowerLaw.Exponent(sizes.Select(s => (double)s).ToArray(), times);
            rows.Add(new BenchRow("closed-form-scaling", Name, $"closed-form time against V ({string.Join(", ", sizes)})", exponent, "exponent", Better.Neither,
                "dense SVD's cubic law", 3.0, null, null, "fitted exponent b of time ~ V^b; the thin SVD of the C x V matrix A is O(V^3)"));
        }
        return rows;
    }

    private static (double Closed, double Rk4, int Steps, double? Error, double T) Measure(int v, BenchContext context)
    {
        int numbers = v - 4;
        var config = new CompositeAdditionConfig { Numbers = numbers, KeyMin = 16, KeyMax = numbers - 11 };
        // The task alone: TaskPrediction would also build the flow and its agreement observer,
        // the very work timed below, and keep them for the process (gigabytes at V = 4096).
        var task = CompositeAdditionTask.Create(config);
        var p = (Population: task.Population, Features: FeatureMap.Counts(task.VocabularySize));
        const int width = 64;
        var init = InitScale.FromStd(1e-3, width);
        var draw = new MathNet.Numerics.Distributions.Normal(0, 1e-3, new Random(v));
        var we0 = Matrix<double>.Build.Random(width, p.Population.VocabularySize, draw);
        var wu0 = Matrix<double>.Build.Random(p.Population.ClassCount, width, draw);

        context.Log($"  V = {v}: closed form");
        var clock = Stopwatch.StartNew();
        var prediction = LinearRegimePrediction.Compute(p.Population, p.Features, init);
        double t = prediction.HasEndOfLinearRegime ? prediction.EndOfLinearRegime : 5 / prediction.Sigma1;
        var closed = prediction.Flow.Propagate(t, we0, wu0);
        double closedSeconds = clock.Elapsed.TotalSeconds;

        var theta0 = we0.Transpose().Stack(wu0);
        using var rk4 = new Rk4Flow(prediction.Signatures.A);
        int steps = Rk4Flow.StepsFor(prediction.Sigma1 * t, Tolerance);
        // RK4's cost is linear in its steps: time a few and scale, so V = 4096 stays minutes, not
        // an hour; the whole run is integrated where it is cheap, and must then agree with the closed form.
        bool whole = v <= WholeRunUpTo || context.Options.Smoke;
        int timed = whole ? steps : Math.Min(steps, TimedSteps);
        context.Log($"  V = {v}: closed form {closedSeconds:0.00} s; RK4 needs {steps} steps, timing {timed}");
        clock.Restart();
        var integrated = rk4.Integrate(theta0, whole ? t : t * timed / steps, timed);
        double rk4Seconds = clock.Elapsed.TotalSeconds * steps / timed;
        context.Log($"  V = {v}: RK4 {clock.Elapsed.TotalSeconds:0.00} s for {timed} steps");
        double? error = whole ? (integrated - closed).FrobeniusNorm() / closed.FrobeniusNorm() : null;
        if (error is { } e && !(e <= 2 * Tolerance))
            throw new InvalidOperationException($"RK4 with {steps} steps missed the closed form at V = {v} by {e:0.0e+0}, beyond RK4's own error law ({Tolerance:0e+0}): one of the two is wrong");
        return (closedSeconds, rk4Seconds, steps, error, t);
    }

    /// <summary>Sizes integrated over the whole run (and checked against the closed form); above, RK4 is timed on <see cref="TimedSteps"/> steps.</summary>
    private const int WholeRunUpTo = 256;

    /// <summary>Steps timed where the whole run is not integrated.</summary>
    private const int TimedSteps = 16;
}
