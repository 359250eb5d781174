using TorchSharp;

namespace ProbSig.Verification.Claims.Language;

/// <summary>What the LM claims keep of one trained model: copies of its embedding and
/// unembedding (V x d, float32, CPU; the same tensor's copy twice when tied), the loss
/// curve and the cost.</summary>
public sealed class TrainedLanguageModel
{
    /// <summary>model.embed_tokens.weight.</summary>
    public required torch.Tensor Embedding { get; init; }

    /// <summary>lm_head.weight, or the embedding when tied.</summary>
    public required torch.Tensor Unembedding { get; init; }

    /// <summary>Whether the head is tied to the embedding.</summary>
    public required bool Tied { get; init; }

    /// <summary>Training loss (nats per token), mean over each logged interval of 10 steps.</summary>
    public required IReadOnlyList<double> Loss { get; init; }

    /// <summary>Mean loss of the last 20 steps (two logged intervals).</summary>
    public double FinalLoss => Loss.Skip(Math.Max(0, Loss.Count - 2)).Average();

    /// <summary>Wall-clock seconds of training.</summary>
    public required double Seconds { get; init; }

    /// <summary>Tokens seen.</summary>
    public required long Tokens { get; init; }
}
