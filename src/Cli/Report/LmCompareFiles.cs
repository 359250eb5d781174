using ProbSig.Cli.Output;
using System.Globalization;
using System.Text.Json;
using ProbSig.Empirics.Checkpoints;
using ProbSig.Empirics.LanguageModels.Comparison;
using ProbSig.Theory.Corpus;
using ProbSig.Verification.Figures;

namespace ProbSig.Cli.Report;

/// <summary>
/// What `lm compare` prints and writes for one comparison, whatever was compared (a
/// checkpoint's two sides or a table trained elsewhere): the table, compare.json, every
/// cosine matrix as .npy and the heatmaps with token labels on both axes.
/// </summary>
internal static class LmCompareFiles
{
    /// <summary>Tokens drawn in the heatmaps (the most frequent): 64, the most the renderer labels with their strings; every token is in the .npy files.</summary>
    private const int HeatmapTokens = 64;

    /// <summary>compare.json's fields for a checkpoint.</summary>
    public static Action<Utf8JsonWriter> Checkpoint(string path) => json => json.WriteString("checkpoint", Path.GetFullPath(path));

    private static string F(double v) => double.IsNaN(v) ? "-" : v.ToString("F3", CultureInfo.InvariantCulture);

    /// <summary>Prints every metric of every row with its null.</summary>
    public static void PrintTable(TextWriter output, LmComparisonResult result)
    {
        output.WriteLine($"{"side",-12} {"signature",-16} {"metric",-28} {"observed",9} {"null mean",9} {"p",7}");
        foreach (var row in result.Rows)
        {
            var all = row.Result.Metrics.Append(row.Result.Curve.TopBin);
            foreach (var m in all)
                output.WriteLine($"{row.Side,-12} {row.Reference,-16} {m.Metric,-28} {F(m.Observed),9} {F(m.NullMean),9} {m.PValue.ToString("G3", CultureInfo.InvariantCulture),7}");
        }
    }

