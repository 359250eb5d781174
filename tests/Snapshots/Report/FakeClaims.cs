using ProbSig.Verification.Claims;
using ProbSig.Theory.Metrics;
using ProbSig.Verification.Figures;

namespace ProbSig.Tests.Snapshots.Report;

/// <summary>
/// Claims with fixed results, so that the report can be tested without training: the
/// real claims plug into the same runner.
/// </summary>
internal sealed class FakeClaim(ClaimDefinition definition, Func<ClaimDefinition, ClaimResult> run) : IClaim
{
    public ClaimDefinition Definition { get; } = definition;

    public int Runs { get; private set; }

    public ClaimResult Run(ClaimContext context)
    {
        Runs++;
        context.Report("seed 1/2 training...");
        return run(Definition);
    }

    public IClaim WithSeeds(IReadOnlyList<int> seeds) => new FakeClaim(Definition with { Seeds = seeds.ToArray() }, run);

    /// <summary>The same claim, its definition stating a null at level 0.01 (what puts it in the report's multiplicity family).</summary>
    public FakeClaim StatingANull() => new(Definition with { Null = new NullTest("token identities permuted", 0.01, 999) }, run);

    public static ClaimDefinition Define(string id, double limit, Bound side = Bound.AtLeast) => new(
        id, $"fake claim {id}", $"Statement of {id}: observed cosines follow the signatures.",
        ProbSig.Verification.Experiments.ExperimentPlan.Text("tiny task, linear model, d = 8"), "Spearman(observed, predicted), mean over seeds",
        new Tolerance(side, limit, $"per-seed 0.81, 0.83 over seeds 0,1; limit {limit} leaves a margin"),
        [0, 1]);

    /// <summary>A claim measuring <paramref name="measured"/> with a heatmap pair, a plot and a matrix.</summary>
    public static FakeClaim Measuring(string id, double measured, double limit, Bound side = Bound.AtLeast) =>
        new(Define(id, limit, side), def => new ClaimResult
        {
            Claim = def,
            Measured = measured,
            PerSeed = [measured - 0.01, measured + 0.01],
            Null = new PermutationResult("spearman", measured, 0.01, 0.05, 0.001, 999),
            Details = new Dictionary<string, double> { ["precision@0.05"] = 0.9, ["undefined"] = double.NaN },
            Artifacts = Artifacts(id),
            Finding = $"{id}: the fake finding.",
        });

    /// <summary>A claim whose experiment throws.</summary>
    public static FakeClaim Throwing(string id) =>
        new(Define(id, 0.5), _ => throw new InvalidOperationException("the fake experiment broke"));

    public static readonly string[] Tokens = ["20", "21", "22", "23", "24", "25", "26", "27", "A1", "A2", "A3", "A4"];

    /// <summary>The default task's tokens: keys 20..59 and anchors A1..A4.</summary>
    public static readonly string[] ManyTokens = [.. Enumerable.Range(20, 40).Select(k => k.ToString()), "A1", "A2", "A3", "A4"];

    public static IReadOnlyList<Artifact> Artifacts(string id)
    {
        var observed = Cosines(Tokens.Length, 0.9);
        var predicted = Cosines(Tokens.Length, 1.0);
        observed[0, 11] = observed[11, 0] = double.NaN;
        return
        [
            new HeatmapPairArtifact("key_cosine", $"{id} key cosine",
                new MatrixArtifact("observed", "embedding cosine", Tokens, Tokens, observed),
                new MatrixArtifact("predicted", "label-signature cosine", Tokens, Tokens, predicted)),
            new PlotArtifact("time_course", "agreement against time", "flow time t", "Pearson",
                [new Series("seed 0", [0, 1, 2, 3], [0.1, 0.5, 0.9, 0.7]), new Series("seed 1", [0, 1, 2, 3], [0.2, 0.6, 0.8, 0.6])]),
            new HeatmapPairArtifact("default_task_cosine", $"{id} cosine over 44 tokens (labels at a small font)",
                new MatrixArtifact("observed", "embedding cosine", ManyTokens, ManyTokens, Cosines(ManyTokens.Length, 0.8)),
                new MatrixArtifact("predicted", "label-signature cosine", ManyTokens, ManyTokens, Cosines(ManyTokens.Length, 1.0))),
            new MatrixArtifact("unembedding_cosine", "unembedding cosine", ["0", "1", "2"], ["0", "1", "2"],
                new double[,] { { 1, 0.5, -0.25 }, { 0.5, 1, 0.125 }, { -0.25, 0.125, 1 } }),
        ];
    }

    /// <summary>A smooth cosine-like matrix: entries fall with index distance, ones on the diagonal.</summary>
    private static double[,] Cosines(int n, double scale)
    {
        var m = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                m[i, j] = i == j ? 1 : scale * Math.Cos(Math.PI * Math.Abs(i - j) / (n - 1));
        return m;
    }
}
