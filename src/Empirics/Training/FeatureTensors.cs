using ProbSig.Theory.Populations;
using TorchSharp;
using static TorchSharp.torch;

namespace ProbSig.Empirics.Training;

/// <summary>Dense tensors of a population under a feature map: the trainer's input.</summary>
public static class FeatureTensors
{
    /// <summary>
    /// phi(X) of every sample as a dense [N, D] matrix, the labels [N] (int64) and the
    /// normalised sample weights [N] (summing to 1), in <paramref name="dtype"/> on
    /// <paramref name="device"/> (CPU when null). The tensors join the caller's dispose scope.
    /// </summary>
    /// <exception cref="ArgumentException">The feature map's vocabulary differs from the population's.</exception>
    public static (Tensor Features, Tensor Labels, Tensor Weights) FromPopulation(
        Population population, FeatureMap featureMap, ScalarType dtype = ScalarType.Float64, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(population);
        ArgumentNullException.ThrowIfNull(featureMap);
        if (featureMap.VocabularySize != population.VocabularySize)
            throw new ArgumentException(
                $"the feature map has vocabulary {featureMap.VocabularySize}, the population {population.VocabularySize}", nameof(featureMap));
        int n = population.Samples.Count, dim = featureMap.Dimension;
        var phi = new double[(long)n * dim];
        var labels = new long[n];
        var weights = new double[n];
        for (int i = 0; i < n; i++)
        {
            var sample = population.Samples[i];
            foreach (var (index, value) in featureMap.Features(sample.Tokens))
                phi[(long)i * dim + index] = value;
            labels[i] = sample.Label;
            weights[i] = sample.Weight;
        }
        device ??= torch.CPU;
        return (
            torch.tensor(phi, new long[] { n, dim }, dtype: ScalarType.Float64).to(dtype, device),   // (N, D)
            torch.tensor(labels, dtype: ScalarType.Int64).to(device),                                 // (N)
            torch.tensor(weights, dtype: ScalarType.Float64).to(dtype, device));                       // (N)
    }
}
