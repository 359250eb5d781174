using TorchSharp;

namespace ProbSig.Verification.Claims.Language;

/// <summary>What the LM claims keep of one trained model: copies of its embedding and
/// unembedding (V x d, float32, CPU; the same tensor's copy twice when tied) before and
/// after training, the loss curve and the cost.</summary>
public sealed class TrainedLanguageModel
{
    /// <summary>model.embed_tokens.weight.</summary>
    public required torch.Tensor Embedding { get; init; }

    /// <summary>lm_head.weight, or the embedding when tied.</summary>
    public required torch.Tensor Unembedding { get; init; }

    /// <summary>model.embed_tokens.weight before the first step (the untrained-model rival).</summary>
    public required torch.Tensor InitialEmbedding { get; init; }

    /// <summary>lm_head.weight before the first step (the embedding's when tied).</summary>
    public required torch.Tensor InitialUnembedding { get; init; }

    /// <summary>The training seed (initial weights and batch order).</summary>
    public required int Seed { get; init; }

    /// <summary>Whether the head is tied to the embedding.</summary>
    public required bool Tied { get; init; }

    /// <summary>Training loss (nats per token), mean over each logged interval of 10 steps.</summary>
    public required IReadOnlyList<double> Loss { get; init; }

    /// <summary>Mean loss of the last 20 steps (two logged intervals).</summary>
    public double FinalLoss => Loss.Skip(Math.Max(0, Loss.Count - 2)).Average();

    /// <summary>The compared tokens' embedding and unembedding rows at step 0 and at the
    /// scale's evenly spaced points of training (the agreement-over-training curve).</summary>
    public IReadOnlyList<WeightSnapshot> Snapshots { get; init; } = [];

    /// <summary>Wall-clock seconds of training.</summary>
    public required double Seconds { get; init; }

    /// <summary>Tokens seen.</summary>
    public required long Tokens { get; init; }
}

/// <summary>The compared tokens' rows of one model at one step (N x d, in the compared order).</summary>
/// <param name="Step">Optimiser steps taken (0: the initial weights).</param>
/// <param name="Embedding">Rows of model.embed_tokens.weight.</param>
/// <param name="Unembedding">Rows of lm_head.weight (the embedding's when tied).</param>
public sealed record WeightSnapshot(int Step, Matrix<double> Embedding, Matrix<double> Unembedding);