    /// <summary>Writes compare.json, the .npy matrices and the heatmaps of <paramref name="result"/> into <paramref name="folder"/>.</summary>
    /// <param name="folder">The output folder (being written; see AtomicOutput).</param>
    /// <param name="result">The comparison.</param>
    /// <param name="strings">The compared tokens' strings, in the result's order.</param>
    /// <param name="source">Writes what was compared (the checkpoint, or the embeddings and their coverage).</param>
    /// <param name="corpus">The --corpus spec.</param>
    /// <param name="tokenizerId">The tokenizer's id.</param>
    /// <param name="counts">The corpus counts.</param>
    public static void Write(string folder, LmComparisonResult result, string[] strings, Action<Utf8JsonWriter> source, string corpus, string tokenizerId, CorpusCounts counts)
    {
        foreach (var (side, cos) in result.Observed)
            Matrix(Path.Combine(folder, $"{side}_cosine.npy"), cos.ToArray());
        foreach (var reference in result.References)
            Matrix(Path.Combine(folder, $"{reference.Name.Replace('+', '_')}_cosine.npy"), reference.Cosine.ToArray());

        using (var stream = File.Create(Path.Combine(folder, "compare.json")))
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            source(json);
            json.WriteString("corpus", corpus);
            json.WriteString("tokenizer", tokenizerId);
            json.WriteNumber("tokens_counted", counts.TokenCount);
            json.WriteBoolean("tied", result.Tied);
            json.WriteNumber("permutations", result.Options.Comparison.Permutations);
            json.WriteNumber("kendall_permutations", result.Options.Comparison.KendallPermutations);
            json.WriteNumber("permutation_seed", result.Options.Comparison.Seed);
            json.WriteString("observed", "cosine of the token rows after subtracting their mean row");
            json.WritePropertyName("references");
            json.WriteStartObject();
            foreach (var reference in result.References) json.WriteString(reference.Name, reference.Description);
            json.WriteEndObject();
            json.WritePropertyName("comparisons");
            json.WriteStartArray();
            foreach (var row in result.Rows)
            {
                json.WriteStartObject();
                json.WriteString("side", row.Side);
                json.WriteString("signature", row.Reference);
                json.WriteNumber("tokens", row.Result.Tokens);
                json.WriteNumber("dropped_tokens", row.Result.Dropped);
                json.WritePropertyName("metrics");
                json.WriteStartObject();
                foreach (var m in row.Result.Metrics.Append(row.Result.Curve.TopBin))
                {
                    json.WritePropertyName(m.Metric);
                    json.WriteStartObject();
                    MatrixWriters.WriteJsonNumber(json, "observed", m.Observed);
                    MatrixWriters.WriteJsonNumber(json, "null_mean", m.NullMean);
                    MatrixWriters.WriteJsonNumber(json, "null_std", m.NullStd);
                    MatrixWriters.WriteJsonNumber(json, "p", m.PValue);
                    json.WriteNumber("permutations", m.Permutations);
                    json.WriteEndObject();
                }
                json.WriteEndObject();
                var curve = row.Result.Curve;
                json.WritePropertyName("agreement_curve");
                json.WriteStartObject();
                MatrixWriters.WriteJsonVector(json, "mean_predicted", curve.Curve.MeanPredicted);
                MatrixWriters.WriteJsonVector(json, "mean_observed", curve.Curve.MeanObserved);
                MatrixWriters.WriteJsonVector(json, "null_mean", curve.NullMean);
                MatrixWriters.WriteJsonVector(json, "null_std", curve.NullStd);
                MatrixWriters.WriteJsonNumber(json, "top_lift", curve.TopLift);
                MatrixWriters.WriteJsonNumber(json, "within_top_spearman", curve.WithinTopSpearman);
                MatrixWriters.WriteJsonNumber(json, "within_rest_spearman", curve.WithinRestSpearman);
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WritePropertyName("ids");
            json.WriteStartArray();
            foreach (var t in result.Tokens) json.WriteNumberValue(t);
            json.WriteEndArray();
            json.WritePropertyName("strings");
            json.WriteStartArray();
            foreach (var s in strings) json.WriteStringValue(s);
            json.WriteEndArray();
            json.WriteEndObject();
        }

        var renderer = new ScottPlotRenderer();
        int h = Math.Min(HeatmapTokens, result.Tokens.Count);
        var labels = strings.Take(h).Select(s => s.Replace(" ", "\u2423").Replace("\n", "\\n")).ToArray();
        foreach (var row in result.Rows)
        {
            var observed = result.Observed[row.Side].SubMatrix(0, h, 0, h).ToArray();
            var predicted = result.References.Single(x => x.Name == row.Reference).Cosine.SubMatrix(0, h, 0, h).ToArray();
            string name = $"{row.Side}_vs_{row.Reference.Replace('+', '_')}";
            try
            {
                renderer.Render(new HeatmapPairArtifact(name, $"{row.Side} cosine vs {row.Reference} (top {h} tokens)",
                    new MatrixArtifact(name + "_observed", $"{row.Side} cosine", labels, labels, observed),
                    new MatrixArtifact(name + "_predicted", $"{row.Reference} cosine", labels, labels, predicted)), Path.Combine(folder, name + ".png"));
                renderer.Render(new PlotArtifact(name + "_curve", $"{row.Side} vs {row.Reference}: agreement curve",
                    "predicted cosine (decile mean)", "observed cosine (decile mean)",
                    [
                        new Series("observed", row.Result.Curve.Curve.MeanPredicted, row.Result.Curve.Curve.MeanObserved),
                        new Series("permutation null mean", row.Result.Curve.Curve.MeanPredicted, row.Result.Curve.NullMean),
                    ]), Path.Combine(folder, name + "_curve.png"));
            }
            catch (FigureUnavailableException)
            {
                // No native drawing library: the numbers are all in compare.json and the .npy files.
            }
        }
    }

    private static void Matrix(string path, double[,] m)
    {
        using var s = File.Create(path);
        Npy.WriteMatrix(s, m);
    }


}
