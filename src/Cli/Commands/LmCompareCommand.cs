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
/// the table; with --out writes compare.json, the cosine matrices (.npy) and heatmaps. Given a
/// folder of checkpoints (<see cref="CheckpointFolders"/>), compares each the same way, in step
/// order, and draws the agreement curve across them (<see cref="TrainingCurve"/>): --out then
/// holds a subfolder per checkpoint, named as its folder, with that checkpoint's files, and
/// curve.json and curve.png.
/// </summary>
internal static partial class LmCompareCommand
{
    public static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint")
        {
            Description = "A Qwen2/Qwen2.5 folder: config.json and model.safetensors (or sharded). Only the embedding and lm_head are read. " +
                "Or a folder of such folders (e.g. checkpoint-100/, checkpoint-200/ as Hugging Face's Trainer writes them, or `lm train` runs): each is compared, " +
                "in the order of the step in its trainer_state.json (step or global_step) or else of the first number in its name, and the agreement curve across them " +
                $"(Spearman with its null within {TrainingCurve.DefaultStrata} frequency strata, precision@1%) is printed and, with --out, written as curve.json and curve.png. " +
                "Give --checkpoint or --embeddings.",
        };
        var embeddings = new Option<string>("--embeddings") { Description = EmbeddingsHelp };
        var corpus = new Option<string>("--corpus") { Description = LmInputs.CorpusHelp, Required = true };
        var tokenizer = new Option<string>("--tokenizer") { Description = LmInputs.TokenizerHelp + " Needed with --checkpoint; --embeddings bring their own." };
        var top = new Option<int>("--top") { Description = "Compare the N most frequent tokens of the corpus.", DefaultValueFactory = _ => TopTokens.DefaultCount };
        var window = new Option<int>("--window") { Description = "Also compare windowed signatures over offsets 1..w (weighted by --weights) and the two windowed sides together when w > 1.", DefaultValueFactory = _ => 1 };
        var permutations = new Option<int>("--permutations") { Description = "Token permutations of each null (Kendall's tau: min(n, --kendall-permutations)).", DefaultValueFactory = _ => 199 };
        var kendall = new Option<int>("--kendall-permutations") { Description = "Permutations of Kendall's null (each sorts every pair; about a second at 2048 tokens).", DefaultValueFactory = _ => 19 };
        var ppmiRank = new Option<int>("--ppmi-rank") { Description = "Rank of the PPMI-SVD rival; 0 leaves it out.", DefaultValueFactory = _ => PpmiSvd.DefaultRank };
        var weights = new Option<string>("--weights") { Description = LmInputs.WeightsHelp, DefaultValueFactory = _ => "uniform" };
        var seed = new Option<int>("--seed") { Description = "Seed of the permutation draws.", DefaultValueFactory = _ => 0 };
        var outDir = new Option<string?>("--out") { Description = "Output folder: compare.json, cosine matrices (.npy), heatmaps (.png); for a folder of checkpoints, those of each in a subfolder named as the checkpoint's, and curve.json and curve.png." };
        var command = new Command("compare", "Compare a Qwen2-layout model's embedding and unembedding, or embeddings trained elsewhere (GloVe-format word vectors, a BERT-style ONNX model), " +
            "with corpus signatures and the PPMI-SVD rival (every metric with its permutation null); given a folder of checkpoints, compare each and draw the agreement curve across them.");
        var overwrite = OutputOptions.CreateOverwrite();
        foreach (var o in new Option[] { checkpoint, embeddings, corpus, tokenizer, top, window, weights, permutations, kendall, ppmiRank, seed, outDir, overwrite }) command.Add(o);

