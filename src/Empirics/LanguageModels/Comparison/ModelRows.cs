using ProbSig.Empirics.Checkpoints;
using ProbSig.Empirics.Checkpoints.HuggingFace;
using ProbSig.Empirics.Models;
using TorchSharp;

namespace ProbSig.Empirics.LanguageModels.Comparison;

/// <summary>
/// The embedding and unembedding of a Qwen2-layout checkpoint folder, read without building
/// the model: only model.embed_tokens.weight and (when untied) lm_head.weight are read,
/// float32 on the CPU, so a 0.5B checkpoint costs two V x d tensors of memory.
/// </summary>
/// <param name="Config">config.json's settings.</param>
/// <param name="Embedding">model.embed_tokens.weight (V, d).</param>
/// <param name="Unembedding">lm_head.weight (V, d), or the embedding itself when tied.</param>
public sealed record ModelRows(Qwen2Config Config, torch.Tensor Embedding, torch.Tensor Unembedding)
{
    public const string EmbeddingName = "model.embed_tokens.weight";
    public const string HeadName = "lm_head.weight";

    /// <summary>Whether the unembedding is the embedding.</summary>
    public bool Tied => Config.TieWordEmbeddings;

    /// <summary>Reads the rows of the checkpoint in <paramref name="dir"/>.</summary>
    /// <exception cref="CheckpointException">A missing folder, config or tensor, or a shape that disagrees with config.json; the message names it.</exception>
    public static ModelRows Read(string dir)
    {
        Runtime.TorchRuntime.Initialise();
        var config = Qwen2Checkpoint.ReadConfig(dir);
        var weights = SafeTensorsWeights.Open(dir);
        var embedding = Tensor(weights, EmbeddingName, config);
        var unembedding = config.TieWordEmbeddings ? embedding : Tensor(weights, HeadName, config);
        return new ModelRows(config, embedding, unembedding);
    }

    private static torch.Tensor Tensor(SafeTensorsWeights weights, string name, Qwen2Config config)
    {
        if (!weights.ByTensor.TryGetValue(name, out var header))
            throw new CheckpointException(weights.Description, $"tensor {name} is missing" + (name == HeadName ? " (config.json says the head is untied)" : ""));
        long[] expected = [config.VocabSize, config.HiddenSize];
        var shape = header[name].Shape;
        if (!shape.SequenceEqual(expected))
            throw new CheckpointException(header.File, $"tensor {name} has shape [{string.Join(", ", shape)}] but config.json implies [{string.Join(", ", expected)}]");
        try
        {
            return SafeTensorsFile.ReadTensor(header, name, torch.ScalarType.Float32);
        }
        catch (SafeTensorsException e)
        {
            throw new CheckpointException(header.File, e.Message, e);
        }
    }
}
