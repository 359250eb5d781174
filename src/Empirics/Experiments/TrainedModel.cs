using ProbSig.Empirics.Models;
using ProbSig.Empirics.Training;
using ProbSig.Theory.Populations;
using TorchSharp;

namespace ProbSig.Empirics.Experiments;

/// <summary>
/// A finished training run: the final embedding (one row per input feature) and
/// unembedding (one row per class), the initial ones, and the curves and snapshots.
/// </summary>
public sealed record TrainedModel(
    ModelSpec Spec,
    long Seed,
    double[,] InitialEmbedding,
    double[,] InitialUnembedding,
    double[,] Embedding,
    double[,] Unembedding,
    TrainingResult Result)
{
    /// <summary>
    /// Builds the model of <paramref name="spec"/> with <paramref name="seed"/>, trains it on
    /// <paramref name="population"/> and returns the matrices. The model is disposed.
    /// </summary>
    public static TrainedModel Train(Population population, FeatureMap features, ModelSpec spec, TrainingConfig training,
        long seed, string device = "cpu", Func<int, double[,], double>? observer = null, string observerName = "observer",
        IProgress<TrainingProgress>? progress = null)
    {
        Runtime.TorchRuntime.Initialise();
        var model = spec.Build(features.Dimension, population.ClassCount, seed, device);
        try
        {
            var e0 = model.EmbeddingMatrix();
            var u0 = model.UnembeddingMatrix();
            var trainer = new Trainer(training with { Seed = seed });
            TrainingResult result = model switch
            {
                LinearModel linear => trainer.Train(linear, population, features, observer, observerName, progress),
                FeedForwardModel ffn => trainer.Train(ffn, population, features, observer, observerName, progress),
                _ => throw new InvalidOperationException($"no trainer for {model.GetType().Name}"),
            };
            return new TrainedModel(spec, seed, e0, u0, model.EmbeddingMatrix(), model.UnembeddingMatrix(), result);
        }
        finally
        {
            (model as IDisposable)?.Dispose();
        }
    }
}
