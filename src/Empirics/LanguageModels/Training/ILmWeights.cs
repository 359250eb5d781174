using TorchSharp;
using static TorchSharp.torch;

namespace ProbSig.Empirics.LanguageModels.Training;

/// <summary>How a model's weights reach and leave a checkpoint folder.</summary>
public interface ILmWeights
{
    /// <summary>The files <see cref="Save"/> writes (not carried over from older checkpoints).</summary>
    IReadOnlyCollection<string> Files { get; }

    /// <summary>Writes the weights into <paramref name="dir"/>.</summary>
    void Save(string dir);

    /// <summary>Loads the weights saved in <paramref name="dir"/> into the model, exactly.</summary>
    void Load(string dir);
}

/// <summary>
/// Every parameter of a module, by its state-dict name, as float32 in one safetensors file:
/// for models with no Hugging Face layout of their own (test models). Exact for float32 models.
/// </summary>
public sealed class StateDictWeights(nn.Module module, string fileName = "weights.safetensors") : ILmWeights
{
    /// <inheritdoc/>
    public IReadOnlyCollection<string> Files => [fileName];

    /// <inheritdoc/>
    public void Save(string dir)
    {
        using var scope = NewDisposeScope();
        var tensors = module.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().to(ScalarType.Float32));
        TrainingStateFile.Write(Path.Combine(dir, fileName), tensors);
    }

    /// <inheritdoc/>
    public void Load(string dir)
    {
        var saved = TrainingStateFile.Read(Path.Combine(dir, fileName));
        try
        {
            using var noGrad = no_grad();
            foreach (var (name, p) in module.named_parameters())
            {
                if (!saved.TryGetValue(name, out var t)) throw new InvalidDataException($"{Path.Combine(dir, fileName)}: no tensor \"{name}\"");
                if (!t.shape.SequenceEqual(p.shape)) throw new InvalidDataException($"{Path.Combine(dir, fileName)}: \"{name}\" has shape [{string.Join(", ", t.shape)}], the model [{string.Join(", ", p.shape)}]");
                p.copy_(t);
            }
        }
        finally { foreach (var t in saved.Values) t.Dispose(); }
    }
}
