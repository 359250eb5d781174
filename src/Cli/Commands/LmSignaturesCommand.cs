using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MathNet.Numerics.LinearAlgebra;
using ProbSig.Cli.Options;
using ProbSig.Cli.Output;
using ProbSig.Empirics.Checkpoints;
using ProbSig.Empirics.Corpus.Pipeline;
using ProbSig.Empirics.Corpus;
using ProbSig.Empirics.LanguageModels.Comparison;
using ProbSig.Empirics.Tokenizers;
using ProbSig.Theory.Corpus;

namespace ProbSig.Cli.Commands;

/// <summary>
/// `probsig lm signatures`: next- and previous-token signatures of a corpus (THEORY 3.4)
/// over its most frequent tokens, counted in one streaming pass (optionally one shard of
/// it), and `probsig lm signatures merge` to add shard counts exactly.
/// </summary>
internal static class LmSignaturesCommand
{
    public static Command Create()
    {
        var corpus = new Option<string?>("--corpus") { Description = LmInputs.CorpusHelp };
        var counts = new Option<string?>("--counts") { Description = "Use a counts file (from an earlier run or a merge) instead of --corpus." };
        var tokenizer = new Option<string>("--tokenizer") { Description = LmInputs.TokenizerHelp, DefaultValueFactory = _ => "qwen2.5" };
        var top = new Option<int>("--top") { Description = "Compare the N most frequent tokens.", DefaultValueFactory = _ => TopTokens.DefaultCount };
        var window = new Option<int>("--window") { Description = "Count (token, k-th next token) pairs for k = 1..w.", DefaultValueFactory = _ => 1 };
        var weights = new Option<string>("--weights") { Description = LmInputs.WeightsHelp, DefaultValueFactory = _ => "uniform" };
        var shard = new Option<string>("--shard") { Description = "Count only part i of n (documents whose position % n == i); auto takes i and n from a Slurm job array " +
            "(SLURM_ARRAY_TASK_ID and the array's size) or a Kubernetes Indexed Job (JOB_COMPLETION_INDEX and JOB_COMPLETIONS).", DefaultValueFactory = _ => "0/1" };
        var ppmiRank = new Option<int>("--ppmi-rank") { Description = "Rank of the PPMI-SVD rival (Levy, Goldberg & Dagan 2015; smoothing 0.75) written beside the signatures; 0 skips it.", DefaultValueFactory = _ => PpmiSvd.DefaultRank };
        var outDir = new Option<string>("--out") { Description = "Output folder.", Required = true };

        var command = new Command("signatures", "Next- and previous-token signatures of a corpus over its most frequent tokens (counts, signatures, cosines, token strings).");
        var overwrite = OutputOptions.CreateOverwrite();
        foreach (var o in new Option[] { corpus, counts, tokenizer, top, window, weights, shard, ppmiRank, outDir, overwrite }) command.Add(o);
        command.Add(CreateMerge());
        command.SetAction(r =>
        {
            int n = r.GetValue(top), w = r.GetValue(window);
            if (n < 2) throw new CliUsageException("--top", n.ToString(CultureInfo.InvariantCulture), "must be at least 2");
            if (w < 1) throw new CliUsageException("--window", w.ToString(CultureInfo.InvariantCulture), "must be at least 1");
            var windowWeights = LmInputs.ParseWeights(r.GetValue(weights)!, w);
            ShardSelector part;
            var shardText = r.GetValue(shard)!;
            try
            {
                if (shardText != "auto") part = ShardSelector.Parse(shardText);
                else
                {
                    (part, var scheduler) = SchedulerShard.FromEnvironment(Environment.GetEnvironmentVariable);
                    r.InvocationConfiguration.Error.WriteLine($"shard {part} from {scheduler}");
                }
            }
            catch (FormatException e) { throw new CliUsageException("--shard", shardText, e.Message); }
            var corpusSpec = r.GetValue(corpus);
            var countsPath = r.GetValue(counts);
            if ((corpusSpec is null) == (countsPath is null))
                throw new CliUsageException("--corpus", corpusSpec ?? "", "give exactly one of --corpus and --counts");

            // The output folder before any counting: it must not hold an input (the counts file
            // read with --counts, a corpus or tokenizer file) nor files of others.
            var inputs = LmInputs.PathsOf(corpusSpec, countsPath, r.GetValue(tokenizer)).ToArray();
            AtomicOutput.CheckFolder(r.GetValue(outDir)!, r.GetValue(overwrite), "lm signatures", inputs);
            using var folderLock = OutputLock.Acquire(r.GetValue(outDir)!, "lm signatures");
            var stderr = r.InvocationConfiguration.Error;
            var progress = new Progress<string>(line => stderr.WriteLine(line));
            var source = corpusSpec is null ? null : LmInputs.ParseCorpus(corpusSpec);
            var tok = LmInputs.LoadTokenizer(r.GetValue(tokenizer)!, source, progress);
            var tokHash = TokenizerFingerprint.Of(tok.Tokenizer);
            CorpusCounts table;
            var clock = Stopwatch.StartNew();
            if (countsPath is not null)
            {
                if (!File.Exists(countsPath)) throw new CliUsageException("--counts", countsPath, "no such file");
                // The ids in the counts mean the strings of the tokenizer that made them: another
                // tokenizer of the same size would pair them with the wrong strings in tokens.json.
                if (CountsFile.ReadHeader(countsPath).TokenizerHash is { } made && made != tokHash)
                    throw new CliUsageException("--tokenizer", tok.Id, $"is not the tokenizer {countsPath} was counted with (content {made}; this one is {tokHash})");
                table = CountsFile.Read(countsPath);
                if (table.VocabularySize != tok.Tokenizer.VocabularySize)
                    throw new CliUsageException("--tokenizer", tok.Id, $"has {tok.Tokenizer.VocabularySize} tokens but the counts were made with {table.VocabularySize}");
            }
            else
            {
                var pipeline = new CorpusPipeline(source!, tok, w, part);
                table = pipeline.Count(
                    c => stderr.WriteLine($"counted {c.DocumentCount:N0} documents, {c.TokenCount:N0} tokens ({c.TokenCount / Math.Max(clock.Elapsed.TotalSeconds, 1e-9):N0} tokens/s)"),
                    progressEveryDocuments: 100);
                foreach (var line in pipeline.Report.Lines()) stderr.WriteLine(line);
            }
            if (table.TokenCount == 0)
                throw new CliUsageException(corpusSpec is null ? "--counts" : "--corpus", corpusSpec ?? countsPath!, "holds no tokens: there is nothing to count signatures of");
            double seconds = clock.Elapsed.TotalSeconds;
            if (table.Window < w) throw new CliUsageException("--window", w.ToString(CultureInfo.InvariantCulture), $"the counts hold offsets up to {table.Window} only");

            var tokens = TopTokens.Select(table, n);
            var next = CorpusSignatures.Compute(table, SignatureSide.Next, tokens, windowWeights);
            var previous = CorpusSignatures.Compute(table, SignatureSide.Previous, tokens, windowWeights);
            var nextCos = CorpusSignatureSimilarity.Centred(next);
            var prevCos = CorpusSignatureSimilarity.Centred(previous);
            int rank = r.GetValue(ppmiRank);
            if (rank < 0) throw new CliUsageException("--ppmi-rank", rank.ToString(CultureInfo.InvariantCulture), "must be 0 (skip) or positive");
            // The count-based rival from the same (token, next-token) counts, so every
            // comparison can say whether the signature beats it: the one route `lm compare`
            // and the claims take too (libtorch's solver, exact).
            Matrix<double>? ppmiCos = rank == 0 ? null : CorpusReference.PpmiSvdRival(table, tokens, rank).Cosine;

            AtomicOutput.WriteFolder(r.GetValue(outDir)!, "lm signatures", dir =>
            {
                if (countsPath is null) CountsFile.Write(table, Path.Combine(dir, "counts.pscounts"), tokHash, [source!.Id]);
                WriteNpy(Path.Combine(dir, "next_signature.npy"), next.Rows);
                WriteNpy(Path.Combine(dir, "previous_signature.npy"), previous.Rows);
                WriteNpy(Path.Combine(dir, "next_cosine.npy"), nextCos);
                WriteNpy(Path.Combine(dir, "previous_cosine.npy"), prevCos);
                if (ppmiCos is not null) WriteNpy(Path.Combine(dir, "ppmi_svd_cosine.npy"), ppmiCos);
                using (var s = File.Create(Path.Combine(dir, "tokens.json")))
                using (var json = new Utf8JsonWriter(s, new JsonWriterOptions { Indented = true }))
                {
                    json.WriteStartObject();
                    json.WriteString("tokenizer", tok.Id);
                    json.WriteString("corpus", corpusSpec ?? countsPath);
                    json.WriteNumber("tokens_counted", table.TokenCount);
                    json.WriteNumber("documents", table.DocumentCount);
                    json.WriteString("shards", string.Join(",", table.Shards));
                    json.WriteNumber("window", w);
                    json.WriteString("weights", windowWeights.Description);
                    json.WriteNumber("count_seconds", seconds);
                    json.WriteString("signature_columns", $"the {tokens.Length} tokens in this order, then one 'other' bucket for every other token");
                    json.WriteString("cosine", "centred by the pair-weighted mean row; NaN where a token has no pair on that side");
                    json.WritePropertyName("ids");
                    json.WriteStartArray();
                    foreach (var t in tokens) json.WriteNumberValue(t);
                    json.WriteEndArray();
                    json.WritePropertyName("strings");
                    json.WriteStartArray();
                    foreach (var t in tokens) json.WriteStringValue(tok.Tokenizer.TokenString(t));
                    json.WriteEndArray();
                    json.WritePropertyName("counts");
                    json.WriteStartArray();
                    foreach (var t in tokens) json.WriteNumberValue(table.Unigram(t));
                    json.WriteEndArray();
                    json.WriteEndObject();
                }
            }, r.GetValue(overwrite), inputs);
            stderr.WriteLine($"{table.TokenCount:N0} tokens in {table.DocumentCount:N0} documents, {table.TokenCount / Math.Max(seconds, 1e-9):N0} tokens/s; wrote {r.GetValue(outDir)}");
            return 0;
        });
        return command;
    }

