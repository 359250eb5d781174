using ProbSig.Verification.Claims.Language;
using static ProbSig.Verification.Claims.Language.LanguageModelFigures;

namespace ProbSig.Verification.Claims.Pretrained;

/// <summary>The measurements of C23 to C26 (see <see cref="PretrainedEmbeddingClaims"/>), each over its seeds.</summary>
internal static class PretrainedClaimMeasures
{
    /// <summary>C23: GloVe against the windowed two-sided signature minus against the next-token one.</summary>
    public static ClaimMeasurement GloveWindow(ClaimDefinition claim, ClaimContext context)
    {
        var f = new LmSeedFigures();
        foreach (int seed in claim.Seeds)
        {
            var glove = PretrainedSetting.Glove(context, seed);
            var windowed = glove.Compare(glove.Windowed);
            double next = glove.Spearman("next");
            double measured = windowed["spearman"].Observed - next;
            bool first = f.First;
            var rivals = glove.Rivals(f.SeedDetails);
            f.Add(measured, windowed["spearman"], rivals);
            f.Differences.Add(DifferenceBootstrap.Beats(claim, "windowed_minus_next", seed, glove.Tokens.Observed,
                glove.Reference(glove.Windowed).Cosine, glove.Reference("next").Cosine));
            f.Details[$"difference_seed{seed}"] = measured;
            if (!first) continue;
            Coverage(f.Details, "brown_", glove.Counts());
            f.Details["windowed_spearman"] = windowed["spearman"].Observed;
            f.Details["windowed_spearman_p"] = windowed["spearman"].PValue;
            f.Details["windowed_precision1pct"] = windowed["strong_pair_precision"].Observed;
            f.Details["next_spearman"] = next;
            f.Details["previous_spearman"] = glove.Spearman("previous");
            f.Details["next_previous_offset1_spearman"] = glove.Spearman("next+previous");
            f.Artifacts.Add(Heatmaps("c23_glove_vs_windowed", $"C23: GloVe cosine vs Brown's windowed two-sided signature cosine (seed {seed})", glove, glove.Windowed));
            f.Artifacts.Add(Curve("c23_agreement_curve", $"C23: mean GloVe cosine per decile of the windowed signature cosine (seed {seed})", windowed));
            f.Finding = $"seed {seed}: GloVe against Brown's windowed two-sided signature {Describe(windowed["spearman"], "Spearman")}, against the next-token "
                + $"signature {F(next)} (difference {F(measured)}); previous-token {F(f.Details["previous_spearman"])}, both at offset 1 "
                + $"{F(f.Details["next_previous_offset1_spearman"])}; rivals: frequency {F(rivals[PretrainedReference.Frequency])}, best centred PPMI-SVD "
                + $"{F(rivals[LanguageModelRivals.BestPpmi])}; {CoverageText(glove.Counts())}.";
        }
        return f.Measurement();
    }

    /// <summary>C24: MiniLM's word pieces against next+previous minus the better of the two alone.</summary>
    public static ClaimMeasurement MiniLmBothSides(ClaimDefinition claim, ClaimContext context)
    {
        var f = new LmSeedFigures();
        foreach (int seed in claim.Seeds)
        {
            var minilm = PretrainedSetting.MiniLm(context, seed);
            var both = minilm.Compare("next+previous");
            double next = minilm.Spearman("next"), previous = minilm.Spearman("previous");
            double measured = both["spearman"].Observed - Math.Max(next, previous);
            bool first = f.First;
            var rivals = minilm.Rivals(f.SeedDetails);
            f.Add(measured, both["spearman"], rivals);
            f.Differences.Add(DifferenceBootstrap.Beats(claim, "both_minus_best_side", seed, minilm.Tokens.Observed,
                minilm.Reference("next+previous").Cosine, minilm.Reference("next").Cosine, minilm.Reference("previous").Cosine));
            f.Details[$"difference_seed{seed}"] = measured;
            if (!first) continue;
            Coverage(f.Details, "brown_", minilm.Counts());
            f.Details["both_spearman"] = both["spearman"].Observed;
            f.Details["both_spearman_p"] = both["spearman"].PValue;
            f.Details["next_spearman"] = next;
            f.Details["previous_spearman"] = previous;
            f.Artifacts.Add(Heatmaps("c24_minilm_vs_both", $"C24: MiniLM word-piece cosine vs Brown's next+previous signature cosine (seed {seed})", minilm, "next+previous"));
            f.Artifacts.Add(Curve("c24_agreement_curve", $"C24: mean MiniLM cosine per decile of the next+previous signature cosine (seed {seed})", both));
            f.Finding = $"seed {seed}: MiniLM's word pieces against Brown's next+previous signature {Describe(both["spearman"], "Spearman")}, next alone {F(next)}, "
                + $"previous alone {F(previous)} (difference {F(measured)}); rivals: frequency {F(rivals[PretrainedReference.Frequency])}, best centred PPMI-SVD "
                + $"{F(rivals[LanguageModelRivals.BestPpmi])}; {CoverageText(minilm.Counts())}.";
        }
        return f.Measurement();
    }

