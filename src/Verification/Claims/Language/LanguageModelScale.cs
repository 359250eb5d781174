namespace ProbSig.Verification.Claims.Language;

/// <summary>
/// Sizes of the language-model claims (C9 to C14) at one scale: model preset, tokenizer,
/// compared tokens, training length and the null's cost. Every LM claim shares one corpus
/// and at most two models (one untied, one tied) built from these settings.
/// </summary>
/// <param name="Preset">Qwen2 preset name (Qwen2Config.Preset).</param>
/// <param name="Vocabulary">Size of the byte-level BPE trained on the whole Brown corpus.</param>
/// <param name="TopTokens">Compare the N most frequent tokens of the training genre set.</param>
/// <param name="Steps">Optimiser steps per model.</param>
/// <param name="BatchSize">Sequences per step.</param>
/// <param name="SequenceLength">Tokens per sequence (windows cut inside one document).</param>
/// <param name="LearningRate">Peak AdamW learning rate (warm-up, then cosine decay).</param>
/// <param name="Window">Offsets counted for the windowed signatures (uniform weights).</param>
/// <param name="Permutations">Permutation draws of each null.</param>
/// <param name="KendallPermutations">Draws of Kendall's null (a sort per draw).</param>
/// <param name="ModelSeed">Seed of the initial weights and the batch order of both models.</param>
public sealed record LanguageModelScale(
    string Preset, int Vocabulary, int TopTokens, int Steps, int BatchSize, int SequenceLength,
    double LearningRate, int Window, int Permutations, int KendallPermutations, int ModelSeed)
{
    /// <summary>The CPU scale of `verify --scale cpu` and the tests.</summary>
    public static LanguageModelScale Cpu { get; } = new("cpu-tiny", 4096, 1024, 400, 16, 64, 3e-3, 3, 199, 9, 0);
}