    private static Command CreateMerge()
    {
        var inputs = new Argument<string[]>("counts") { Description = "Counts files of the shards (counts.pscounts).", Arity = ArgumentArity.OneOrMore };
        var outFile = new Option<string>("--out") { Description = "The merged counts file.", Required = true };
        var merge = new Command("merge", "Add shard counts files; the merge of n shards equals the single pass exactly.");
        var overwrite = OutputOptions.CreateOverwrite();
        merge.Add(inputs);
        merge.Add(outFile);
        merge.Add(overwrite);
        merge.SetAction(r =>
        {
            var files = r.GetValue(inputs)!;
            foreach (var f in files)
                if (!File.Exists(f)) throw new CliUsageException("counts", f, "no such file");
            // Merging into one of the inputs, or over a file of the user's, is refused up front.
            AtomicOutput.CheckFile(r.GetValue(outFile)!, r.GetValue(overwrite), files);
            // Counts made with different tokenizers cannot be added: their ids mean different strings.
            var headers = files.Select(CountsFile.ReadHeader).ToArray();
            var hashes = files.Zip(headers, (f, h) => (File: f, Hash: h.TokenizerHash)).Where(x => x.Hash is not null).ToArray();
            if (hashes.FirstOrDefault(x => x.Hash != hashes[0].Hash) is { File: not null } other)
                throw new CliUsageException("counts", other.File, $"was counted with another tokenizer (content {other.Hash}) than {hashes[0].File} ({hashes[0].Hash})");
            var total = CountsFile.Read(files[0]);
            foreach (var f in files.Skip(1))
            {
                try { total.Merge(CountsFile.Read(f)); }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException) { throw new CliUsageException("counts", f, e.Message); }
            }
            var target = Path.GetFullPath(r.GetValue(outFile)!);
            // The merge holds every corpus its parts counted; which is unknown if one part does not say.
            var corpora = headers.All(h => h.Corpora is not null) ? headers.SelectMany(h => h.Corpora!) : null;
            CountsFile.Write(total, target, hashes.Length > 0 ? hashes[0].Hash : null, corpora);
            r.InvocationConfiguration.Error.WriteLine($"merged {files.Length} files: {total.TokenCount:N0} tokens, shards {string.Join(",", total.Shards)}");
            return 0;
        });
        return merge;
    }

    private static void WriteNpy(string path, Matrix<double> m)
    {
        using var s = File.Create(path);
        // Math.NET's row-major copy, not a 2D array copied once more entry by entry (0.1 s a
        // 2048 x 2048 file in the Debug build); the same bytes.
        Npy.WriteFloat64(s, m.ToRowMajorArray(), m.RowCount, m.ColumnCount);
    }
}
