using ProbSig.Theory.Flow;
using TorchSharp;
using static TorchSharp.torch;

namespace ProbSig.Empirics.Models;

/// <summary>
/// What a feature model of THEORY 3 is apart from its weights and forward pass: the validated
/// config, its device and its initial scale. The subclasses (<see cref="LinearModel"/>,
/// <see cref="FeedForwardModel"/>) hold the parameters, so a whole architecture still reads
/// in one file.
/// </summary>
public abstract class FeatureModel<TConfig> : nn.Module<Tensor, Tensor>, IFeatureModel
    where TConfig : FeatureModelConfig
{
    /// <summary>The validated settings this model was built from.</summary>
    public TConfig Config { get; }

    /// <inheritdoc/>
    public int FeatureDimension => Config.VocabularySize;

    /// <inheritdoc/>
    public int ClassCount => Config.ClassCount;

    /// <inheritdoc/>
    public int Width => Config.Width;

    /// <inheritdoc/>
    public ScalarType DType => Config.DType;

    /// <inheritdoc/>
    public Device Device { get; }

    /// <summary>The initial scale every weight was drawn with.</summary>
    public InitScale Init { get; }

    /// <inheritdoc/>
    public double InitStd => Init.Std;

    /// <summary>Checks the config (<see cref="FeatureModelConfig.Validate"/>) and resolves the
    /// initial scale and the device.</summary>
    /// <exception cref="ArgumentException">A config field out of range; the message names it and its value.</exception>
    protected FeatureModel(string name, TConfig config) : base(name)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        Init = config.ResolveInit();
        Device = ModelSetup.ToDevice(config.Device);
    }

    /// <summary>Draws the given weight shapes from the config's seed at the initial std.</summary>
    protected Tensor[] DrawWeights(params long[][] shapes) =>
        ModelSetup.DrawNormal(Config.Seed, InitStd, Config.DType, Device, shapes);

    /// <inheritdoc/>
    public abstract double[,] EmbeddingMatrix();

    /// <inheritdoc/>
    public abstract double[,] UnembeddingMatrix();
}
