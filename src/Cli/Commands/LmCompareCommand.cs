using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ProbSig.Cli.Options;
using ProbSig.Empirics.Tokenizers;
using ProbSig.Cli.Output;
using ProbSig.Cli.Report;
using ProbSig.Empirics.Checkpoints;
using ProbSig.Empirics.Checkpoints.HuggingFace;
using ProbSig.Empirics.Corpus.Pipeline;
using ProbSig.Verification.Claims;
using ProbSig.Empirics.LanguageModels.Comparison;
using ProbSig.Theory.Corpus;
using ProbSig.Verification.Figures;
using ProbSig.Theory.Metrics;

namespace ProbSig.Cli.Commands;

/// <summary>
/// `probsig lm compare`: any Qwen2-layout model's embedding and unembedding against the
/// corpus signatures (next, previous, both, windowed) and the PPMI-SVD rival over the
/// corpus's most frequent tokens, every THEORY 4 metric with its permutation null. Prints
/// the table; with --out writes compare.json, the cosine matrices (.npy) and heatmaps.
/// </summary>
internal static class LmCompareCommand
{
    /// <summary>Tokens drawn in the heatmaps (the most frequent).</summary>
    private const int HeatmapTokens = 96;

    public static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "A Qwen2/Qwen2.5 folder: config.json and model.safetensors (or sharded). Only the embedding and lm_head are read.", Required = true };
        var corpus = new Option<string>("--corpus") { Description = LmInputs.CorpusHelp, Required = true };
        var tokenizer = new Option<string>("--tokenizer") { Description = LmInputs.TokenizerHelp, Required = true };
        var top = new Option<int>("--top") { Description = "Compare the N most frequent tokens of the corpus.", DefaultValueFactory = _ => TopTokens.DefaultCount };
        var window = new Option<int>("--window") { Description = "Also compare windowed signatures over offsets 1..w (uniform weights) when w > 1.", DefaultValueFactory = _ => 1 };
        var permutations = new Option<int>("--permutations") { Description = "Token permutations of each null (Kendall's tau: min(n, --kendall-permutations)).", DefaultValueFactory = _ => 199 };
        var kendall = new Option<int>("--kendall-permutations") { Description = "Permutations of Kendall's null (each sorts every pair; about a second at 2048 tokens).", DefaultValueFactory = _ => 19 };
        var ppmiRank = new Option<int>("--ppmi-rank") { Description = "Rank of the PPMI-SVD rival; 0 leaves it out.", DefaultValueFactory = _ => PpmiSvd.DefaultRank };
        var seed = new Option<int>("--seed") { Description = "Seed of the permutation draws.", DefaultValueFactory = _ => 0 };
        var outDir = new Option<string?>("--out") { Description = "Output folder: compare.json, cosine matrices (.npy), heatmaps (.png)." };
        var command = new Command("compare", "Compare a Qwen2-layout model's embedding and unembedding with corpus signatures and the PPMI-SVD rival (every metric with its permutation null).");
        var overwrite = OutputOptions.CreateOverwrite();
        foreach (var o in new Option[] { checkpoint, corpus, tokenizer, top, window, permutations, kendall, ppmiRank, seed, outDir, overwrite }) command.Add(o);

        command.SetAction(r =>
        {
            int n = r.GetValue(top), w = r.GetValue(window), perms = r.GetValue(permutations), kendallPerms = r.GetValue(kendall), rank = r.GetValue(ppmiRank);
            if (n < 3) throw new CliUsageException("--top", Fmt.Text(n), "must be at least 3");
            if (w < 1) throw new CliUsageException("--window", Fmt.Text(w), "must be at least 1");
            if (perms < 1) throw new CliUsageException("--permutations", Fmt.Text(perms), "must be at least 1");
            if (kendallPerms < 0) throw new CliUsageException("--kendall-permutations", Fmt.Text(kendallPerms), "must be 0 or more");
            if (rank < 0) throw new CliUsageException("--ppmi-rank", Fmt.Text(rank), "must be 0 (no rival) or positive");
            var target = r.GetValue(outDir);
            var inputs = LmInputs.PathsOf(r.GetValue(checkpoint), r.GetValue(corpus), r.GetValue(tokenizer)).ToArray();
            if (target is not null) AtomicOutput.CheckFolder(target, r.GetValue(overwrite), "lm compare", inputs);
            using var folderLock = target is null ? null : OutputLock.Acquire(target, "lm compare");
            var stderr = r.InvocationConfiguration.Error;
            var progress = new Progress<string>(line => stderr.WriteLine(line));

            var dir = r.GetValue(checkpoint)!;
            ModelRows rows;
            try { rows = ModelRows.Read(dir); }
            catch (Exception e) when (e is CheckpointException or SafeTensorsException) { throw new CliUsageException("--checkpoint", dir, e.Message); }

            var source = LmInputs.ParseCorpus(r.GetValue(corpus)!);
            var tok = LmInputs.LoadTokenizer(r.GetValue(tokenizer)!, source, progress);
            // A checkpoint saved with its tokenizer (lm train writes vocab.json and merges.txt
            // beside the weights) is compared with that tokenizer only: another one of the same
            // size would give every row another token's counts.
            if (SavedTokenizer(dir) is { } saved && TokenizerFingerprint.Of(saved) is var savedHash && savedHash != TokenizerFingerprint.Of(tok.Tokenizer))
                throw new CliUsageException("--tokenizer", r.GetValue(tokenizer)!,
                    $"is not the tokenizer saved with the checkpoint in {dir} (content {savedHash}); pass --tokenizer {dir}");
            if (tok.Tokenizer.VocabularySize > rows.Config.VocabSize)
                throw new CliUsageException("--tokenizer", r.GetValue(tokenizer)!,
                    $"has {tok.Tokenizer.VocabularySize} tokens but the checkpoint's vocab_size is {rows.Config.VocabSize}: its ids would not fit the embedding");
            var counts = new CorpusPipeline(source, tok, w).Count();
            if (counts.TokenCount == 0) throw new CliUsageException("--corpus", r.GetValue(corpus)!, "holds no tokens");
            var tokens = TopTokens.Select(counts, n);
            if (tokens.Length < 3) throw new CliUsageException("--corpus", r.GetValue(corpus)!, $"has only {tokens.Length} distinct tokens; at least 3 are needed");
            var options = new LmComparisonOptions
            {
                Comparison = new ComparisonOptions { Permutations = perms, KendallPermutations = Math.Min(perms, kendallPerms), Seed = r.GetValue(seed) },
                PpmiRank = Math.Min(rank, tokens.Length),
                Window = w > 1 ? WindowWeights.Uniform(w) : null,
            };
            stderr.WriteLine($"{counts.TokenCount:N0} tokens counted; comparing the top {tokens.Length} ({(rows.Tied ? "tied" : "untied")} model, d = {rows.Config.HiddenSize})");
            var result = LmComparison.Compare(rows.Embedding, rows.Unembedding, rows.Tied, counts, tokens, options, progress);
            var output = r.InvocationConfiguration.Output;
            PrintTable(output, result);
            if (target is not null)
            {
                var strings = tokens.Select(tok.Tokenizer.TokenString).ToArray();
                AtomicOutput.WriteFolder(target, "lm compare", folder => WriteOutputs(folder, result, strings, dir, r.GetValue(corpus)!, tok.Id, counts), r.GetValue(overwrite), inputs);
                stderr.WriteLine($"wrote {target}");
            }
            return 0;
        });
        return command;
    }

    private static string F(double v) => double.IsNaN(v) ? "-" : v.ToString("F3", CultureInfo.InvariantCulture);

    private static void PrintTable(TextWriter output, LmComparisonResult result)
    {
        output.WriteLine($"{"side",-12} {"signature",-16} {"metric",-28} {"observed",9} {"null mean",9} {"p",7}");
        foreach (var row in result.Rows)
        {
            var all = row.Result.Metrics.Append(row.Result.Curve.TopBin);
            foreach (var m in all)
                output.WriteLine($"{row.Side,-12} {row.Reference,-16} {m.Metric,-28} {F(m.Observed),9} {F(m.NullMean),9} {m.PValue.ToString("G3", CultureInfo.InvariantCulture),7}");
        }
    }

    /// <summary>The tokenizer files saved in a checkpoint folder, if it holds any.</summary>
    private static ITokenizer? SavedTokenizer(string dir)
    {
        if (!File.Exists(Path.Combine(dir, "vocab.json")) && !File.Exists(Path.Combine(dir, "tokenizer.json"))) return null;
        try { return TokenizerFiles.Load(dir); }
        catch (TokenizerFileException e) { throw new CliUsageException("--checkpoint", dir, "its tokenizer files cannot be read: " + e.Message); }
    }

    private static void WriteOutputs(string folder, LmComparisonResult result, string[] strings, string checkpoint, string corpus, string tokenizerId, CorpusCounts counts)
    {
        foreach (var (side, cos) in result.Observed)
            Matrix(Path.Combine(folder, $"{side}_cosine.npy"), cos.ToArray());
        foreach (var reference in result.References)
            Matrix(Path.Combine(folder, $"{reference.Name.Replace('+', '_')}_cosine.npy"), reference.Cosine.ToArray());

        using (var stream = File.Create(Path.Combine(folder, "compare.json")))
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("checkpoint", Path.GetFullPath(checkpoint));
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
                    Number(json, "observed", m.Observed);
                    Number(json, "null_mean", m.NullMean);
                    Number(json, "null_std", m.NullStd);
                    Number(json, "p", m.PValue);
                    json.WriteNumber("permutations", m.Permutations);
                    json.WriteEndObject();
                }
                json.WriteEndObject();
                var curve = row.Result.Curve;
                json.WritePropertyName("agreement_curve");
                json.WriteStartObject();
                Array(json, "mean_predicted", curve.Curve.MeanPredicted);
                Array(json, "mean_observed", curve.Curve.MeanObserved);
                Array(json, "null_mean", curve.NullMean);
                Array(json, "null_std", curve.NullStd);
                Number(json, "top_lift", curve.TopLift);
                Number(json, "within_top_spearman", curve.WithinTopSpearman);
                Number(json, "within_rest_spearman", curve.WithinRestSpearman);
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

    private static void Number(Utf8JsonWriter json, string name, double v)
    {
        if (double.IsFinite(v)) json.WriteNumber(name, v);
        else json.WriteNull(name);
    }

    private static void Array(Utf8JsonWriter json, string name, IEnumerable<double> values)
    {
        json.WritePropertyName(name);
        json.WriteStartArray();
        foreach (var v in values)
            if (double.IsFinite(v)) json.WriteNumberValue(v); else json.WriteNullValue();
        json.WriteEndArray();
    }
}