        command.SetAction(r =>
        {
            int n = r.GetValue(top), w = r.GetValue(window), perms = r.GetValue(permutations), kendallPerms = r.GetValue(kendall), rank = r.GetValue(ppmiRank);
            if (n < 3) throw new CliUsageException("--top", Fmt.Text(n), "must be at least 3");
            if (w < 1) throw new CliUsageException("--window", Fmt.Text(w), "must be at least 1");
            if (perms < 1) throw new CliUsageException("--permutations", Fmt.Text(perms), "must be at least 1");
            if (kendallPerms < 0) throw new CliUsageException("--kendall-permutations", Fmt.Text(kendallPerms), "must be 0 or more");
            if (rank < 0) throw new CliUsageException("--ppmi-rank", Fmt.Text(rank), "must be 0 (no rival) or positive");
            var windowWeights = w > 1 ? LmInputs.ParseWeights(r.GetValue(weights)!, w) : null;
            string? checkpointSpec = r.GetValue(checkpoint), embeddingsSpec = r.GetValue(embeddings), tokenizerSpec = r.GetValue(tokenizer);
            if ((checkpointSpec is null) == (embeddingsSpec is null))
                throw new CliUsageException(checkpointSpec is null ? "--checkpoint" : "--embeddings", checkpointSpec ?? "",
                    checkpointSpec is null ? "give a checkpoint (--checkpoint) or embeddings trained elsewhere (--embeddings)" : "give --checkpoint or --embeddings, not both");
            if (embeddingsSpec is not null && tokenizerSpec is not null)
                throw new CliUsageException("--tokenizer", tokenizerSpec, "--embeddings are compared with their own tokenizer (words or WordPiece); leave --tokenizer out");
            if (checkpointSpec is not null && tokenizerSpec is null)
                throw new CliUsageException("--tokenizer", "", "a checkpoint is compared with the tokenizer it was trained with; give it");
            var target = r.GetValue(outDir);
            var embeddingSource = embeddingsSpec is null ? null : DescribeEmbeddings(embeddingsSpec);
            var inputs = LmInputs.PathsOf([checkpointSpec, r.GetValue(corpus), tokenizerSpec, .. embeddingSource?.Files ?? []]).ToArray();
            if (target is not null) AtomicOutput.CheckFolder(target, r.GetValue(overwrite), "lm compare", inputs);
            using var folderLock = target is null ? null : OutputLock.Acquire(target, "lm compare");
            var stderr = r.InvocationConfiguration.Error;
            var progress = new Progress<string>(line => stderr.WriteLine(line));

            if (embeddingsSpec is not null)
                return CompareEmbeddings(r.InvocationConfiguration.Output, stderr, progress, embeddingsSpec, embeddingSource!,
                    new CompareSettings(n, w, perms, kendallPerms, rank, r.GetValue(seed), r.GetValue(corpus)!, null, target, r.GetValue(overwrite), inputs) { Weights = windowWeights });
            var dir = checkpointSpec!;
            if (CheckpointFolders.Find(dir) is { } series)
                return CompareSeries(r.InvocationConfiguration.Output, stderr, progress, dir, series,
                    new CompareSettings(n, w, perms, kendallPerms, rank, r.GetValue(seed), r.GetValue(corpus)!, tokenizerSpec!, target, r.GetValue(overwrite), inputs) { Weights = windowWeights });
            ModelRows rows;
            try { rows = ModelRows.Read(dir); }
            catch (Exception e) when (e is CheckpointException or SafeTensorsException) { throw new CliUsageException("--checkpoint", dir, e.Message); }

            var source = LmInputs.ParseCorpus(r.GetValue(corpus)!);
            var tok = LmInputs.LoadTokenizer(tokenizerSpec!, source, progress);
            CheckTokenizer(dir, rows.Config.VocabSize, tok, tokenizerSpec!);
            var counts = new CorpusPipeline(source, tok, w).Count();
            if (counts.TokenCount == 0) throw new CliUsageException("--corpus", r.GetValue(corpus)!, "holds no tokens");
            var tokens = TopTokens.Select(counts, n);
            if (tokens.Length < 3) throw new CliUsageException("--corpus", r.GetValue(corpus)!, $"has only {tokens.Length} distinct tokens; at least 3 are needed");
            var options = ComparisonSettings(perms, kendallPerms, r.GetValue(seed), rank, windowWeights, tokens.Length);
            stderr.WriteLine($"{counts.TokenCount:N0} tokens counted; comparing the top {tokens.Length} ({(rows.Tied ? "tied" : "untied")} model, d = {rows.Config.HiddenSize})");
            var result = LmComparison.Compare(rows.Embedding, rows.Unembedding, rows.Tied, counts, tokens, options, progress);
            var output = r.InvocationConfiguration.Output;
            LmCompareFiles.PrintTable(output, result);
            if (target is not null)
            {
                var strings = tokens.Select(tok.Tokenizer.TokenString).ToArray();
                AtomicOutput.WriteFolder(target, "lm compare", folder => LmCompareFiles.Write(folder, result, strings, LmCompareFiles.Checkpoint(dir), r.GetValue(corpus)!, tok.Id, counts), r.GetValue(overwrite), inputs);
                stderr.WriteLine($"wrote {target}");
            }
            return 0;
        });
        return command;
    }

    /// <summary>The --tokenizer against a checkpoint: the tokenizer saved with it, if any, and its vocab_size.</summary>
    private static void CheckTokenizer(string dir, int vocabSize, NamedTokenizer tok, string spec)
    {
        // A checkpoint saved with its tokenizer (lm train writes vocab.json and merges.txt
        // beside the weights) is compared with that tokenizer only: another one of the same
        // size would give every row another token's counts.
        if (SavedTokenizer(dir) is { } saved && TokenizerFingerprint.Of(saved) is var savedHash && savedHash != TokenizerFingerprint.Of(tok.Tokenizer))
            throw new CliUsageException("--tokenizer", spec,
                $"is not the tokenizer saved with the checkpoint in {dir} (content {savedHash}); pass --tokenizer {dir}");
        if (tok.Tokenizer.VocabularySize > vocabSize)
            throw new CliUsageException("--tokenizer", spec,
                $"has {tok.Tokenizer.VocabularySize} tokens but the checkpoint's vocab_size is {vocabSize}: its ids would not fit the embedding");
    }

    private static LmComparisonOptions ComparisonSettings(int perms, int kendallPerms, int seed, int rank, WindowWeights? weights, int tokens) => new()
    {
        Comparison = new ComparisonOptions { Permutations = perms, KendallPermutations = Math.Min(perms, kendallPerms), Seed = seed },
        PpmiRank = Math.Min(rank, tokens),
        Window = weights,
    };

    /// <summary>The parsed options a comparison of a folder of checkpoints, or of embeddings trained elsewhere, needs
    /// (the tokenizer only for checkpoints: a table brings its own).</summary>
    private sealed record CompareSettings(int Top, int Window, int Permutations, int KendallPermutations, int PpmiRank, int Seed,
        string Corpus, string? Tokenizer, string? Target, bool Overwrite, string[] Inputs)
    {
        /// <summary>The window's weights; null for a window of 1.</summary>
        public WindowWeights? Weights { get; init; }
    }

    /// <summary>
    /// A folder of checkpoints: every checkpoint compared as a single one is (one corpus count and
    /// one set of references for all), its table printed under its name and step, and with --out
    /// its files in a subfolder of its name; then the agreement curve across them, a
    /// <see cref="TrainingCurve"/> point per checkpoint over the same tokens, as a table and as
    /// curve.json and curve.png. The checkpoints are read one at a time.
    /// </summary>
    private static int CompareSeries(TextWriter output, TextWriter stderr, IProgress<string> progress, string dir, IReadOnlyList<CheckpointFolder> series, CompareSettings o)
    {
        // Every checkpoint's config first, so that a mismatch is found before any work.
        var configs = series.Select(c =>
        {
            try { return Qwen2Checkpoint.ReadConfig(c.Path); }
            catch (CheckpointException e) { throw new CliUsageException("--checkpoint", c.Path, e.Message); }
        }).ToArray();
        for (int i = 1; i < series.Count; i++)
            if (configs[i].VocabSize != configs[0].VocabSize)
                throw new CliUsageException("--checkpoint", dir,
                    $"{series[0].Name} has vocab_size {configs[0].VocabSize} but {series[i].Name} has {configs[i].VocabSize}: a curve compares checkpoints of one tokenizer");
        var savedHashes = series.Select(c => SavedTokenizer(c.Path) is { } t ? TokenizerFingerprint.Of(t) : null).ToArray();
        for (int i = 0; i < series.Count; i++)
            for (int j = i + 1; j < series.Count; j++)
                if (savedHashes[i] is { } a && savedHashes[j] is { } b && a != b)
                    throw new CliUsageException("--checkpoint", dir,
                        $"{series[i].Name} and {series[j].Name} were saved with different tokenizers (content {a} vs {b}): a curve compares checkpoints of one tokenizer");

        var source = LmInputs.ParseCorpus(o.Corpus);
        var tokenizerSpec = o.Tokenizer!;
        var tok = LmInputs.LoadTokenizer(tokenizerSpec, source, progress);
        for (int i = 0; i < series.Count; i++) CheckTokenizer(series[i].Path, configs[i].VocabSize, tok, tokenizerSpec);
        var counts = new CorpusPipeline(source, tok, o.Window).Count();
        if (counts.TokenCount == 0) throw new CliUsageException("--corpus", o.Corpus, "holds no tokens");
        var tokens = TopTokens.Select(counts, o.Top);
        if (tokens.Length < 3) throw new CliUsageException("--corpus", o.Corpus, $"has only {tokens.Length} distinct tokens; at least 3 are needed");
        var options = ComparisonSettings(o.Permutations, o.KendallPermutations, o.Seed, o.PpmiRank, o.Weights, tokens.Length);
        stderr.WriteLine(FormattableString.Invariant(
            $"{counts.TokenCount:N0} tokens counted; comparing the top {tokens.Length} in {series.Count} checkpoints of {dir} (steps {string.Join(", ", series.Select(c => c.Step))})"));
        stderr.WriteLine($"references over {tokens.Length} tokens (signatures, PPMI-SVD)");
        var references = LmComparison.References(counts, tokens, options);
        var curve = TrainingCurve.For(tokens, references.Single(x => x.Name == "next"), references.Single(x => x.Name == "previous"),
            TrainingCurve.DefaultOptions with { Seed = o.Seed });
        var strings = tokens.Select(tok.Tokenizer.TokenString).ToArray();
        var points = new List<TrainingCurvePoint>();
        var tied = new bool[series.Count];

        void Run(string? folder)
        {
            for (int i = 0; i < series.Count; i++)
            {
                var c = series[i];
                stderr.WriteLine($"checkpoint {c.Name} (step {c.Step}, {i + 1} of {series.Count})");
                ModelRows rows;
                try { rows = ModelRows.Read(c.Path); }
                catch (Exception e) when (e is CheckpointException or SafeTensorsException) { throw new CliUsageException("--checkpoint", c.Path, e.Message); }
                try
                {
                    tied[i] = rows.Tied;
                    var result = LmComparison.Compare(rows.Embedding, rows.Unembedding, rows.Tied, tokens, references, options, progress);
                    output.WriteLine($"{c.Name} (step {c.Step})");
                    LmCompareFiles.PrintTable(output, result);
                    output.WriteLine();
                    if (folder is not null)
                    {
                        var sub = Path.Combine(folder, c.Name);
                        Directory.CreateDirectory(sub);
                        LmCompareFiles.Write(sub, result, strings, LmCompareFiles.Checkpoint(c.Path), o.Corpus, tok.Id, counts);
                    }
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    var point = curve.Measure(c.Step, rows.Embedding, rows.Unembedding);
                    points.Add(point);
                    stderr.WriteLine(AgreementCurveFiles.ProgressLine(point, curve, clock.Elapsed));
                }
                finally
                {
                    // A 0.5B checkpoint's two V x d tensors are a gigabyte: one checkpoint at a time.
                    if (!ReferenceEquals(rows.Unembedding, rows.Embedding)) rows.Unembedding.Dispose();
                    rows.Embedding.Dispose();
                }
            }
            AgreementCurveFiles.PrintTable(output, curve, points, i => series[i].Name);
            if (folder is null) return;
            using (var stream = File.Create(Path.Combine(folder, "curve.json")))
                AgreementCurveFiles.WriteJson(stream, curve, points, strings, tied.All(t => t), json =>
                {
                    json.WriteString("checkpoints", Path.GetFullPath(dir));
                    json.WriteString("corpus", o.Corpus);
                    json.WriteString("tokenizer", tok.Id);
                    json.WriteNumber("tokens_counted", counts.TokenCount);
                    json.WriteString("tokens_compared", "the most frequent tokens of --corpus, as each compare.json's ids");
                }, (json, i) =>
                {
                    json.WriteString("checkpoint", series[i].Name);
                    json.WriteString("step_from", series[i].StepFrom);
                    json.WriteBoolean("tied", tied[i]);
                    json.WriteString("compare", $"{series[i].Name}/compare.json");
                });
            AgreementCurveFiles.WriteFigure(Path.Combine(folder, "curve.png"),
                AgreementCurveFiles.Plot("curve", $"agreement with the corpus signatures across the checkpoints (top {tokens.Length} tokens)", points, curve),
                new ScottPlotRenderer(), stderr);
        }

        if (o.Target is null)
        {
            Run(null);
            return 0;
        }
        AtomicOutput.WriteFolder(o.Target, "lm compare", Run, o.Overwrite, o.Inputs);
        stderr.WriteLine($"wrote {o.Target}");
        return 0;
    }

    /// <summary>The tokenizer files saved in a checkpoint folder, if it holds any.</summary>
    private static ITokenizer? SavedTokenizer(string dir)
    {
        if (!File.Exists(Path.Combine(dir, "vocab.json")) && !File.Exists(Path.Combine(dir, "tokenizer.json"))) return null;
        try { return TokenizerFiles.Load(dir); }
        catch (TokenizerFileException e) { throw new CliUsageException("--checkpoint", dir, "its tokenizer files cannot be read: " + e.Message); }
    }
}
