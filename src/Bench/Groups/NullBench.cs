using System.Diagnostics;
using MathNet.Numerics.LinearAlgebra;
using ProbSig.Bench.Measurement;
using ProbSig.Bench.Rows;
using ProbSig.Theory.Geometry;
using ProbSig.Theory.Metrics;

namespace ProbSig.Bench.Groups;

/// <summary>
/// The permutation nulls every claim reports: <c>PermutationNull.Compare</c> over N = 2048
/// tokens with 199 draws for every metric of <see cref="MetricSet.Default"/> (Kendall's tau on
/// its own 19, as the claims run it) and the agreement curve, beside the generic path that
/// permutes the prediction and scores each metric afresh (<c>PermutationNull.Test</c>): the
/// straightforward null the table-driven one replaces, timed per draw on a few draws and
/// scaled to the same draw counts.
/// </summary>
public sealed class NullBench : IBenchGroup
{
    /// <inheritdoc/>
    public string Name => "nulls";

    /// <inheritdoc/>
    public string Description => "permutation nulls, 199 draws, N = 2048, every metric, beside the generic rescoring path";

    /// <inheritdoc/>
    public IReadOnlyList<BenchRow> Measure(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        bool smoke = context.Options.Smoke;
        int n = smoke ? 64 : 2048, genericDraws = smoke ? 1 : 2;
        var rng = new Random(7);
        var latent = Matrix<double>.Build.Dense(n, 16, (_, _) => rng.NextDouble() - 0.5);
        var noise = Matrix<double>.Build.Dense(n, 16, (_, _) => 0.5 * (rng.NextDouble() - 0.5));
        var observed = RowCosine.Of(latent);
        var predicted = RowCosine.Of(latent + noise);
        var options = new ComparisonOptions();

        context.Log($"  table-driven nulls: N = {n}, {options.Permutations} draws ({options.KendallPermutations} for Kendall)");
        var clock = Stopwatch.StartNew();
        var comparison = PermutationNull.Compare(observed, predicted, options);
        double ours = clock.Elapsed.TotalSeconds;

        double generic = 0;
        var perMetric = new List<string>();
        foreach (var metric in options.Metrics)
        {
            context.Log($"  generic path: {metric.Name}, {genericDraws} draws");
            clock.Restart();
            PermutationNull.Test(metric, observed, predicted, genericDraws, options.Seed);
            // Test scores the identity too: genericDraws + 1 evaluations of the metric.
            double perDraw = clock.Elapsed.TotalSeconds / (genericDraws + 1);
            int draws = metric is KendallTauMetric ? options.KendallPermutations : options.Permutations;
            generic += perDraw * (draws + 1);
            perMetric.Add($"{metric.Name} {perDraw:0.###} s");
        }
        return
        [
            new BenchRow("nulls-2048", Name, $"permutation nulls, N = {n}, every metric", ours, "s", Better.Lower,
                "generic path (permute, rescore)", generic, null, null,
                $"{comparison.Metrics.Count} metrics + agreement curve, {options.Permutations} draws ({options.KendallPermutations} for Kendall); generic per draw: {string.Join(", ", perMetric)}, times the same draw counts"),
        ];
    }
}
