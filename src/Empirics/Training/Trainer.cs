using System.Diagnostics;
using ProbSig.Empirics.Models;
using ProbSig.Theory.Populations;
using TorchSharp;
using static TorchSharp.torch;

namespace ProbSig.Empirics.Training;

/// <summary>
/// Trains a feature model on a population with the loss E[-log softmax(z)_Y] (THEORY 3),
/// weighted by the population's sample weights. One readable loop: every update runs in
/// its own dispose scope, and only plain numbers leave it.
/// </summary>
public sealed class Trainer
{
    /// <summary>The validated settings.</summary>
    public TrainingConfig Config { get; }

    /// <summary>Checks <paramref name="config"/>.</summary>
    /// <exception cref="ArgumentException">A config field out of range; the message names it and its value.</exception>
    public Trainer(TrainingConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
    }

    /// <summary>
    /// Trains <paramref name="model"/> on <paramref name="population"/> seen through
    /// <paramref name="featureMap"/>. Curves are recorded at <see cref="TrainingConfig.LoggedSteps"/>:
    /// population loss and accuracy, and <paramref name="observer"/>(step, embedding D x d) as
    /// the curve <paramref name="observerName"/>.
    /// </summary>
    /// <exception cref="TrainingDivergedException">A loss became NaN or infinite.</exception>
    /// <exception cref="ArgumentException">The model's sizes do not match the population or the map.</exception>
    public TrainingResult Train<TModel>(TModel model, Population population, FeatureMap featureMap,
        Func<int, double[,], double>? observer = null, string observerName = "observer",
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
        where TModel : nn.Module<Tensor, Tensor>, IFeatureModel
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(population);
        ArgumentNullException.ThrowIfNull(featureMap);
        if (population.ClassCount != model.ClassCount)
            throw new ArgumentException($"the population has {population.ClassCount} classes, the model {model.ClassCount}", nameof(population));
        using var scope = NewDisposeScope();
        var (features, labels, weights) = FeatureTensors.FromPopulation(population, featureMap, model.DType, model.Device);
        return Train(model, features, labels, weights, observer, observerName, progress, cancellationToken);
    }

