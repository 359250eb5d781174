namespace ProbSig.Verification.Claims.Language;

/// <summary>
/// The rivals every LM claim reports beside the signature (THEORY 4, "On corpora"): unigram
/// frequency similarity, the same model before training, and the PPMI-SVD rival of the same
/// counts, centred like the signature, at the best of <see cref="PpmiRanks"/>. Each is scored
/// by Spearman against the same observed cosine; the frequency-stratified null is what keeps a
/// frequency effect from passing, the rivals say what else could explain the agreement.
/// </summary>
internal static class LanguageModelRivals
{
    /// <summary>Ranks of the PPMI-SVD sweep (capped at N).</summary>
    public static readonly int[] PpmiRanks = [16, 64, 256];

    /// <summary>The sweep's ranks for <paramref name="lm"/>'s compared tokens: each capped at N, once.</summary>
    public static int[] Ranks(LanguageModelSetting lm) => PpmiRanks.Select(r => Math.Min(r, lm.Corpus.Tokens.Count)).Distinct().ToArray();

    /// <summary>The PPMI-SVD reference of a side and rank: ppmi_svd_r64 (next side, rows are tokens
    /// as x_t) or ppmi_svd_previous_r64 (previous side, rows are tokens as x_{t+1}).</summary>
    public static string Ppmi(bool previousSide, int rank) => (previousSide ? "ppmi_svd_previous_r" : "ppmi_svd_r") + rank;

    /// <summary>The baseline name of the best PPMI-SVD rank.</summary>
    public const string BestPpmi = "ppmi_svd";

    /// <summary>The rivals as the definitions state them.</summary>
    public static Baseline[] Stated(bool previousSide) =>
    [
        new(LmReference.Frequency, "unigram frequency similarity -|log f_i - log f_j| over the training documents"),
        new(LanguageModelSetting.Untrained, "the same model side before training (its initial weights, same seed)"),
        new(BestPpmi, $"PPMI-SVD of the same offset-1 counts ({(previousSide ? "previous" : "next")} side, smoothing 0.75, U S^0.5), centred like the signature, "
            + $"best of ranks {string.Join(", ", PpmiRanks)}"),
    ];

    /// <summary>Spearman of each rival against the observed side of one seed (the best PPMI rank
    /// under <see cref="BestPpmi"/>), every rank's figure added to <paramref name="details"/>.</summary>
    public static Dictionary<string, double> Measure(LanguageModelSetting lm, bool tied, bool unembedding, bool previousSide, IDictionary<string, double> details)
    {
        var figures = new Dictionary<string, double>
        {
            [LmReference.Frequency] = lm.Spearman(tied, unembedding, LmReference.Frequency),
            [LanguageModelSetting.Untrained] = lm.Spearman(tied, unembedding, LanguageModelSetting.Untrained),
        };
        double best = double.NegativeInfinity;
        foreach (int rank in Ranks(lm))
        {
            double s = lm.Spearman(tied, unembedding, Ppmi(previousSide, rank));
            details[$"rival_{Ppmi(previousSide, rank)}_spearman"] = s;
            if (s > best) { best = s; details["rival_ppmi_svd_best_rank"] = rank; }
        }
        figures[BestPpmi] = best;
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
