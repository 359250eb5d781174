using ProbSig.Cli.Output;
using System.Globalization;
using System.Text.Json;
using ProbSig.Empirics.LanguageModels.Comparison;
using ProbSig.Verification.Figures;

namespace ProbSig.Cli.Report;

/// <summary>
/// The agreement curve over training (<see cref="TrainingCurve"/> points) written one way by
/// `lm train` (agreement.json, agreement.png) and `lm compare` over a folder of checkpoints
/// (curve.json, curve.png): the JSON in snake_case beside compare.json's, the figure Spearman
/// against step for both sides with the embedding's null band (mean +- 2 sd), and the
/// progress line and table that print a point.
/// </summary>
internal static class AgreementCurveFiles
{
    /// <summary>The JSON of a curve: its settings, the compared tokens and one entry per point.</summary>
    /// <param name="s">The stream to write.</param>
    /// <param name="curve">The curve's tokens, references, strata and settings.</param>
    /// <param name="points">The points, in step order.</param>
    /// <param name="strings">The compared tokens' strings, in the curve's token order.</param>
    /// <param name="tied">Whether the unembedding is the embedding.</param>
    /// <param name="header">Further top-level fields, written first (e.g. the run or the checkpoint folder).</param>
    /// <param name="pointFields">Further fields of point i (e.g. its checkpoint folder).</param>
    public static void WriteJson(Stream s, TrainingCurve curve, IReadOnlyList<TrainingCurvePoint> points, IReadOnlyList<string> strings, bool tied,
        Action<Utf8JsonWriter>? header = null, Action<Utf8JsonWriter, int>? pointFields = null)
    {
        using var json = new Utf8JsonWriter(s, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        header?.Invoke(json);
        json.WriteBoolean("tied", tied);
        json.WriteNumber("tokens", curve.Tokens.Count);
        json.WriteNumber("strata", curve.StrataCount);
        json.WriteNumber("permutations", curve.Options.Permutations);
        json.WriteNumber("permutation_seed", curve.Options.Seed);
        json.WriteNumber("strong_pair_fraction", curve.Options.StrongPairFraction);
        json.WriteString("observed", "cosine of the token rows after subtracting their mean row");
        json.WriteString("embedding_reference", curve.Next.Name);
        json.WriteString("unembedding_reference", curve.Previous.Name);
        json.WriteString("null", $"token identities permuted within {curve.StrataCount} frequency strata of equal size by rank (most frequent first)");
        json.WritePropertyName("points");
        json.WriteStartArray();
        for (int i = 0; i < points.Count; i++)
        {
            var p = points[i];
            json.WriteStartObject();
            json.WriteNumber("step", p.Step);
            pointFields?.Invoke(json, i);
            Side(json, "embedding", p.Embedding);
            Side(json, "unembedding", p.Unembedding);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WritePropertyName("ids");
        json.WriteStartArray();
        foreach (var t in curve.Tokens) json.WriteNumberValue(t);
        json.WriteEndArray();
        json.WritePropertyName("strings");
        json.WriteStartArray();
        foreach (var t in strings) json.WriteStringValue(t);
        json.WriteEndArray();
        json.WritePropertyName("stratum_of_token");
        json.WriteStartArray();
        foreach (var t in curve.Strata) json.WriteNumberValue(t);
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        s.WriteByte((byte)'\n');
    }

    private static void Side(Utf8JsonWriter json, string name, TrainingCurveSide side)
    {
        json.WritePropertyName(name);
        json.WriteStartObject();
        MatrixWriters.WriteJsonNumber(json, "spearman", side.Spearman);
        MatrixWriters.WriteJsonNumber(json, "null_mean", side.NullMean);
        MatrixWriters.WriteJsonNumber(json, "null_sd", side.NullSd);
        MatrixWriters.WriteJsonNumber(json, "precision", side.Precision);
        json.WriteNumber("tokens", side.Tokens);
        json.WriteEndObject();
    }


    /// <summary>
    /// The points of a curve file written by <see cref="WriteJson"/> for the same tokens and
    /// settings as <paramref name="curve"/>, or null when the file is missing, unreadable or of
    /// other tokens or settings (a resumed run then starts its curve again).
    /// </summary>
    public static List<TrainingCurvePoint>? ReadPoints(string path, TrainingCurve curve)
    {
        if (!File.Exists(path)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var root = doc.RootElement;
            if (root.GetProperty("permutations").GetInt32() != curve.Options.Permutations
                || root.GetProperty("permutation_seed").GetInt32() != curve.Options.Seed
                || root.GetProperty("strong_pair_fraction").GetDouble() != curve.Options.StrongPairFraction
                || !root.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).SequenceEqual(curve.Tokens)
                || !root.GetProperty("stratum_of_token").EnumerateArray().Select(e => e.GetInt32()).SequenceEqual(curve.Strata))
                return null;
            return root.GetProperty("points").EnumerateArray()
                .Select(p => new TrainingCurvePoint(p.GetProperty("step").GetInt32(), ReadSide(p.GetProperty("embedding")), ReadSide(p.GetProperty("unembedding"))))
                .ToList();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static TrainingCurveSide ReadSide(JsonElement e)
    {
        static double D(JsonElement x, string name) => x.GetProperty(name) is { ValueKind: JsonValueKind.Number } v ? v.GetDouble() : double.NaN;
        return new TrainingCurveSide(D(e, "spearman"), D(e, "null_mean"), D(e, "null_sd"), D(e, "precision"), e.GetProperty("tokens").GetInt32());
    }

    /// <summary>Spearman against step for both sides, and the embedding's null band as two lines (mean +- 2 sd).</summary>
    public static PlotArtifact Plot(string name, string title, IReadOnlyList<TrainingCurvePoint> points, TrainingCurve curve)
    {
        var band = points.Where(p => double.IsFinite(p.Embedding.NullMean) && double.IsFinite(p.Embedding.NullSd)).ToArray();
        return new PlotArtifact(name, title, "step", "Spearman (observed vs signature cosine)",
        [
            Line($"embedding vs {curve.Next.Name}", points, p => p.Embedding.Spearman),
            Line($"unembedding vs {curve.Previous.Name}", points, p => p.Unembedding.Spearman),
            Line($"embedding null mean + 2 sd ({curve.StrataCount} frequency strata)", band, p => p.Embedding.NullMean + 2 * p.Embedding.NullSd),
            Line("embedding null mean - 2 sd", band, p => p.Embedding.NullMean - 2 * p.Embedding.NullSd),
        ]);
    }

    private static Series Line(string label, IEnumerable<TrainingCurvePoint> points, Func<TrainingCurvePoint, double> y)
    {
        var kept = points.Where(p => double.IsFinite(y(p))).ToArray();
        return new Series(label, kept.Select(p => (double)p.Step).ToArray(), kept.Select(y).ToArray());
    }

    /// <summary>Draws <paramref name="plot"/> into the PNG file <paramref name="path"/> atomically (drawn beside, then renamed);
    /// a warning instead of the picture when the drawing library is missing.</summary>
    public static void WriteFigure(string path, PlotArtifact plot, IFigureRenderer renderer, TextWriter warnings)
    {
        var full = Path.GetFullPath(path);
        var tmp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileNameWithoutExtension(full)}-{Environment.ProcessId}.png");
        try
        {
            renderer.Render(plot, tmp);
            File.Move(tmp, full, overwrite: true);
        }
        catch (FigureUnavailableException e)
        {
            warnings.WriteLine($"probsig: warning: {Path.GetFileName(full)} not written: {e.Message}");
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    private static string F(double v) => double.IsFinite(v) ? v.ToString("F3", CultureInfo.InvariantCulture) : "-";

    /// <summary>One progress line: "agreement at step k: embedding vs next rho (null mean +- sd), p@1% ...; unembedding ...".</summary>
    public static string ProgressLine(TrainingCurvePoint p, TrainingCurve curve, TimeSpan took) =>
        $"agreement at step {p.Step} ({curve.Tokens.Count} tokens, {took.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)} s): " +
        $"embedding vs {curve.Next.Name} rho {F(p.Embedding.Spearman)} (null {F(p.Embedding.NullMean)} +- {F(p.Embedding.NullSd)}), p@{Percent(curve)} {F(p.Embedding.Precision)}; " +
        $"unembedding vs {curve.Previous.Name} rho {F(p.Unembedding.Spearman)} (null {F(p.Unembedding.NullMean)} +- {F(p.Unembedding.NullSd)}), p@{Percent(curve)} {F(p.Unembedding.Precision)}";

    private static string Percent(TrainingCurve curve) => (100 * curve.Options.StrongPairFraction).ToString("G3", CultureInfo.InvariantCulture) + "%";

    /// <summary>The curve as a table, a row per point, labelled by <paramref name="label"/> (e.g. the checkpoint folder).</summary>
    public static void PrintTable(TextWriter output, TrainingCurve curve, IReadOnlyList<TrainingCurvePoint> points, Func<int, string> label)
    {
        string q = "p@" + Percent(curve);
        output.WriteLine($"agreement curve over {curve.Tokens.Count} tokens (null: {curve.Options.Permutations} draws within {curve.StrataCount} frequency strata)");
        output.WriteLine($"{"step",8} {"checkpoint",-24} {"emb rho",8} {"null",7} {"sd",6} {q,7} {"unemb rho",9} {"null",7} {"sd",6} {q,7}");
        for (int i = 0; i < points.Count; i++)
        {
            var (e, u) = (points[i].Embedding, points[i].Unembedding);
            output.WriteLine($"{points[i].Step,8} {label(i),-24} {F(e.Spearman),8} {F(e.NullMean),7} {F(e.NullSd),6} {F(e.Precision),7} {F(u.Spearman),9} {F(u.NullMean),7} {F(u.NullSd),6} {F(u.Precision),7}");
        }
    }
}