    /// <summary>C25: each source's predicted signature minus its best centred PPMI-SVD rival; the smaller of the two.</summary>
    public static ClaimMeasurement PpmiRival(ClaimDefinition claim, ClaimContext context)
    {
        var f = new LmSeedFigures();
        var signatures = new List<double>();
        var rivalsBest = new List<double>();
        foreach (int seed in claim.Seeds)
        {
            var glove = PretrainedSetting.Glove(context, seed);
            var minilm = PretrainedSetting.MiniLm(context, seed);
            var gloveSignature = glove.Compare(glove.Windowed);
            var minilmSignature = minilm.Compare("next+previous");
            var scratch = new Dictionary<string, double>();
            var gloveRival = glove.BestPpmi(f.First ? f.Details : scratch, "glove_");
            var minilmRival = minilm.BestPpmi(f.First ? f.Details : scratch, "minilm_");
            double gloveDifference = gloveSignature["spearman"].Observed - gloveRival.Spearman;
            double minilmDifference = minilmSignature["spearman"].Observed - minilmRival.Spearman;
            double measured = Math.Min(gloveDifference, minilmDifference);
            bool first = f.First;
            f.Add(measured, gloveSignature["spearman"]);
            f.Differences.Add(DifferenceBootstrap.Beats(claim, "glove", seed, glove.Tokens.Observed,
                glove.Reference(glove.Windowed).Cosine, glove.Reference(gloveRival.Name).Cosine));
            f.Differences.Add(DifferenceBootstrap.Beats(claim, "minilm", seed, minilm.Tokens.Observed,
                minilm.Reference("next+previous").Cosine, minilm.Reference(minilmRival.Name).Cosine));
            signatures.Add(gloveSignature["spearman"].Observed);
            rivalsBest.Add(gloveRival.Spearman);
            f.Details[$"glove_difference_seed{seed}"] = gloveDifference;
            f.Details[$"minilm_difference_seed{seed}"] = minilmDifference;
            if (!first) continue;
            f.Details["glove_signature_spearman"] = gloveSignature["spearman"].Observed;
            f.Details["minilm_signature_spearman"] = minilmSignature["spearman"].Observed;
            f.Details["minilm_signature_spearman_p"] = minilmSignature["spearman"].PValue;
            f.Artifacts.Add(Heatmaps("c25_glove_vs_ppmi_svd", $"C25: GloVe cosine vs the best centred PPMI-SVD rival ({gloveRival.Name}, seed {seed})",
                glove, gloveRival.Name));
            f.Finding = $"seed {seed}: GloVe: windowed signature {F(gloveSignature["spearman"].Observed)} against the best centred PPMI-SVD {gloveRival.Name} "
                + $"{F(gloveRival.Spearman)} (difference {F(gloveDifference)}); MiniLM: next+previous {F(minilmSignature["spearman"].Observed)} against "
                + $"{minilmRival.Name} {F(minilmRival.Spearman)} (difference {F(minilmDifference)}).";
        }
        return f.Measurement(new Dictionary<string, double>
        {
            [ClaimMeasurement.SignatureFigure] = signatures.Average(),
            [LanguageModelRivals.BestPpmi] = rivalsBest.Average(),
        });
    }

