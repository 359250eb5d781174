namespace ProbSig.Verification.Claims.Linear;

/// <summary>
/// One C1 run: full-batch gradient descent at eta = 0.5 from t = 0 to 3 t*, with the
/// Pearson agreement between observed and closed-form embedding cosine (over keys and
/// anchors) recorded after every update, against both the gradient-descent form
/// (I + eta B)^{2k} and the continuous form cosh(2t sqrt(A^T A)) at t = k eta.
/// </summary>
/// <param name="Steps">Updates after which the agreement was recorded (0, 1, ..., K).</param>
/// <param name="Discrete">Pearson against the gradient-descent closed form at each step (NaN at step 0, where the prediction is I).</param>
/// <param name="Continuous">Pearson against the continuous closed form at t = k eta.</param>
/// <param name="Model">The run itself (with a snapshot at the step nearest t*).</param>
internal sealed record ClosedFormRun(IReadOnlyList<int> Steps, double[] Discrete, double[] Continuous, TrainedModel Model)
{
    /// <summary>The C1 run of <paramref name="seed"/>, computed once per context.</summary>
    public static ClosedFormRun Get(ClaimContext context, int seed) => context.Measure(new ClosedFormTimeCourse(seed));

    /// <summary>The last step of the time course: 3 t* in flow time.</summary>
    public static int HorizonSteps =>
        (int)Math.Ceiling(DefaultLinearSetting.FlowHorizonInTStar * DefaultLinearSetting.Instance.TStar / DefaultLinearSetting.FlowLearningRate);

    /// <summary>The gradient-descent step whose flow time k eta is nearest t*.</summary>
    public static int StepNearestTStar =>
        (int)Math.Round(DefaultLinearSetting.Instance.TStar / DefaultLinearSetting.FlowLearningRate);

    /// <summary>Closed-form cosine over keys and anchors at every step, both forms; the
    /// same for every seed, so built once.</summary>
    public static readonly Lazy<(Matrix<double> Discrete, Matrix<double> Continuous)[]> Predictions = new(() =>
    {
        var s = DefaultLinearSetting.Instance;
        double eta = DefaultLinearSetting.FlowLearningRate;
        return Enumerable.Range(0, HorizonSteps + 1)
            .Select(k => (SimilarityMatrices.Restrict(s.Prediction.Flow.EmbeddingCosine(FlowTime.Steps(k, eta)), s.Tokens),
                          SimilarityMatrices.Restrict(s.Prediction.Flow.EmbeddingCosine(k * eta), s.Tokens)))
            .ToArray();
    });
}

/// <summary>The C1 experiment: the default linear model trained by gradient descent at eta = 0.5
/// to 3 t*, its embedding cosine compared with both closed forms after every update.</summary>
/// <param name="Seed">Seed of the initial weights.</param>
internal sealed record ClosedFormTimeCourse(int Seed) : IExperiment<ClosedFormRun>
{
    /// <summary>Training of the time course: every step logged, a snapshot at the step nearest t*.</summary>
    public static TrainingConfig Training => new()
    {
        Optimiser = Optimiser.GradientDescent,
        LearningRate = DefaultLinearSetting.FlowLearningRate,
        Steps = ClosedFormRun.HorizonSteps,
        LogEvery = 1,
        SnapshotSteps = [ClosedFormRun.StepNearestTStar],
    };

    /// <inheritdoc/>
    public string Describe() =>
        $"{ExperimentText.Model(DefaultLinearSetting.Instance.Spec)} on the default task; {ExperimentText.Training(Training)} (3 t*); "
        + "Pearson against both closed forms after every update";

    /// <inheritdoc/>
    public ClosedFormRun Run(ClaimContext context)
    {
        var s = DefaultLinearSetting.Instance;
        var training = Training;
        int steps = training.Steps;
        context.Report($"C1: gradient descent at eta {training.LearningRate} to 3 t* ({steps} steps), seed {Seed}");
        var discrete = new double[steps + 1];
        var continuous = new double[steps + 1];
        var metric = new PearsonMetric();
        double Observe(int step, double[,] embedding)
        {
            var observed = EmbeddingGeometry.Cosine(embedding, s.Tokens);
            discrete[step] = metric.Measure(observed, ClosedFormRun.Predictions.Value[step].Discrete);
            continuous[step] = metric.Measure(observed, ClosedFormRun.Predictions.Value[step].Continuous);
            return discrete[step];
        }
        var model = TrainedModel.Train(s.Prediction.Population, s.Prediction.Features, s.Spec, training, Seed, context.Device, Observe, "closed_form_pearson");
        return new ClosedFormRun(Enumerable.Range(0, steps + 1).ToArray(), discrete, continuous, model);
    }
}
