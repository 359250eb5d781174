using static ProbSig.Verification.Claims.ClaimFigures;
using static ProbSig.Verification.Claims.Language.LanguageModelFigures;

namespace ProbSig.Verification.Claims.Language;

/// <summary>
/// C10: the untied model's unembedding rows (lm_head.weight) against the previous-token
/// (output-side) signatures m_y(s) = P(x_t = s | x_{t+1} = y), with the next-token signature
/// as the contrast the theory says should fit the unembedding worse.
/// </summary>
internal sealed class UnembeddingPreviousTokenClaim : IClaim
{
    public ClaimDefinition Definition { get; } = new(
        "C10",
        "LM unembeddings follow previous-token signatures",
        "In the untied model, the cosine between output vectors (rows of lm_head.weight) ranks token pairs like the cosine between their "
        + "previous-token signatures, far above the token-permutation null.",
        LanguageModelClaims.Experiment,
        "Spearman(observed cosine of centred unembedding rows, centred previous-token signature cosine) over the top-1024 tokens' pairs; "
        + "precision@1%, curve, and the same against the next-token signature in the details",
        new Tolerance(Bound.AtLeast, Limit, LanguageModelClaims.Rationale["C10"]),
        [LanguageModelScale.Cpu.ModelSeed]);

    /// <summary>See the rationale: 0.10 below the lowest seed (C12: 0.026).</summary>
    private const double Limit = 0.33;

    public ClaimResult Run(ClaimContext context)
    {
        var scale = LanguageModelSetting.Scale(context);
        var corpus = LanguageModelSetting.Corpus(context, scale);
        var c = LanguageModelSetting.Compare(context, scale, tied: false, unembedding: true, "previous");
        var contrast = LanguageModelSetting.Compare(context, scale, tied: false, unembedding: true, "next");
        var details = new Dictionary<string, double>();
        Add(details, "", c);
        details["spearman_vs_next_signature"] = contrast["spearman"].Observed;
        var spearman = c["spearman"];
        return new ClaimResult
        {
            Claim = Definition,
            Measured = spearman.Observed,
            PerSeed = [spearman.Observed],
            Null = spearman,
            Details = details,
            Artifacts =
            [
                Heatmaps("c10_unembedding_vs_previous", "C10: unembedding cosine vs previous-token signature cosine (most frequent tokens)", corpus,
                    LanguageModelSetting.Observed(context, scale, false, true), LanguageModelSetting.Reference(context, scale, "previous").Cosine),
                Curve("c10_agreement_curve", "C10: mean unembedding cosine per decile of previous-token signature cosine", c),
            ],
            Finding = $"{Describe(spearman, "Spearman")}; {Describe(c["strong_pair_precision"], "precision@1%")}; {TopDeciles(c)}; "
                + $"against the next-token signature instead: Spearman {F(contrast["spearman"].Observed)}.",
        };
    }
}
