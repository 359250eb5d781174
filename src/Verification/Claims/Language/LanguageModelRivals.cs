using ProbSig.Empirics.LanguageModels.Comparison;
using ProbSig.Theory.Corpus;

namespace ProbSig.Verification.Claims.Language;

/// <summary>
/// The rivals every LM claim reports beside the signature (THEORY 4, "On corpora"): unigram
/// frequency similarity, the same model before training, and the PPMI-SVD rival matched to the
/// signature (the same sides, offsets and weights; issue 27), centred like it, at the best of
/// the hyperwords sweep (ranks <see cref="PpmiRanks"/> times eigenvalue weights
/// <see cref="PpmiWeights"/>). Each is scored by Spearman against the same observed cosine; the
/// frequency-stratified null is what keeps a frequency effect from passing, the rivals say what
/// else could explain the agreement. The pretrained claims take the same sweep
/// (<see cref="Pretrained.PretrainedSetting"/>).
/// </summary>
internal static class LanguageModelRivals
{
    /// <summary>Ranks of the PPMI-SVD sweep (capped at N): 2 to 256.</summary>
    public static IReadOnlyList<int> PpmiRanks => CorpusReference.DefaultRivalRanks;

    /// <summary>Eigenvalue weights p of the sweep's vectors U S^p: 0, 0.5, 1.</summary>
    public static IReadOnlyList<double> PpmiWeights => CorpusReference.DefaultEigenvalueWeights;

    /// <summary>The sweep in words, for the stated rivals.</summary>
    public static string SweepText =>
        $"context smoothing 0.75, the best of ranks {string.Join(", ", PpmiRanks)} times eigenvalue weights p = {string.Join(", ", PpmiWeights)} (vectors U S^p; Levy, Goldberg & Dagan 2015)";

    /// <summary>The names of the sweep's rivals over <paramref name="context"/> for <paramref name="n"/> compared tokens (ranks capped at N, once each).</summary>
    public static string[] Sweep(PpmiContext context, int n) =>
        [.. from k in PpmiRanks.Select(r => Math.Min(r, n)).Distinct() from p in PpmiWeights select CorpusReference.PpmiSvdName(context, k, p)];

    /// <summary>The contexts of a PPMI-SVD rival's name (<see cref="CorpusReference.PpmiSvdName"/>), its
    /// window's weights made by <paramref name="weights"/>: ppmi_svd_both_w10_r16_p0.5 is both sides, window 10.</summary>
    /// <exception cref="ArgumentException">The name is not a rival's.</exception>
    public static PpmiContext ContextOf(string name, Func<int, WindowWeights> weights)
    {
        const string prefix = "ppmi_svd_";
        var parts = name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..].Split('_') : [];
        // The sides are a lower-case word: Enum.TryParse alone would also take "1" or "Both".
        if (parts.Length < 3 || !Enum.TryParse<ContextSides>(parts[0], ignoreCase: true, out var sides) || !char.IsLower(parts[0][0]))
            throw new ArgumentException($"'{name}' is not a PPMI-SVD rival's name (ppmi_svd_SIDES[_wW]_rK_pP)", nameof(name));
        int window = parts[1].StartsWith('w') && int.TryParse(parts[1][1..], System.Globalization.CultureInfo.InvariantCulture, out int w) ? w : 1;
        return new(sides, weights(window));
    }

    /// <summary>The baseline name of the best of the sweep.</summary>
    public const string BestPpmi = "ppmi_svd";

    /// <summary>The matched PPMI-SVD rival as the definitions state it, for a signature over <paramref name="sides"/> at offset 1.</summary>
    public static Baseline StatedPpmi(ContextSides sides) =>
        new(BestPpmi, $"PPMI-SVD of the same pairs as the signature ({PpmiContext.Offset1(sides).Description}), centred like the signature, {SweepText}");

    /// <summary>The rivals as the definitions state them, for a signature over <paramref name="sides"/>.</summary>
    public static Baseline[] Stated(ContextSides sides) =>
    [
        new(LmReference.Frequency, "unigram frequency similarity -|log f_i - log f_j| over the training documents"),
        new(LanguageModelSetting.Untrained, "the same model side before training (its initial weights, same seed)"),
        StatedPpmi(sides),
    ];

    /// <summary>The best of <paramref name="names"/> by <paramref name="spearman"/> (ties: the first), every
    /// figure into <paramref name="details"/> as PREFIXrival_NAME_spearman, and the best's rank and p (read off its
    /// name, <see cref="CorpusReference.PpmiSvdName"/>) as PREFIXrival_ppmi_svd_best_rank and PREFIXrival_ppmi_svd_best_p.</summary>
    public static (string Name, double Spearman) Best(IEnumerable<string> names, Func<string, double> spearman, IDictionary<string, double> details, string prefix = "")
    {
        (string Name, double Spearman) best = ("", double.NegativeInfinity);
        foreach (string name in names)
        {
            double s = spearman(name);
            details[$"{prefix}rival_{name}_spearman"] = s;
            if (s > best.Spearman) best = (name, s);
        }
        if (best.Name.Length == 0) throw new ArgumentException("the sweep is empty", nameof(names));
        var parts = best.Name.Split('_');
        details[$"{prefix}rival_ppmi_svd_best_rank"] = int.Parse(parts[^2][1..], System.Globalization.CultureInfo.InvariantCulture);
        details[$"{prefix}rival_ppmi_svd_best_p"] = double.Parse(parts[^1][1..], System.Globalization.CultureInfo.InvariantCulture);
        return best;
    }

    /// <summary>The best matched PPMI-SVD rival of <paramref name="lm"/>'s observed side over offset-1 <paramref name="sides"/>.</summary>
    public static (string Name, double Spearman) BestPpmiOf(LanguageModelSetting lm, bool tied, bool unembedding, ContextSides sides, IDictionary<string, double> details) =>
        Best(Sweep(PpmiContext.Offset1(sides), lm.Corpus.Tokens.Count), name => lm.Spearman(tied, unembedding, name), details);

    /// <summary>Spearman of each rival against the observed side of one seed (the best of the matched
    /// PPMI-SVD sweep under <see cref="BestPpmi"/>), every figure added to <paramref name="details"/>.</summary>
    public static Dictionary<string, double> Measure(LanguageModelSetting lm, bool tied, bool unembedding, ContextSides sides, IDictionary<string, double> details)
    {
        var figures = new Dictionary<string, double>
        {
            [LmReference.Frequency] = lm.Spearman(tied, unembedding, LmReference.Frequency),
            [LanguageModelSetting.Untrained] = lm.Spearman(tied, unembedding, LanguageModelSetting.Untrained),
            [BestPpmi] = BestPpmiOf(lm, tied, unembedding, sides, details).Spearman,
        };
        foreach (var (name, value) in figures) details[$"rival_{name}_spearman"] = value;
        return figures;
    }

    /// <summary>Mean over seeds of each rival's figure, with the signature's own under
    /// <see cref="ClaimMeasurement.SignatureFigure"/>.</summary>
    public static Dictionary<string, double> Means(IReadOnlyList<Dictionary<string, double>> perSeed, IReadOnlyList<double> signature)
    {
        var result = perSeed[0].Keys.ToDictionary(k => k, k => perSeed.Average(s => s[k]));
        result[ClaimMeasurement.SignatureFigure] = signature.Average();
        return result;
    }
}
