using ProbSig.Verification.Claims;

namespace ProbSig.Verification.Experiments;

/// <summary>What a training run records along the way besides loss and accuracy.</summary>
public enum TaskObserver
{
    /// <summary>Nothing else.</summary>
    None,

    /// <summary>R_cos (<see cref="TaskPrediction.Agreement"/>), as the curve "R_cos".</summary>
    SignatureAgreement,

    /// <summary>Pearson of the observed cosine of keys and anchors against the gradient-descent
    /// closed form (I + eta B)^{2k} at the same step, as the curve "closed-form pearson"
    /// (NaN at step 0, where the prediction is the identity).</summary>
    ClosedFormAgreement,
}

/// <summary>
/// One model trained on the exact population of a composite addition task (THEORY 3, 5):
/// the task, the model, the optimiser and the seed, by value. <see cref="Predict"/> gives
/// the task's Theory quantities, <see cref="Run"/> the trained model, Empirics' twin.
/// </summary>
/// <param name="Task">The task's parameters (value equality: equal tasks share runs).</param>
/// <param name="Model">Architecture, widths, initial scale and precision.</param>
/// <param name="Training">Optimiser, step size, steps and logging (its own seed is replaced by <paramref name="Seed"/>).</param>
/// <param name="Seed">Seed of the initial weights (and of any minibatches).</param>
/// <param name="Observer">What is recorded along training.</param>
public sealed record TaskTraining(CompositeAdditionConfig Task, ModelSpec Model, TrainingConfig Training, int Seed,
    TaskObserver Observer = TaskObserver.None) : IExperiment<TrainedModel>
{
    /// <summary>Name of the R_cos curve.</summary>
    public const string RcosCurve = "R_cos";

    /// <summary>Name of the closed-form agreement curve.</summary>
    public const string ClosedFormCurve = "closed-form pearson";

    /// <summary>The task's prediction (data only, shared by every run of the task).</summary>
    public TaskPrediction Predict() => TaskPrediction.Of(Task);

    /// <inheritdoc/>
    public TrainedModel Run(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Report($"training {ExperimentText.Model(Model)} on the {ExperimentText.Task(Task)}, {ExperimentText.Training(Training)}, seed {Seed}");
        var p = Predict();
        var (observer, name) = Observer switch
        {
            TaskObserver.SignatureAgreement => (p.Agreement.Observer, RcosCurve),
            TaskObserver.ClosedFormAgreement => (ClosedFormObserver(p), ClosedFormCurve),
            _ => ((Func<int, double[,], double>?)null, "observer"),
        };
        return TrainedModel.Train(p.Population, p.Features, Model, Training, Seed, context.Device, observer, name);
    }

    /// <inheritdoc/>
    public string Describe()
    {
        var task = ExperimentText.Task(Task);
        return $"{char.ToUpperInvariant(task[0])}{task[1..]} ({ExperimentText.Features}); {ExperimentText.Model(Model)}; {ExperimentText.Training(Training)}"
        + Observer switch
        {
            TaskObserver.SignatureAgreement => $"; R_cos (Pearson, centred, keys and anchors) recorded every {Training.LogEvery} steps",
            TaskObserver.ClosedFormAgreement => $"; Pearson against the gradient-descent closed form recorded every {Training.LogEvery} steps",
            _ => "",
        };
    }

    /// <summary>Pearson of the observed key-and-anchor cosine against the closed form of the
    /// same step; the predictions of the logged steps are built once, up front.</summary>
    private Func<int, double[,], double> ClosedFormObserver(TaskPrediction p)
    {
        var tokens = p.Task.KeyTokens.Concat(p.Task.AnchorTokens).ToArray();
        var predicted = Training.LoggedSteps().Where(k => k > 0)
            .ToDictionary(k => k, k => SimilarityMatrices.Restrict(p.Flow.EmbeddingCosine(FlowTime.Steps(k, Training.LearningRate)), tokens));
        var metric = new PearsonMetric();
        return (step, embedding) => step == 0 ? double.NaN : metric.Measure(EmbeddingGeometry.Cosine(embedding, tokens), predicted[step]);
    }
}