    /// <summary>
    /// Trains on prepared tensors: features [N, D], labels [N] (int64), weights [N] summing
    /// to 1, on the model's device and in its dtype (see <see cref="FeatureTensors"/>).
    /// </summary>
    /// <exception cref="TrainingDivergedException">A loss became NaN or infinite.</exception>
    public TrainingResult Train<TModel>(TModel model, Tensor features, Tensor labels, Tensor weights,
        Func<int, double[,], double>? observer = null, string observerName = "observer",
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
        where TModel : nn.Module<Tensor, Tensor>, IFeatureModel
    {
        ArgumentNullException.ThrowIfNull(model);
        if (features.dim() != 2 || features.shape[1] != model.FeatureDimension)
            throw new ArgumentException($"features have shape [{string.Join(", ", features.shape)}]; the model expects [N, {model.FeatureDimension}]", nameof(features));
        if (features.dtype != model.DType || weights.dtype != model.DType)
            throw new ArgumentException($"features are {features.dtype} and weights {weights.dtype}; the model is {model.DType}", nameof(features));
        if (features.device.type != model.Device.type || labels.device.type != model.Device.type || weights.device.type != model.Device.type)
            throw new ArgumentException($"features, labels and weights must be on the model's device {model.Device}", nameof(features));
        if (labels.dtype != ScalarType.Int64)
            throw new ArgumentException($"labels are {labels.dtype}; they must be Int64", nameof(labels));
        long n = features.shape[0];
        if (labels.shape.Length != 1 || labels.shape[0] != n || weights.shape.Length != 1 || weights.shape[0] != n)
            throw new ArgumentException($"labels [{string.Join(", ", labels.shape)}] and weights [{string.Join(", ", weights.shape)}] must both be [{n}]", nameof(labels));
        if (observer is not null && string.IsNullOrWhiteSpace(observerName))
            throw new ArgumentException("the observer needs a curve name", nameof(observerName));

        var clock = Stopwatch.StartNew();
        var logged = Config.LoggedSteps();
        var logSet = new HashSet<int>(logged);
        var snapshotSet = new SortedSet<int>(Config.SnapshotSteps);
        var loss = new List<double>(logged.Count);
        var accuracy = new List<double>(logged.Count);
        var observed = observer is null ? null : new List<double>(logged.Count);
        var snapshots = new List<TrainingSnapshot>(snapshotSet.Count);
        double? lastFinite = null;

        void Record(int step)
        {
            if (logSet.Contains(step))
            {
                var (l, a) = Evaluate(model, features, labels, weights);
                if (!double.IsFinite(l)) throw new TrainingDivergedException(step, l, lastFinite);
                lastFinite = l;
                loss.Add(l);
                accuracy.Add(a);
                observed?.Add(observer!(step, model.EmbeddingMatrix()));
            }
            if (snapshotSet.Contains(step))
                snapshots.Add(new TrainingSnapshot(step, model.EmbeddingMatrix(), model.UnembeddingMatrix()));
        }

        using var outer = NewDisposeScope();
        using var sampler = Config.BatchSize is null ? null : new Generator(unchecked((ulong)Config.Seed), torch.CPU);
        var samplingWeights = Config.BatchSize is null ? null : weights.detach().to(ScalarType.Float64, torch.CPU);
        var optimiser = CreateOptimiser(model.parameters());
        try
        {
            model.train();
            Record(0);
            for (int step = 1; step <= Config.Steps; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                double stepLoss;
                using (var stepScope = NewDisposeScope())
                {
                    optimiser.zero_grad();
                    Tensor objective;
                    if (sampler is null)
                    {
                        // The exact population expectation: gradient flow discretised.
                        objective = WeightedCrossEntropy(model.call(features), labels, weights);
                    }
                    else
                    {
                        // Draws by weight, so the plain batch mean is unbiased for the expectation.
                        var index = torch.multinomial(samplingWeights!, Config.BatchSize!.Value, replacement: true, generator: sampler)
                            .to(features.device);                                            // (B)
                        var logits = model.call(features.index_select(0, index));           // (B, C)
                        objective = nn.functional.cross_entropy(logits, labels.index_select(0, index));
                    }
                    stepLoss = objective.ToDouble();
                    if (!double.IsFinite(stepLoss)) throw new TrainingDivergedException(step, stepLoss, lastFinite);
                    objective.backward();
                    optimiser.step();
                }
                lastFinite = stepLoss;
                progress?.Report(new TrainingProgress(step, stepLoss));
                Record(step);
            }
        }
        finally
        {
            (optimiser as IDisposable)?.Dispose();
        }

        var curves = new Dictionary<string, IReadOnlyList<double>>();
        if (observed is not null) curves[observerName] = observed;
        return new TrainingResult
        {
            Config = Config,
            LoggedSteps = logged,
            Loss = loss,
            Accuracy = accuracy,
            Curves = curves,
            Snapshots = snapshots,
            Elapsed = clock.Elapsed,
        };
    }

    /// <summary>sum_i w_i (-log softmax(z_i)_{y_i}): the population loss when w sums to 1.</summary>
    /// <param name="logits">[N, C].</param>
    /// <param name="labels">[N], int64.</param>
    /// <param name="weights">[N].</param>
    public static Tensor WeightedCrossEntropy(Tensor logits, Tensor labels, Tensor weights) =>
        nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.None).mul(weights).sum();

    /// <summary>Population loss and accuracy of <paramref name="model"/>, without gradients.</summary>
    public static (double Loss, double Accuracy) Evaluate(nn.Module<Tensor, Tensor> model, Tensor features, Tensor labels, Tensor weights)
    {
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();
        var logits = model.call(features);                                   // (N, C)
        double loss = WeightedCrossEntropy(logits, labels, weights).ToDouble();
        double accuracy = logits.argmax(1).eq(labels).to(weights.dtype).mul(weights).sum().ToDouble();
        return (loss, accuracy);
    }

    private optim.Optimizer CreateOptimiser(IEnumerable<TorchSharp.Modules.Parameter> parameters) => Config.Optimiser switch
    {
        Optimiser.AdamW => torch.optim.AdamW(parameters, lr: Config.LearningRate, beta1: Config.Beta1, beta2: Config.Beta2,
            eps: Config.Epsilon, weight_decay: Config.WeightDecay),
        // Plain SGD, no momentum, no weight decay: W <- W - eta grad.
        _ => torch.optim.SGD(parameters, Config.LearningRate),
    };
}
