using System.Globalization;


namespace ProbSig.Verification.Claims.Language;

/// <summary>Figures and artifacts the LM claims share.</summary>
internal static class LanguageModelFigures
{
    /// <summary>Tokens shown in heatmaps: the most frequent ones (a 1024 x 1024 heatmap is unreadable).</summary>
    public const int HeatmapTokens = 96;

    /// <summary>Disjoint token blocks of the robustness check (token i goes to block i mod 10,
    /// so every block spans the whole frequency range).</summary>
    public const int Blocks = 10;

    /// <summary>Every metric with its null and the curve summary, keys prefixed by <paramref name="prefix"/>.</summary>
    public static void Add(IDictionary<string, double> details, string prefix, StructureComparison c)
    {
        foreach (var m in c.Metrics)
        {
            details[$"{prefix}{m.Metric}"] = m.Observed;
            details[$"{prefix}{m.Metric}_null_mean"] = m.NullMean;
            // A p-value from fewer draws than a stated null needs (Kendall's 9) is not reported: it cannot go below 0.1.
            if (m.Permutations >= NullTest.MinimumPermutations) details[$"{prefix}{m.Metric}_p"] = m.PValue;
        }
        details[$"{prefix}top_decile_mean_cos"] = c.Curve.TopBin.Observed;
        details[$"{prefix}top_decile_null_mean"] = c.Curve.TopBin.NullMean;
        details[$"{prefix}top_decile_p"] = c.Curve.TopBin.PValue;
        details[$"{prefix}top_decile_lift"] = c.Curve.TopLift;
        details[$"{prefix}within_top_decile_spearman"] = c.Curve.WithinTopSpearman;
        details[$"{prefix}within_other_deciles_spearman"] = c.Curve.WithinRestSpearman;
        details[$"{prefix}tokens"] = c.Tokens;
    }

    /// <summary>"Spearman 0.52 (null 0.00 +- 0.01, p = 0.005)".</summary>
    public static string Describe(PermutationResult r, string label) =>
        $"{label} {F(r.Observed)} (null {F(r.NullMean)} +- {F(r.NullStd)}, p = {r.PValue.ToString("G3", CultureInfo.InvariantCulture)})";

    /// <summary>One sentence on whether the top decile agrees better than the rest.</summary>
    public static string TopDeciles(StructureComparison c)
    {
        var a = c.Curve;
        bool lifts = a.TopLift > 1;
        bool orders = a.WithinTopSpearman > a.WithinRestSpearman;
        return $"top decile: mean observed cosine {F(a.TopBin.Observed)} (null {F(a.TopBin.NullMean)}, p = {a.TopBin.PValue.ToString("G3", CultureInfo.InvariantCulture)}), "
            + $"lift {F(a.TopLift, 2)} ({(lifts ? "rises more than a typical other decile moves" : "does not stand out from the other deciles")}); "
            + $"within-decile Spearman {F(a.WithinTopSpearman)} in the top decile vs {F(a.WithinRestSpearman)} in the others "
            + $"({(orders ? "strong pairs are ordered better" : "strong pairs are not ordered better")})";
    }

    /// <summary>Observed | predicted heatmaps over the most frequent compared tokens.</summary>
    public static HeatmapPairArtifact Heatmaps(string name, string title, LanguageModelCorpus corpus, Matrix<double> observed, Matrix<double> predicted) =>
        Heatmaps(name, title, corpus.TokenStrings, observed, predicted, HeatmapTokens);

    /// <summary>Observed | predicted heatmaps over the first <paramref name="shown"/> of the compared tokens, labelled by <paramref name="strings"/>.</summary>
    public static HeatmapPairArtifact Heatmaps(string name, string title, IReadOnlyList<string> strings, Matrix<double> observed, Matrix<double> predicted, int shown)
    {
        int n = Math.Min(shown, strings.Count);
        var labels = strings.Take(n).Select(Label).ToArray();
        var o = observed.SubMatrix(0, n, 0, n).ToArray();
        var p = predicted.SubMatrix(0, n, 0, n).ToArray();
        return new HeatmapPairArtifact(name, title,
            new MatrixArtifact(name + "_observed", title + " (observed)", labels, labels, o),
            new MatrixArtifact(name + "_predicted", title + " (predicted)", labels, labels, p));
    }

    /// <summary>The agreement curve with its permutation-null mean.</summary>
    public static PlotArtifact Curve(string name, string title, StructureComparison c)
    {
        var x = c.Curve.Curve.MeanPredicted;
        return new PlotArtifact(name, title, "predicted cosine (decile mean)", "observed cosine (decile mean)",
        [
            new Series("observed", x, c.Curve.Curve.MeanObserved),
            new Series("permutation null mean", x, c.Curve.NullMean),
        ]);
    }

    /// <summary>Per disjoint token block, Spearman(observed, a) - Spearman(observed, b) over the block's pairs.</summary>
    public static double[] BlockDifferences(Matrix<double> observed, Matrix<double> a, Matrix<double> b)
    {
        var spearman = new SpearmanMetric();
        var result = new double[Blocks];
        for (int k = 0; k < Blocks; k++)
        {
            var block = Enumerable.Range(0, observed.RowCount).Where(i => i % Blocks == k).ToArray();
            var o = SimilarityMatrices.Restrict(observed, block);
            result[k] = spearman.Measure(o, SimilarityMatrices.Restrict(a, block)) - spearman.Measure(o, SimilarityMatrices.Restrict(b, block));
        }
        return result;
    }

    /// <summary>A token string fit for an axis label (whitespace made visible).</summary>
    public static string Label(string token) => token.Replace(" ", "\u2423").Replace("\n", "\\n").Replace("\t", "\\t");
}
