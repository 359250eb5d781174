using ProbSig.Empirics.Claims.Language;
using ProbSig.Empirics.Claims.Network;

namespace ProbSig.Empirics.Claims;

/// <summary>
/// Claims C9 to C14: Qwen2-architecture language models trained on the Brown corpus against
/// the corpus's probability signatures (THEORY 3.4). Every claim shares one corpus state and
/// two models, one untied and one tied, trained once per process (see
/// <see cref="LanguageModelSetting"/>). Tolerances and their rationale live here, beside the
/// measurements they come from.
/// </summary>
public static class LanguageModelClaims
{
    /// <summary>The claims of this file.</summary>
    public static IReadOnlyList<IClaim> All() =>
    [
        new CpuTimedClaim(new EmbeddingNextTokenClaim()),
        new CpuTimedClaim(new UnembeddingPreviousTokenClaim()),
        new CpuTimedClaim(new DigitOrderClaim()),
        new CpuTimedClaim(new GenreSignatureClaim()),
        new CpuTimedClaim(new TiedEmbeddingClaim()),
        new CpuTimedClaim(new PpmiRivalClaim()),
    ];

    /// <summary>What is trained and measured, shared by C9 to C14.</summary>
    internal static string Experiment
    {
        get
        {
            var s = LanguageModelScale.Cpu;
            return $"Brown corpus: a {s.Vocabulary}-token byte-level BPE trained on all 500 samples; models trained on the informative-prose genres "
                + $"({string.Join(", ", GenreSplit.Training)}; about 1.26 M tokens). Qwen2 preset {s.Preset} (width 128, 2 blocks, 4 heads over 2 key-value heads), "
                + $"untied and tied, init std 0.02, seed {s.ModelSeed}; AdamW lr {s.LearningRate} (5% warm-up, cosine to a tenth), betas 0.9/0.95, weight decay 0.01, "
                + $"clip 1, {s.Steps} steps of {s.BatchSize} x {s.SequenceLength} tokens, float32 CPU. Compared: the top {s.TopTokens} tokens of the training text; "
                + $"observed = cosine of mean-centred rows; signatures centred by their pair-weighted mean row; null = {s.Permutations} token-identity permutations.";
        }
    }

    internal static readonly IReadOnlyDictionary<string, string> Statement = new Dictionary<string, string>
    {
        ["C11"] = "PENDING",
        ["C13"] = "PENDING",
        ["C14"] = "PENDING",
    };

    internal static readonly IReadOnlyDictionary<string, string> Rationale = new Dictionary<string, string>
    {
        ["C9"] = "PENDING",
        ["C10"] = "PENDING",
        ["C12"] = "PENDING",
    };

    internal static readonly IReadOnlyDictionary<string, Tolerance> Tolerances = new Dictionary<string, Tolerance>
    {
        ["C11"] = new(Bound.AtLeast, 0, "PENDING"),
        ["C13"] = new(Bound.AtLeast, 0, "PENDING"),
        ["C14"] = new(Bound.AtLeast, 0, "PENDING"),
    };
}
