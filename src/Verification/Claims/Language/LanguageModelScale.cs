namespace ProbSig.Verification.Claims.Language;

/// <summary>
/// Sizes of the language-model claims at one scale: model preset, tokenizer, compared
/// tokens, training length, the held-out share and the null's cost. Every record of the LM
/// experiments carries one, so a scale with another <see cref="ModelSeed"/> is another
/// training run (its models, its comparisons) and the corpus state is shared between seeds.
/// </summary>
/// <param name="Preset">Qwen2 preset name (Qwen2Config.Preset).</param>
/// <param name="Vocabulary">Size of the byte-level BPE trained on the whole Brown corpus.</param>
/// <param name="TopTokens">Compare the N most frequent tokens of the training documents.</param>
/// <param name="Steps">Optimiser steps per model.</param>
/// <param name="BatchSize">Sequences per step.</param>
/// <param name="SequenceLength">Tokens per sequence (windows cut inside one document).</param>
/// <param name="LearningRate">Peak AdamW learning rate (warm-up, then cosine decay).</param>
/// <param name="Window">Offsets counted for the windowed signatures (uniform weights).</param>
/// <param name="Permutations">Permutation draws of each null.</param>
/// <param name="KendallPermutations">Draws of Kendall's null (a sort per draw); below 199 its p is reported, never asserted.</param>
/// <param name="ModelSeed">Seed of the initial weights and the batch order of the models.</param>
public sealed record LanguageModelScale(
    string Preset, int Vocabulary, int TopTokens, int Steps, int BatchSize, int SequenceLength,
    double LearningRate, int Window, int Permutations, int KendallPermutations, int ModelSeed)
{
    /// <summary>The CPU scale of `verify --scale cpu` and the tests.</summary>
    public static LanguageModelScale Cpu { get; } = new("cpu-tiny", 4096, 1024, 400, 16, 64, 3e-3, 3, 199, 9, 0);

    /// <summary>The paper scale of `verify --scale paper` (CUDA): the paper preset (width 512, 8
    /// blocks), a 16,384-token BPE trained on the corpus, the 2048 most frequent tokens
    /// compared (THEORY 3.4's default), 20,000 steps of 32 x 512 tokens (about 330 M tokens:
    /// many epochs of Brown, a real run on a Pile subset).</summary>
    public static LanguageModelScale Paper { get; } = new("paper", 16384, 2048, 20000, 32, 512, 1e-3, 3, 199, 9, 0);

    /// <summary>The longer CPU scale (`verify --scale cpu-long`): the CPU scale trained 25 times
    /// longer, 10,000 steps (about 11 epochs of the training documents; about 20 minutes per
    /// model pair on two cores), so that a user without a GPU can see whether the CPU figures
    /// are early-training artefacts.</summary>
    public static LanguageModelScale CpuLong { get; } = Cpu with { Steps = 10000 };

    /// <summary>The scale of a claim scale, on <paramref name="corpus"/> when one is given.</summary>
    public static LanguageModelScale Of(ClaimScale scale, Empirics.Corpus.SourceDescription? corpus = null) =>
        (scale switch { ClaimScale.Paper => Paper, ClaimScale.CpuLong => CpuLong, _ => Cpu }) with { Corpus = corpus };

    /// <summary>The corpus the models train on: null for Brown (its informative-prose genres
    /// train, its imaginative prose is the other genres' text), or a Pile file with the subsets
    /// that train (the rest of the file is the other genres' text).</summary>
    public Empirics.Corpus.SourceDescription? Corpus { get; init; }

    /// <summary>"Brown" or the Pile source's id, for the report.</summary>
    public string CorpusName => Corpus?.Id ?? "brown";

    /// <summary>Share of the training genres' tokens held out (whole documents) for C12's own-genre signatures.</summary>
    public double HeldOutFraction { get; init; } = 0.25;

    /// <summary>Frequency strata of the null: the compared tokens, most frequent first, in this
    /// many consecutive bins of equal size (64 tokens each at N = 1024), so that every draw
    /// keeps each token's frequency class and a frequency effect cannot beat it.</summary>
    public int FrequencyStrata { get; init; } = 16;

    /// <summary>Points of the agreement-over-training curve after step 0, evenly spaced to the last step.</summary>
    public int CurvePoints { get; init; } = 8;

    /// <summary>The steps the curve is measured at: 0, then <see cref="CurvePoints"/> evenly spaced steps ending at <see cref="Steps"/>.</summary>
    public IReadOnlyList<int> CurveSteps => [0, .. Enumerable.Range(1, CurvePoints).Select(k => (int)Math.Round((double)k * Steps / CurvePoints)).Distinct()];

    /// <summary>The same scale for another training seed.</summary>
    public LanguageModelScale ForSeed(int seed) => this with { ModelSeed = seed };

    /// <summary>The corpus does not depend on the model seed: one corpus state serves every seed.</summary>
    public LanguageModelScale CorpusKey => this with { ModelSeed = 0 };
}