    /// <summary>C26: GloVe against SOTU's windowed signature minus against Brown's, over tokens frequent in both.</summary>
    public static ClaimMeasurement LargerCorpus(ClaimDefinition claim, ClaimContext context)
    {
        var f = new LmSeedFigures();
        var sotuFigures = new List<double>();
        var brownFigures = new List<double>();
        foreach (int seed in claim.Seeds)
        {
            var setting = PretrainedSetting.GloveBrownSotu(context, seed);
            var sotu = setting.Compare(setting.Windowed, PretrainedScale.Sotu);
            double brown = setting.Spearman(setting.Windowed, PretrainedScale.Brown);
            double measured = sotu["spearman"].Observed - brown;
            bool first = f.First;
            f.Add(measured, sotu["spearman"]);
            f.Differences.Add(DifferenceBootstrap.Beats(claim, "sotu_minus_brown", seed, setting.Tokens.Observed,
                setting.Reference(setting.Windowed, PretrainedScale.Sotu).Cosine, setting.Reference(setting.Windowed, PretrainedScale.Brown).Cosine));
            sotuFigures.Add(sotu["spearman"].Observed);
            brownFigures.Add(brown);
            f.Details[$"difference_seed{seed}"] = measured;
            if (!first) continue;
            var brownCounts = setting.Counts(PretrainedScale.Brown);
            var sotuCounts = setting.Counts(PretrainedScale.Sotu);
            Coverage(f.Details, "brown_", brownCounts);
            Coverage(f.Details, "sotu_", sotuCounts);
            f.Details["sotu_spearman"] = sotu["spearman"].Observed;
            f.Details["sotu_spearman_p"] = sotu["spearman"].PValue;
            f.Details["brown_spearman"] = brown;
            f.Details["sotu_next_spearman"] = setting.Spearman("next", PretrainedScale.Sotu);
            f.Details["brown_next_spearman"] = setting.Spearman("next", PretrainedScale.Brown);
            f.Artifacts.Add(Heatmaps("c26_glove_vs_sotu", $"C26: GloVe cosine vs SOTU's windowed two-sided signature cosine (seed {seed})", setting, setting.Windowed, PretrainedScale.Sotu));
            f.Finding = $"seed {seed}: over the {setting.Tokens.Tokens.Length} tokens frequent in both, GloVe against SOTU's windowed signature "
                + $"{Describe(sotu["spearman"], "Spearman")} ({sotuCounts.Counts.TokenCount:N0} tokens counted) against Brown's {F(brown)} "
                + $"({brownCounts.Counts.TokenCount:N0} tokens): difference {F(measured)}; next-token only: SOTU {F(f.Details["sotu_next_spearman"])}, "
                + $"Brown {F(f.Details["brown_next_spearman"])}.";
        }
        return f.Measurement(new Dictionary<string, double>
        {
            [ClaimMeasurement.SignatureFigure] = sotuFigures.Average(),
            ["brown"] = brownFigures.Average(),
        });
    }

    private static void Coverage(IDictionary<string, double> details, string prefix, PretrainedCorpusCounts counts)
    {
        details[prefix + "tokens_counted"] = counts.Coverage.CorpusTokens;
        details[prefix + "covered_fraction"] = counts.Coverage.Fraction;
        details[prefix + "distinct_tokens"] = counts.Coverage.DistinctTokens;
        details[prefix + "documents_counted"] = counts.Kept;
    }

    private static string CoverageText(PretrainedCorpusCounts counts) =>
        $"{counts.Kept} of {counts.Documents} documents counted, {counts.Coverage}";

    // 64 tokens: the most the renderer labels with their strings.
    private static Figures.HeatmapPairArtifact Heatmaps(string name, string title, PretrainedSetting setting,
        string reference, Empirics.Corpus.SourceDescription? counted = null) =>
        LanguageModelFigures.Heatmaps(name, title, setting.Tokens.Strings, setting.Tokens.Observed, setting.Reference(reference, counted).Cosine, shown: 64);
}
