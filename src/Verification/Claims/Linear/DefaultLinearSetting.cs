namespace ProbSig.Verification.Claims.Linear;

/// <summary>
/// The common ground of claims C1 to C5 (THEORY 5, 6): the default composite addition task
/// seen as a bag of tokens, its signatures and closed-form flow, the linear model of the
/// reference (d = 64, init std 1e-3, float64), and the trained runs the claims share.
/// The task and its signatures are data only (<see cref="TaskPrediction"/>), built once per
/// process; the trained runs are <see cref="TaskTraining"/> records measured through the
/// <see cref="ClaimContext"/>, so that C2 to C5 train each seed once.
/// </summary>
internal sealed class DefaultLinearSetting
{
    private static readonly Lazy<DefaultLinearSetting> Shared = new(() => new DefaultLinearSetting());

    /// <summary>The one instance.</summary>
    public static DefaultLinearSetting Instance => Shared.Value;

    /// <summary>Seeds every claim of C1 to C5 is measured over (five, the house minimum).</summary>
    public static readonly IReadOnlyList<int> Seeds = [0, 1, 2, 3, 4];

    /// <summary>Seeds no claim was tuned or found on: a finding read off <see cref="Seeds"/>
    /// becomes a claim confirmed on these (C18).</summary>
    public static readonly IReadOnlyList<int> FreshSeeds = [5, 6, 7, 8, 9];

    /// <summary>Step size of the trained runs of C2 to C5 (THEORY 6).</summary>
    public const double TrainedLearningRate = 2.0;

    /// <summary>Updates of the trained runs of C2 to C5 (THEORY 6: loss about 0.65 there).</summary>
    public const int TrainedSteps = 3000;

    /// <summary>R_cos and the loss are recorded every this many updates of a trained run:
    /// 121 points along the 3000 steps, enough for the curve, cheap next to the updates.</summary>
    public const int TrainedLogEvery = 25;

    /// <summary>Step size of the C1 runs (THEORY 6): eta sigma_1 = 0.05, so gradient descent
    /// stays close to the flow while it crosses t* in about a hundred steps.</summary>
    public const double FlowLearningRate = 0.5;

    /// <summary>The C1 time course runs to this multiple of t*.</summary>
    public const double FlowHorizonInTStar = 3.0;

    private DefaultLinearSetting()
    {
        Prediction = TaskPrediction.Default;
        Spec = new ModelSpec { Kind = ModelKind.Linear, Width = 64, InitStd = 1e-3, DType = TorchSharp.torch.ScalarType.Float64 };
        Init = InitScale.FromStd(Spec.InitStd!.Value, Spec.Width);
        TStar = Prediction.Flow.EndOfLinearRegime(Init);
        KeyValues = Keys.Select(k => (double)k).ToArray();
        TokenNames = Tokens.Select(t => Prediction.Task.TokenNames[t]).ToArray();
        LabelClasses = Enumerable.Range(0, Prediction.Signatures.ClassCount).Where(y => Prediction.Signatures.ClassMass[y] > 0).ToArray();
        LabelClassNames = LabelClasses.Select(y => Prediction.Task.ClassNames[y]).ToArray();
    }

    /// <summary>The default task's Theory quantities: its task, population, features, signatures and flow.</summary>
    public TaskPrediction Prediction { get; }

    /// <summary>Linear model, d = 64, std 1e-3, float64.</summary>
    public ModelSpec Spec { get; }

    /// <summary>The initial scale of <see cref="Spec"/>.</summary>
    public InitScale Init { get; }

    /// <summary>End of the linear regime t* (flow time; about 50.3 here).</summary>
    public double TStar { get; }

    /// <summary>Key token ids 20..59 (a number's id is its value).</summary>
    public IReadOnlyList<int> Keys => Prediction.Keys;

    /// <summary>Key values, as the ordered-structure metrics take them.</summary>
    public IReadOnlyList<double> KeyValues { get; }

    /// <summary>Tokens with a defined signature: the 40 keys and the 4 anchors (numbers
    /// outside the key range never occur as input).</summary>
    public IReadOnlyList<int> Tokens => Prediction.Tokens;

    /// <summary>Names of <see cref="Tokens"/>.</summary>
    public IReadOnlyList<string> TokenNames { get; }

    /// <summary>Classes that occur as labels (4..69): only these have an output-side signature.</summary>
    public IReadOnlyList<int> LabelClasses { get; }

    /// <summary>Names of <see cref="LabelClasses"/>.</summary>
    public IReadOnlyList<string> LabelClassNames { get; }

    /// <summary>R_cos observer: Pearson of observed and centred label-signature cosine over <see cref="Tokens"/>.</summary>
    public SignatureAgreement Agreement => Prediction.Agreement;

    /// <summary>Training of the C2 to C5 runs: eta = 2, 3000 full-batch steps, logged every 25.</summary>
    public static TrainingConfig TrainedTraining { get; } = new()
    {
        Optimiser = Optimiser.GradientDescent,
        LearningRate = TrainedLearningRate,
        Steps = TrainedSteps,
        LogEvery = TrainedLogEvery,
    };

    /// <summary>The trained run of C2 to C5 for <paramref name="seed"/>, with R_cos recorded.</summary>
    public TaskTraining TrainedExperiment(int seed) => new(Prediction.Task.Config, Spec, TrainedTraining, seed, TaskObserver.SignatureAgreement);

    /// <summary>
    /// The trained run of C2 to C5 for <paramref name="seed"/>, trained on first request and
    /// shared through the context.
    /// </summary>
    public TrainedModel Trained(ClaimContext context, int seed) => context.Measure(TrainedExperiment(seed));

    /// <summary>The trained runs of every seed, trained side by side (see <see cref="SeedParallel"/>).</summary>
    public TrainedModel[] TrainedAll(ClaimContext context, IReadOnlyList<int> seeds) =>
        SeedParallel.Run(seeds, seed => Trained(context, seed));

    /// <summary>Name of the R_cos curve in a trained run.</summary>
    public const string RcosCurve = TaskTraining.RcosCurve;

    /// <summary>Observed cosine of the embedding rows of <paramref name="tokens"/>.</summary>
    public static Matrix<double> EmbeddingCosine(TrainedModel run, IReadOnlyList<int> tokens) =>
        EmbeddingGeometry.Cosine(run.Embedding, tokens);
}
